import NeuralCore
import WorkspaceStore

/// Paper §3.5, Figure 6: holdout MAP and recall@100 for feature sets × tower depths.
public enum DepthFeaturesExperiment {
  /// One cell of the table.
  public struct Row: Sendable, Codable, Equatable {
    /// Feature-set name ("watches", "+searches", "+example age", "all").
    public var features: String
    /// Tower depth, 0–4.
    public var depth: Int
    /// Tower widths used.
    public var widths: [Int]
    /// Test MAP@100.
    public var map: Double
    /// Test recall@100.
    public var recall: Double
    /// Epoch kept by early stopping.
    public var bestEpoch: Int
    /// Recall@100 on the cold-start targets (``EvaluationSplit/coldTest``); nil when there are none.
    public var coldRecall: Double?
  }

  /// Trains one model per (feature set, depth) on the same split and measures each on the test targets.
  ///
  /// - Parameter progress: each model's training, step by step.
  public static func run(
    columns: EventColumns, split: EvaluationSplit, base: CandidateConfig, depths: [Int] = Array(0...4),
    featureSets: [(name: String, features: CandidateConfig.Features)] = CandidateConfig.Features.paperSets,
    progress: ProgressHandler = { _ in }
  ) throws(CandidateError) -> [Row] {
    var rows: [Row] = []
    let total = depths.count * featureSets.count
    for set in featureSets {
      for depth in depths {
        var config = base
        config.features = set.features
        config.towerWidths = CandidateConfig.towerWidths(depth: depth, outputDimension: base.outputDimension)
        let number = rows.count + 1
        let result = try CandidateTrainer.train(
          columns: columns, split: split, config: config,
          progress: { progress($0.report(model: "\(set.name), depth \(depth)", number: number, of: total)) })
        let metrics = CandidateEvaluation.compare([result.generator], targets: split.test, ks: [100])[0]
        let cold =
          split.coldTest.isEmpty
          ? nil : CandidateEvaluation.compare([result.generator], targets: split.coldTest, ks: [100])[0]
        rows.append(
          Row(
            features: set.name, depth: depth, widths: config.towerWidths, map: metrics.at(100)?.map ?? 0,
            recall: metrics.at(100)?.recall ?? 0, bestEpoch: result.bestEpoch,
            coldRecall: cold.map { $0.at(100)?.recall ?? 0 }))
      }
    }
    return rows
  }
}
