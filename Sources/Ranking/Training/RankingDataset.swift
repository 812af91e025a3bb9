import CandidateGeneration
import WorkspaceStore

/// The logged impressions of a workspace as ranking examples, split by time (Paper §4.3):
/// train on impressions before a cutoff, stop early on the day before it, evaluate on the
/// day(s) after it.
public struct RankingDataset: Sendable {
  /// Impressions before the validation window.
  public var training: RankingExamples
  /// Impressions in the validation window (early stopping).
  public var validation: RankingExamples
  /// Impressions from the cutoff on (the reported figures).
  public var holdout: RankingExamples
  /// Start of the holdout, Unix seconds.
  public var cutoff: Int64
  /// Start of the validation window.
  public var validationStart: Int64

  /// Builds every example (with candidate-generation features from `generator`) and splits it.
  ///
  /// - Throws: ``RankingError/insufficientData(_:)`` when a split has no clicked impression.
  public init(
    columns: EventColumns, builder: RankingFeatureBuilder, generator: CandidateGenerator, config: RankingConfig,
    progress: (String, Int, Int) -> Void = { _, _, _ in }
  ) throws(RankingError) {
    guard let last = columns.impressions.time.max() else {
      throw .insufficientData("the workspace has no impressions; the ranking model learns from logged impressions")
    }
    var all = builder.loggedImpressions { progress("impressions → features", $0, $1) }
    CandidateScoring.fill(&all, generator: generator) { progress("candidate-model scores and ranks", $0, $1) }
    cutoff = last + 1 - Int64(config.holdoutDays) * 86_400
    validationStart = cutoff - Int64(config.validationDays) * 86_400
    training = all.filter(requestTimes: Int64.min..<validationStart)
    validation = all.filter(requestTimes: validationStart..<cutoff)
    holdout = all.filter(requestTimes: cutoff..<Int64.max)
    for (name, part) in [("training", training), ("validation", validation), ("holdout", holdout)] {
      guard part.clicked.contains(true) else {
        throw .insufficientData(
          "the \(name) impressions (holdout \(config.holdoutDays) day(s), validation \(config.validationDays) "
            + "day(s) before it) have no click")
      }
    }
  }
}
