import NeuralCore
import WorkspaceStore

/// One of the configurations a workspace's defaults race on validation.
public struct CandidateContender: Sendable, Equatable {
  /// A short name (`sequence`, `set`, `paper`) that `train candidates --contender` accepts.
  public var name: String
  /// The configuration trained for this contender.
  public var config: CandidateConfig
  /// What the contender models, for `--show-config` and the training report.
  public var summary: String

  /// A contender.
  public init(name: String, config: CandidateConfig, summary: String) {
    self.name = name
    self.config = config
    self.summary = summary
  }
}

/// Trains each contender on the same split and keeps the one whose kept epoch has the highest
/// validation recall@100 (the metric that already picks the epoch within a run). The test
/// targets are never read. Contenders train one after another and only the best model so far is
/// held, so a race needs the memory of one training run.
public enum CandidateRace {
  /// How one contender did.
  public struct Entry: Sendable, Codable, Equatable {
    /// The contender's name.
    public var name: String
    /// Validation recall@100 of its kept epoch.
    public var validationRecall: Double
    /// Its kept epoch.
    public var bestEpoch: Int
    /// Epochs it ran.
    public var epochs: Int
    /// Seconds its training steps took.
    public var seconds: Double
  }

  /// A race's outcome.
  public struct Result: Sendable {
    /// The winner's training run.
    public var winner: CandidateTrainer.Result
    /// The winner's contender.
    public var contender: CandidateContender
    /// Every contender's figures, in the order they ran.
    public var entries: [Entry]
  }

  /// Trains every contender in turn (ties go to the earlier one).
  ///
  /// - Parameter progress: the contender being trained and its trainer's progress.
  /// - Throws: the first contender's ``CandidateError``: a failed contender fails the race, so
  ///   a workspace never silently loses a model family to an error.
  public static func run(
    columns: EventColumns, split: EvaluationSplit, contenders: [CandidateContender],
    collective: any Collective = SingleProcess(),
    progress: (CandidateContender, CandidateTrainer.Progress) -> Void = { _, _ in },
    isCancelled: () -> Bool = { false }
  ) throws(CandidateError) -> Result {
    var best: (result: CandidateTrainer.Result, contender: CandidateContender, recall: Double)?
    var entries: [Entry] = []
    for contender in contenders {
      let result = try CandidateTrainer.train(
        columns: columns, split: split, config: contender.config, collective: collective,
        progress: { progress(contender, $0) },
        isCancelled: isCancelled)
      let recall = result.history.first { $0.epoch == result.bestEpoch }?.validationRecall ?? 0
      entries.append(
        Entry(
          name: contender.name, validationRecall: recall, bestEpoch: result.bestEpoch, epochs: result.history.count,
          seconds: result.history.reduce(0) { $0 + $1.seconds }))
      if best.map({ recall > $0.recall }) ?? true {
        best = (result, contender, recall)
      }
    }
    guard let best else {
      throw .invalidConfiguration(field: "contenders", reason: "a race needs at least one contender")
    }
    return Result(winner: best.result, contender: best.contender, entries: entries)
  }
}
