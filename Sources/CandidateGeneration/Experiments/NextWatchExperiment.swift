import NeuralCore
import WorkspaceStore

/// Paper §3.4, Figure 5: labels as the next watch with a rolled-back history, against a random
/// held-out watch with every other watch (earlier and later) as input. Both are tested on
/// predicting the real next watch.
public enum NextWatchExperiment {
  /// One labelling's result.
  public struct Row: Sendable, Codable, Equatable {
    /// The label selection.
    public var labels: String
    /// Test metrics.
    public var metrics: ScorerMetrics
    /// Test metrics on the subset of targets picked by the caller (e.g. episodes of a series).
    public var subsetMetrics: ScorerMetrics?
  }

  /// Trains one model per label selection and measures both on the same test targets.
  ///
  /// - Parameter subset: picks targets for a second measurement (for example, targets whose
  ///   video continues a series, where order matters most).
  public static func run(
    columns: EventColumns, split: EvaluationSplit, base: CandidateConfig,
    subset: ((PredictionTarget) -> Bool)? = nil, progress: ProgressHandler = { _ in }
  ) throws(CandidateError) -> [Row] {
    let subsetTargets = subset.map { split.test.filter($0) }
    var rows: [Row] = []
    let selections = CandidateConfig.LabelSelection.allCases
    for (i, selection) in selections.enumerated() {
      var config = base
      config.labelSelection = selection
      let result = try CandidateTrainer.train(
        columns: columns, split: split, config: config,
        progress: { progress($0.report(model: "\(selection.rawValue) labels", number: i + 1, of: selections.count)) })
      var generator = result.generator
      generator.name = selection.rawValue
      rows.append(
        Row(
          labels: selection.rawValue, metrics: CandidateEvaluation.compare([generator], targets: split.test)[0],
          subsetMetrics: subsetTargets.flatMap {
            $0.isEmpty ? nil : CandidateEvaluation.compare([generator], targets: $0)[0]
          }))
    }
    return rows
  }
}
