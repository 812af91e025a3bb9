import NeuralCore
import WorkspaceStore

/// Paper §4.3, Table 1: holdout weighted per-user loss by hidden-layer configuration, plus the
/// two ablations (equal weights, i.e. plain CTR; no feature powers) on the deepest configuration.
public enum RankingDepthExperiment {
  /// One row of the table.
  public struct Row: Sendable, Codable, Equatable {
    /// The paper's name of the configuration ("none", "256", ..., "1024-512-256"), or the ablation.
    public var configuration: String
    /// The widths actually trained.
    public var widths: [Int]
    /// The example weighting.
    public var weighting: String
    /// Whether the powers were used.
    public var powers: Bool
    /// Holdout weighted per-user loss.
    public var weightedPerUserLoss: Double
    /// Holdout AUC.
    public var auc: Double
    /// Epoch kept by early stopping.
    public var bestEpoch: Int
    /// Training seconds.
    public var seconds: Double

    /// A row with every figure.
    public init(
      configuration: String, widths: [Int], weighting: String, powers: Bool, weightedPerUserLoss: Double,
      auc: Double, bestEpoch: Int, seconds: Double
    ) {
      self.configuration = configuration
      self.widths = widths
      self.weighting = weighting
      self.powers = powers
      self.weightedPerUserLoss = weightedPerUserLoss
      self.auc = auc
      self.bestEpoch = bestEpoch
      self.seconds = seconds
    }
  }

  /// Trains every configuration on the same dataset and measures each on its holdout.
  ///
  /// - Parameters:
  ///   - scale: multiplies the paper's widths (0.25 trains on two cores in minutes).
  ///   - progress: each model's training, step by step.
  public static func run(
    columns: EventColumns, dataset: RankingDataset, base: RankingConfig, scale: Double,
    progress: ProgressHandler = { _ in }
  ) throws(RankingError) -> [Row] {
    let towers = RankingConfig.table1Towers(scale: scale)
    var runs: [(name: String, config: RankingConfig)] = towers.map { tower in
      var config = base
      config.hiddenWidths = tower.widths
      config.weighting = .watchTime
      config.powers = true
      return (tower.name, config)
    }
    if var deepest = runs.last?.config {
      let name = towers.last?.name ?? "deepest"
      deepest.weighting = .equal
      runs.append(("\(name), equal weights", deepest))
      deepest.weighting = .watchTime
      deepest.powers = false
      runs.append(("\(name), no powers", deepest))
    }
    var rows: [Row] = []
    for (i, run) in runs.enumerated() {
      let result = try RankingTrainer.train(
        columns: columns, dataset: dataset, config: run.config,
        progress: { progress($0.report(model: run.name, number: i + 1, of: runs.count)) })
      let lookup = RankingFeatureLookup(columns: columns, space: result.model.space)
      let metrics = RankingEvaluation.metrics(
        name: run.name, scores: result.model.logits(dataset.holdout, columns: columns, lookup: lookup),
        examples: dataset.holdout, predictsWatchTime: run.config.weighting.predictsWatchTime)
      rows.append(
        Row(
          configuration: run.name, widths: run.config.hiddenWidths, weighting: run.config.weighting.rawValue,
          powers: run.config.powers, weightedPerUserLoss: metrics.weightedPerUserLoss, auc: metrics.auc,
          bestEpoch: result.bestEpoch, seconds: result.history.reduce(0) { $0 + $1.seconds }))
    }
    return rows
  }
}
