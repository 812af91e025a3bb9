import NeuralCore
import WorkspaceStore

/// Paper §3.4, Figure 5: labels as the next watch with a rolled-back history, against a random
/// held-out watch with every other training watch (earlier and later) as input. Both are tested
/// on predicting the real next watch, over several training seeds, and compared target by target.
public enum NextWatchExperiment {
  /// One labelling's result.
  public struct Row: Sendable, Codable, Equatable {
    /// The label selection.
    public var labels: String
    /// Test metrics, the mean over the training seeds.
    public var metrics: ScorerMetrics
    /// Test metrics on the subset of targets picked by the caller (e.g. episodes of a series),
    /// the mean over the training seeds.
    public var subsetMetrics: ScorerMetrics?
    /// Test MAP@100 of each training seed, in seed order.
    public var seedMAP100: [Double]

    /// A row.
    public init(labels: String, metrics: ScorerMetrics, subsetMetrics: ScorerMetrics?, seedMAP100: [Double]) {
      self.labels = labels
      self.metrics = metrics
      self.subsetMetrics = subsetMetrics
      self.seedMAP100 = seedMAP100
    }
  }

  /// Next-watch minus random held-out on one figure: per target, each labelling's value averaged
  /// over the training seeds, then the paired difference's mean and standard error over targets.
  public struct Gain: Sendable, Codable, Equatable {
    /// The figure, e.g. "MAP@100".
    public var figure: String
    /// The mean gain and its standard error.
    public var gain: MeanWithError

    /// A gain.
    public init(figure: String, gain: MeanWithError) {
      self.figure = figure
      self.gain = gain
    }
  }

  /// The experiment's result.
  public struct Result: Sendable, Codable, Equatable {
    /// One row per label selection, next-watch first.
    public var rows: [Row]
    /// Next-watch minus random held-out, paired per target.
    public var gains: [Gain]
    /// The training seeds.
    public var seeds: [UInt64]
    /// Test targets.
    public var targets: Int

    /// A result.
    public init(rows: [Row], gains: [Gain], seeds: [UInt64], targets: Int) {
      self.rows = rows
      self.gains = gains
      self.seeds = seeds
      self.targets = targets
    }
  }

  /// The figures whose paired gain is reported: name, cut-off and the per-target value.
  static let gainFigures: [(name: String, k: Int, value: @Sendable (TargetFigures) -> Double)] = [
    ("HR@10", 10, { $0.hit }), ("recall@100", 100, { $0.recall }), ("MAP@100", 100, { $0.averagePrecision }),
    ("NDCG@100", 100, { $0.ndcg }),
  ]

  /// Trains one model per label selection and training seed (`base.seed`, `base.seed + 1`, …)
  /// and measures each on the same test targets.
  ///
  /// - Parameters:
  ///   - seeds: training seeds per label selection (at least 1).
  ///   - subset: picks targets for a second measurement (for example, targets whose video
  ///     continues a series, where order matters most).
  /// - Complexity: `2 × seeds` trainings.
  public static func run(
    columns: EventColumns, split: EvaluationSplit, base: CandidateConfig, seeds: Int = 3,
    subset: ((PredictionTarget) -> Bool)? = nil, progress: ProgressHandler = { _ in }
  ) throws(CandidateError) -> Result {
    let seedList = (0..<max(1, seeds)).map { base.seed &+ UInt64($0) }
    let targets = split.test
    let relevant = targets.map(\.videos)
    let subsetTargets = subset.map { targets.filter($0) }
    let selections = CandidateConfig.LabelSelection.allCases
    let k = RankedListMetrics.standardKs.max() ?? 100
    var rows: [Row] = []
    // perTarget[selection][figure][target]: the figure averaged over the seeds.
    var perTarget = [[[Double]]](
      repeating: [[Double]](repeating: [Double](repeating: 0, count: targets.count), count: gainFigures.count),
      count: selections.count)
    for (s, selection) in selections.enumerated() {
      var seedMetrics: [ScorerMetrics] = []
      var seedSubsetMetrics: [ScorerMetrics] = []
      for seed in seedList {
        var config = base
        config.labelSelection = selection
        config.seed = seed
        let number = s * seedList.count + seedMetrics.count + 1
        let result = try CandidateTrainer.train(
          columns: columns, split: split, config: config,
          progress: {
            progress(
              $0.report(
                model: "\(selection.rawValue) labels, seed \(seed)", number: number,
                of: selections.count * seedList.count))
          })
        let lists = result.generator.recommend(targets, k: k, excludeHistory: true)
        // Each target's figures once per cut-off: their means are the table, their values the gains.
        let byK = RankedListMetrics.standardKs.map {
          (k: $0, figures: RankedListMetrics.figures(lists: lists, relevant: relevant, k: $0))
        }
        seedMetrics.append(
          ScorerMetrics(name: selection.rawValue, metrics: byK.map { RankedListMetrics.mean($0.figures, k: $0.k) }))
        for (f, figure) in gainFigures.enumerated() {
          guard let atK = byK.first(where: { $0.k == figure.k })?.figures else { continue }
          for t in targets.indices { perTarget[s][f][t] += figure.value(atK[t]) / Double(seedList.count) }
        }
        if let subsetTargets, !subsetTargets.isEmpty {
          seedSubsetMetrics.append(CandidateEvaluation.compare([result.generator], targets: subsetTargets)[0])
        }
      }
      rows.append(
        Row(
          labels: selection.rawValue, metrics: ScorerMetrics.mean(of: seedMetrics, name: selection.rawValue),
          subsetMetrics: seedSubsetMetrics.isEmpty
            ? nil : ScorerMetrics.mean(of: seedSubsetMetrics, name: selection.rawValue),
          seedMAP100: seedMetrics.map { $0.at(100)?.map ?? 0 }))
    }
    let next = selections.firstIndex(of: .nextWatch) ?? 0
    let random = selections.firstIndex(of: .randomHeldOut) ?? 1
    let gains = gainFigures.indices.map { f in
      Gain(figure: gainFigures[f].name, gain: MeanWithError(differences: perTarget[next][f], perTarget[random][f]))
    }
    return Result(rows: rows, gains: gains, seeds: seedList, targets: targets.count)
  }
}

extension ScorerMetrics {
  /// The metrics of several runs of one scorer, averaged at each cut-off.
  ///
  /// - Precondition: every run measures the same cut-offs in the same order.
  public static func mean(of runs: [ScorerMetrics], name: String) -> ScorerMetrics {
    guard let first = runs.first else { return ScorerMetrics(name: name, metrics: []) }
    let n = Double(runs.count)
    let metrics = first.metrics.indices.map { i in
      MetricsAtK(
        k: first.metrics[i].k, recall: runs.reduce(0) { $0 + $1.metrics[i].recall } / n,
        hitRate: runs.reduce(0) { $0 + $1.metrics[i].hitRate } / n,
        map: runs.reduce(0) { $0 + $1.metrics[i].map } / n, ndcg: runs.reduce(0) { $0 + $1.metrics[i].ndcg } / n)
    }
    return ScorerMetrics(name: name, metrics: metrics)
  }
}
