import Foundation
import NeuralCore
import WorkspaceStore

/// The history encoders side by side on one workspace: the paper's mean bag, the mean bag with a
/// block of the last watches, the recency-weighted bag and causal self-attention, trained with the
/// same settings (the workspace's defaults) but for the encoder, and measured on the same test targets.
public enum EncoderExperiment {
  /// One encoder's result.
  public struct Row: Sendable, Codable, Equatable {
    /// The variant's name.
    public var name: String
    /// Test metrics.
    public var metrics: ScorerMetrics
    /// Seconds spent in training steps (all epochs run).
    public var trainingSeconds: Double
    /// The epoch kept (best validation recall@100).
    public var bestEpoch: Int
    /// Validation recall@100 after each epoch, with the cumulative training seconds.
    public var curve: [Point]
  }

  /// One point of a validation curve.
  public struct Point: Sendable, Codable, Equatable {
    /// Cumulative training seconds.
    public var seconds: Double
    /// Validation recall@100.
    public var validationRecall: Double
  }

  /// The variants: the paper's mean bag, the mean bag with the last 3 watches as a block, the
  /// recency bag and the attention encoder. Each is `base` with only the encoder changed (and, for
  /// the attention encoder, the settings ``CandidateConfig/withEncoder(_:classes:)`` gives it when
  /// `base` is not already an attention configuration).
  public static func variants(base: CandidateConfig, classes: Int) -> [(name: String, config: CandidateConfig)] {
    var bag = base.withEncoder(.meanBag, classes: classes)
    bag.recentWatches = 0
    var recent = bag
    recent.recentWatches = 3
    return [
      ("mean bag (paper)", bag), ("mean bag + last 3", recent),
      ("recency bag", base.withEncoder(.recency, classes: classes)),
      ("attention", base.withEncoder(.attention, classes: classes)),
    ]
  }

  /// Trains every variant and measures each on the test targets.
  ///
  /// - Parameter progress: each variant's training, step by step.
  public static func run(
    columns: EventColumns, split: EvaluationSplit, variants: [(name: String, config: CandidateConfig)],
    progress: ProgressHandler = { _ in }
  ) throws(CandidateError) -> [Row] {
    var rows: [Row] = []
    for (i, variant) in variants.enumerated() {
      let result = try CandidateTrainer.train(
        columns: columns, split: split, config: variant.config,
        progress: { progress($0.report(model: variant.name, number: i + 1, of: variants.count)) })
      var generator = result.generator
      generator.name = variant.name
      var elapsed = 0.0
      let curve = result.history.map { record -> Point in
        elapsed += record.seconds
        return Point(seconds: elapsed, validationRecall: record.validationRecall)
      }
      rows.append(
        Row(
          name: variant.name,
          metrics: CandidateEvaluation.compare([generator], targets: split.test, ks: [10, 50, 100])[0],
          trainingSeconds: elapsed, bestEpoch: result.bestEpoch, curve: curve))
    }
    return rows
  }
}
