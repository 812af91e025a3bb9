import CandidateGeneration
import NeuralCore
import WorkspaceStore

/// Where ranking examples come from.
public enum ImpressionSource: String, Sendable, Codable, Equatable {
  /// The workspace's logged impressions (Paper §4: what was shown, clicked and watched).
  case logged
  /// Derived from watches: the candidate model's own slates (see ``DerivedImpressionsConfig``).
  case derived

  /// For people: "logged impressions" or "derived impressions (...)".
  public var label: String {
    switch self {
    case .logged: "logged impressions"
    case .derived: "derived impressions (the candidate model's slates around each watch)"
    }
  }
}

/// A workspace's ranking examples split for training, early stopping and evaluation.
///
/// From logged impressions the split is by time (Paper §4.3): train on impressions before a
/// cutoff, stop early on the day before it, evaluate on the day(s) after it. Without logged
/// impressions the examples are derived (``DerivedImpressions``) and split by the candidate
/// model's protocol: its training watches train, its validation and test targets validate and hold out.
public struct RankingDataset: Sendable {
  /// Logged or derived.
  public var source: ImpressionSource = .logged
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

  /// The examples of `columns`: logged impressions when there are any, derived ones otherwise.
  ///
  /// - Parameter split: the candidate model's split (used only for derived impressions).
  /// - Throws: ``RankingError/insufficientData(_:)`` when a part has no clicked impression.
  public static func make(
    columns: EventColumns, builder: RankingFeatureBuilder, generator: BoundCandidateModel, split: EvaluationSplit,
    foldGenerators: [BoundCandidateModel] = [], config: RankingConfig,
    progress: ProgressHandler = { _ in }
  ) throws(RankingError) -> RankingDataset {
    if columns.impressions.count > 0 {
      return try RankingDataset(
        columns: columns, builder: builder, generator: generator, foldGenerators: foldGenerators, config: config,
        progress: progress)
    }
    return try RankingDataset(
      derivedFrom: columns, split: split, builder: builder, generator: generator, foldGenerators: foldGenerators,
      config: config, progress: progress)
  }

  /// Examples derived from watches under `split` (see ``DerivedImpressions``).
  ///
  /// - Parameter foldGenerators: cross-fitted candidate models: `foldGenerators[k]` was trained
  ///   without the users `u` with `u % foldGenerators.count == k`, and makes their training pages
  ///   (empty: `generator` makes every page). Validation and holdout pages always come from
  ///   `generator`, which never saw those targets.
  /// - Throws: ``RankingError/insufficientData(_:)`` when the split leaves no training request or target.
  public init(
    derivedFrom columns: EventColumns, split: EvaluationSplit, builder: RankingFeatureBuilder,
    generator: BoundCandidateModel, foldGenerators: [BoundCandidateModel] = [], config: RankingConfig,
    progress: ProgressHandler = { _ in }
  ) throws(RankingError) {
    try config.derivedImpressions.validate()
    source = .derived
    let derived = config.derivedImpressions
    let requests = DerivedImpressions.trainingTargets(split: split, columns: columns, config: derived)
    guard !requests.isEmpty, !split.validation.isEmpty else {
      throw .insufficientData(
        "no user has enough watches for derived impressions (each needs 2 training watches and a validation watch)")
    }
    if foldGenerators.isEmpty {
      training = DerivedImpressions.examples(
        for: requests, builder: builder, generator: generator, config: derived
      ) { progress($0.relabeled("derived training pages (candidate-model slates)")) }
    } else {
      training = RankingExamples()
      let folds = foldGenerators.count
      for (k, foldGenerator) in foldGenerators.enumerated() {
        let mine = requests.filter { Int($0.user) % folds == k }
        training.append(
          DerivedImpressions.examples(for: mine, builder: builder, generator: foldGenerator, config: derived) {
            progress($0.relabeled("derived training pages, fold \(k + 1)/\(folds) (cross-fitted slates)"))
          })
      }
    }
    validation = DerivedImpressions.examples(
      for: split.validation, builder: builder, generator: generator, config: derived
    ) { progress($0.relabeled("derived validation pages")) }
    holdout = DerivedImpressions.examples(
      for: split.test, builder: builder, generator: generator, config: derived
    ) { progress($0.relabeled("derived holdout pages")) }
    cutoff = split.trainingWindowEnd
    validationStart = split.trainingWindowEnd
  }

  /// Builds every logged impression (with candidate-generation features) and splits it by time.
  ///
  /// - Parameter foldGenerators: cross-fitted candidate models, as for derived impressions:
  ///   `foldGenerators[k]` was trained without the users `u` with `u % foldGenerators.count == k`
  ///   and gives their training impressions' CG score and rank. `generator` was trained on the
  ///   training window's watches, the clicks of the training impressions among them, so its scores
  ///   of those impressions are in-sample: higher for the clicked videos than any score it gives
  ///   when it serves. A ranking model trained on them leans on the CG score more with every epoch
  ///   and its validation loss rises from the second epoch on. Empty: `generator` scores every
  ///   impression. Validation and holdout impressions always come from `generator`, which never
  ///   saw them.
  /// - Throws: ``RankingError/insufficientData(_:)`` when a split has no clicked impression.
  public init(
    columns: EventColumns, builder: RankingFeatureBuilder, generator: BoundCandidateModel,
    foldGenerators: [BoundCandidateModel] = [], config: RankingConfig, progress: ProgressHandler = { _ in }
  ) throws(RankingError) {
    guard let last = columns.impressions.time.max() else {
      throw .insufficientData("the workspace has no impressions; the ranking model learns from logged impressions")
    }
    let all = builder.loggedImpressions { progress($0.relabeled("impressions → features")) }
    cutoff = last + 1 - Int64(config.holdoutDays) * Seconds.perDay
    validationStart = cutoff - Int64(config.validationDays) * Seconds.perDay
    func scored(_ part: RankingExamples, by generator: BoundCandidateModel, _ name: String) -> RankingExamples {
      var part = part
      CandidateScoreFeatures.fill(&part, generator: generator) {
        progress($0.relabeled("candidate-model scores and ranks (\(name))"))
      }
      return part
    }
    let trainingPart = all.filter(requestTimes: Int64.min..<validationStart)
    if foldGenerators.isEmpty {
      training = scored(trainingPart, by: generator, "training")
    } else {
      training = RankingExamples()
      let folds = foldGenerators.count
      for (k, foldGenerator) in foldGenerators.enumerated() {
        training.append(
          scored(
            trainingPart.filter(users: { Int($0) % folds == k }), by: foldGenerator,
            "training, fold \(k + 1)/\(folds), cross-fitted"))
      }
    }
    validation = scored(all.filter(requestTimes: validationStart..<cutoff), by: generator, "validation")
    holdout = scored(all.filter(requestTimes: cutoff..<Int64.max), by: generator, "holdout")
    for (name, part) in [("training", training), ("validation", validation), ("holdout", holdout)] {
      guard part.clicked.contains(true) else {
        throw .insufficientData(
          "the \(name) impressions (holdout \(config.holdoutDays) day(s), validation \(config.validationDays) "
            + "day(s) before it) have no click")
      }
    }
  }
}
