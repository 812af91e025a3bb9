import CandidateGeneration
import Foundation
import NeuralCore
import Ranking
import Recommendation
import Retrieval
import WorkspaceStore

/// The application layer between the engine and the front ends (CLI, explorer, benchmarks): a
/// workspace with its columns loaded once, its models loaded once and checked against the data
/// they were trained on, the ANN index cached, training that saves only what succeeded, and the
/// explorer's saved weights.
///
/// A session never trains over a model it found: a missing model is ``ModelSlot/missing(_:)``, a
/// corrupt or foreign one ``ModelSlot/unusable(_:)``, and the front end decides.
public struct WorkspaceSession: Sendable {
  /// The workspace.
  public let workspace: Workspace
  /// Its events in columns.
  public let columns: EventColumns
  /// Its identity and counts now.
  public let fingerprint: WorkspaceFingerprint
  /// The candidate model.
  public private(set) var candidates: ModelSlot<CandidateModelInfo>
  /// The ranking model.
  public private(set) var ranking: ModelSlot<RankingModelInfo>
  /// Things the user should know about the models (data changed since training, say).
  public private(set) var warnings: [String] = []
  private var cachedIndex: HNSWIndex?

  /// The on-disk names.
  public var layout: WorkspaceLayout { workspace.layout }

  /// Opens the workspace at `url`, loads its columns and whatever models it holds.
  ///
  /// - Throws: ``WorkspaceError`` when there is no workspace or its database cannot be read.
  ///   Model problems do not throw: they are recorded in ``candidates`` and ``ranking``.
  public static func open(_ url: URL) throws -> WorkspaceSession {
    let workspace = try Workspace(at: url)
    return try WorkspaceSession(workspace: workspace, columns: workspace.loadColumns())
  }

  /// A session over an open workspace and its loaded columns.
  public init(workspace: Workspace, columns: EventColumns) throws {
    self.workspace = workspace
    self.columns = columns
    // The columns hold every row already: no COUNT(*) over the event tables.
    fingerprint = WorkspaceFingerprint(id: try workspace.metadata("workspace_id"), columns: columns)
    candidates = .missing(.missingModel(.candidates, directory: workspace.layout.candidateModel.path))
    ranking = .missing(.missingModel(.ranking, directory: workspace.layout.rankingModel.path))
    reloadCandidates()
    reloadRanking()
  }

  // MARK: - Loading

  /// Reads the candidate model from disk again.
  public mutating func reloadCandidates() {
    let directory = layout.candidateModel
    guard FileManager.default.fileExists(atPath: directory.path) else {
      candidates = .missing(.missingModel(.candidates, directory: directory.path))
      return
    }
    do {
      let (generator, manifest) = try BoundCandidateModel.load(from: directory, columns: columns)
      if let problem = check(.candidates, directory: directory, notes: manifest.training.notes) {
        candidates = .unusable(problem)
        return
      }
      candidates = .ready(CandidateModelInfo(generator: generator, manifest: manifest))
      cachedIndex = nil
    } catch {
      candidates = .unusable(.unusableModel(.candidates, directory: directory.path, reason: "\(error)"))
    }
  }

  /// Reads the ranking model from disk again.
  public mutating func reloadRanking() {
    let directory = layout.rankingModel
    guard FileManager.default.fileExists(atPath: directory.path) else {
      ranking = .missing(.missingModel(.ranking, directory: directory.path))
      return
    }
    do {
      let (model, manifest) = try RankingModel.load(from: directory)
      if let problem = check(.ranking, directory: directory, notes: manifest.training.notes) {
        ranking = .unusable(problem)
        return
      }
      let source = ImpressionSource(rawValue: manifest.training.notes["impressions"] ?? "") ?? .logged
      ranking = .ready(RankingModelInfo(model: model, manifest: manifest, impressionSource: source))
    } catch {
      ranking = .unusable(.unusableModel(.ranking, directory: directory.path, reason: "\(error)"))
    }
  }

  /// Compares a manifest's recorded fingerprint with the workspace's: another workspace's model
  /// is unusable; changed data is a warning.
  private mutating func check(_ kind: ModelKind, directory: URL, notes: [String: String]) -> SessionError? {
    guard let token = notes[WorkspaceFingerprint.manifestKey], let trained = WorkspaceFingerprint(token: token) else {
      return nil
    }
    switch trained.match(fingerprint) {
    case .same: return nil
    case .dataChanged:
      warnings.append(
        "the \(kind.title) was trained on \(trained); the workspace now holds \(fingerprint): retrain it to use the new data"
      )
      return nil
    case .otherWorkspace:
      return .otherWorkspace(kind, directory: directory.path, model: trained, workspace: fingerprint)
    }
  }

  // MARK: - Protocol and split

  /// The protocol of the candidate model's split, or the workspace's default before one is trained.
  public var evaluationProtocol: EvaluationProtocol {
    get throws {
      if let info = candidates.model { return info.manifest.configuration.evaluationProtocol }
      return EvaluationProtocol.defaultProtocol(forSource: try workspace.metadata("source"))
    }
  }

  /// The split the candidate model was trained under.
  public func split() throws -> EvaluationSplit {
    try EvaluationSplit(columns: columns, protocol: try evaluationProtocol)
  }

  // MARK: - Training

  /// Takes the workspace's writer lock (see ``WorkspaceLock``) and removes staging directories a
  /// killed writer left in `models/`.
  ///
  /// - Throws: ``WorkspaceError/busy(path:holder:)`` when another process is writing.
  public func writerLock(_ activity: String) throws -> WorkspaceLock {
    let lock = try WorkspaceLock(directory: workspace.directory, activity: activity)
    AtomicFile.removeStaleStaging(in: layout.models)
    return lock
  }

  /// Trains the candidate model on `split` and saves it; a failed or cancelled run saves nothing,
  /// so the previous model stays. The manifest records the workspace's fingerprint.
  public mutating func trainCandidates(
    config: CandidateConfig, split: EvaluationSplit, collective: any Collective = SingleProcess(),
    progress: ProgressHandler, isCancelled: () -> Bool = { false }
  ) throws -> CandidateTrainer.Result {
    try raceCandidates(
      [CandidateContender(name: "configured", config: config, summary: "the configuration given")], split: split,
      collective: collective, progress: progress, isCancelled: isCancelled
    ).winner
  }

  /// Trains every contender on `split` (``CandidateRace``), saves the one with the best validation
  /// recall@100 and records the race in its manifest (`contender`, `race`); a failed or cancelled
  /// run saves nothing, so the previous model stays. In a data-parallel run (`collective` of
  /// several ranks) every rank trains and only rank 0 takes the writer's lock and saves.
  public mutating func raceCandidates(
    _ contenders: [CandidateContender], split: EvaluationSplit, collective: any Collective = SingleProcess(),
    progress: ProgressHandler, isCancelled: () -> Bool = { false }
  ) throws -> CandidateRace.Result {
    let lock = collective.isRoot ? try writerLock("training the candidate model") : nil
    defer { withExtendedLifetime(lock) {} }
    var started = (name: "", time: Date())
    let race = try CandidateRace.run(
      columns: columns, split: split, contenders: contenders, collective: collective,
      progress: { contender, p in
        if started.name != contender.name { started = (contender.name, Date()) }
        let name = contenders.count > 1 ? "\(contender.name) " : ""
        // Early stopping usually ends training sooner: the whole-run estimate is an upper bound.
        let done = Double((p.epoch - 1) * p.steps + p.step) / Double(max(p.epochs * p.steps, 1))
        let elapsed = Date().timeIntervalSince(started.time)
        let left = done > 0 ? elapsed * (1 - done) / done : 0
        progress(
          ProgressReport(
            phase: "\(name)candidate epoch \(p.epoch)/\(p.epochs)", done: p.step, total: p.steps,
            detail: String(
              format: "loss %.3f, %.0f examples/s, all %d epochs in ≤ %@", p.loss, p.examplesPerSecond, p.epochs,
              DurationFormat.short(left))))
      }, isCancelled: isCancelled)
    let result = race.winner
    guard collective.isRoot else { return race }
    let best = result.history.first { $0.epoch == result.bestEpoch }
    var notes = [
      "protocol": split.evaluationProtocol.name, "best_epoch": "\(result.bestEpoch)",
      "validation_recall_100": String(format: "%.4f", best?.validationRecall ?? 0),
      WorkspaceFingerprint.manifestKey: fingerprint.token,
    ]
    if contenders.count > 1 {
      notes["contender"] = race.contender.name
      notes["race"] = race.entries.map { String(format: "%@ %.4f", $0.name, $0.validationRecall) }
        .joined(separator: ", ")
    }
    try result.generator.save(
      to: layout.candidateModel, evaluationProtocol: split.evaluationProtocol,
      training: .init(
        seed: race.contender.config.seed, epochs: result.history.count,
        examples: result.history.reduce(0) { $0 + $1.examples }, finalLoss: best?.loss ?? 0, notes: notes,
        curve: result.history.map {
          .init(epoch: $0.epoch, loss: $0.loss, validation: $0.validationRecall, seconds: $0.seconds)
        },
        validationMetric: "validation recall@100",
        figures: [ValidationFigure.recallAtK: Self.recallCurve(result.generator, split)]),
      previous: layout.previousCandidateModel)
    reloadCandidates()
    _ = try candidates.get()
    return race
  }

  /// The manifests of the models one retrain back (`models/previous/`), read without their
  /// tensors; nil where there is none or it does not decode.
  public func previousManifests() -> (
    candidates: ModelManifest<CandidateArchiveInfo>?, ranking: ModelManifest<RankingArchiveInfo>?
  ) {
    func read<C>(_ directory: URL, as: C.Type) -> ModelManifest<C>? {
      let url = directory.appendingPathComponent(ModelArchive.manifestFileName)
      guard let data = try? Data(contentsOf: url) else { return nil }
      return try? JSONDecoder().decode(ModelManifest<C>.self, from: data)
    }
    return (
      read(layout.previousCandidateModel, as: CandidateArchiveInfo.self),
      read(layout.previousRankingModel, as: RankingArchiveInfo.self)
    )
  }

  /// Validation recall@K over K, for the manifest's figures.
  static func recallCurve(_ generator: BoundCandidateModel, _ split: EvaluationSplit) -> [FigurePoint] {
    let ks = [1, 2, 5, 10, 20, 50, 100, 200, 500]
    let metrics = CandidateEvaluation.compare([generator], targets: split.validation, ks: ks)[0]
    return ks.compactMap { k in metrics.at(k).map { FigurePoint(x: Double(k), y: $0.recall) } }
  }

  /// Calibration by decile on the validation impressions, for the manifest's figures.
  func validationFigures(_ model: RankingModel, _ dataset: RankingDataset) -> (
    calibration: [FigurePoint], metrics: RankingMetrics
  ) {
    let lookup = RankingFeatureLookup(columns: columns, space: model.space)
    let logits = model.logits(dataset.validation, columns: columns, lookup: lookup)
    let calibration = RankingEvaluation.calibration(logits: logits, examples: dataset.validation).map {
      FigurePoint(x: $0.meanPredicted, y: $0.meanObserved)
    }
    let metrics = RankingEvaluation.metrics(
      name: "validation", scores: logits, examples: dataset.validation, predictsWatchTime: true)
    return (calibration, metrics)
  }

  /// A feature builder whose co-watch counts see only the split's training watches.
  public func trainingFeatureBuilder(_ split: EvaluationSplit) -> RankingFeatureBuilder {
    RankingFeatureBuilder(columns: columns, coWatchEnd: split.trainingEnd)
  }

  /// The ranking examples of this workspace: logged impressions, or derived ones when it has none.
  ///
  /// Training examples are cross-fitted (``DerivedImpressionsConfig/crossFitFolds``): a candidate
  /// model per fold of users, trained with the workspace model's configuration on the other
  /// folds' training watches for as many epochs as that model kept, makes the derived pages of
  /// that fold's requests, or gives its logged training impressions their CG score and rank.
  ///
  /// With a `collective` of several ranks the fold models train data-parallel too.
  public func rankingDataset(
    config: RankingConfig, collective: any Collective = SingleProcess(), progress: ProgressHandler,
    isCancelled: () -> Bool = { false }
  ) throws -> RankingDataset {
    let info = try candidates.get()
    let split = try split()
    var folds: [BoundCandidateModel] = []
    let k = config.derivedImpressions.crossFitFolds
    // A fold model trains as long as the workspace model's kept epoch, without the patience
    // epochs that found it.
    var foldConfig = info.manifest.configuration.config
    if let best = info.manifest.training.notes["best_epoch"].flatMap(Int.init), best > 0 {
      foldConfig.epochs = min(foldConfig.epochs, best)
    }
    if k >= 2 {
      for fold in 0..<k {
        let foldSplit = split.withoutUsers({ Int($0) % k == fold }, columns: columns)
        folds.append(
          try CandidateTrainer.train(
            columns: columns, split: foldSplit, config: foldConfig, collective: collective,
            progress: { p in
              progress(
                ProgressReport(
                  phase: "slate model for fold \(fold + 1)/\(k) (cross-fitting), epoch \(p.epoch)/\(p.epochs)",
                  done: p.step, total: p.steps, detail: String(format: "loss %.3f", p.loss)))
            }, isCancelled: isCancelled
          ).generator)
      }
    }
    return try RankingDataset.make(
      columns: columns, builder: trainingFeatureBuilder(split), generator: info.generator, split: split,
      foldGenerators: folds, config: config
    ) { progress($0.within("ranking features")) }
  }

  /// Trains the ranking model (on logged or derived impressions) and saves it; a failed or
  /// cancelled run saves nothing. In a data-parallel run (`collective` of several ranks) every
  /// rank builds the dataset and trains; only rank 0 takes the writer's lock and saves.
  ///
  /// - Throws: ``SessionError`` when there is no usable candidate model (its scores are features).
  public mutating func trainRanking(
    config: RankingConfig, collective: any Collective = SingleProcess(), progress: ProgressHandler,
    isCancelled: () -> Bool = { false }
  ) throws -> (result: RankingTrainer.Result, dataset: RankingDataset) {
    let lock = collective.isRoot ? try writerLock("training the ranking model") : nil
    defer { withExtendedLifetime(lock) {} }
    progress(
      ProgressReport(phase: "ranking features", done: 0, total: 1, detail: "impressions → examples, with CG scores"))
    let dataset = try rankingDataset(
      config: config, collective: collective, progress: progress, isCancelled: isCancelled)
    let result = try RankingTrainer.train(
      columns: columns, dataset: dataset, config: config, collective: collective,
      progress: { p in
        progress(
          ProgressReport(
            phase: "ranking epoch \(p.epoch)/\(p.epochs)", done: p.step, total: p.steps,
            detail: String(format: "loss %.4f, %.0f examples/s", p.loss, p.examplesPerSecond)))
      }, isCancelled: isCancelled)
    guard collective.isRoot else { return (result, dataset) }
    let best = result.history.first { $0.epoch == result.bestEpoch }
    let validation = validationFigures(result.model, dataset)
    try result.model.save(
      to: layout.rankingModel, cutoff: dataset.cutoff,
      training: .init(
        seed: config.seed, epochs: result.history.count, examples: dataset.training.count * result.history.count,
        finalLoss: best?.trainingLoss ?? 0,
        notes: [
          "best_epoch": "\(result.bestEpoch)", "validation_loss": String(format: "%.5f", best?.validationLoss ?? 0),
          "impressions": dataset.source.rawValue, WorkspaceFingerprint.manifestKey: fingerprint.token,
          ValidationFigure.weightedPerUserLossNote: String(format: "%.5f", validation.metrics.weightedPerUserLoss),
          ValidationFigure.aucNote: String(format: "%.5f", validation.metrics.auc),
        ],
        curve: result.history.map {
          .init(epoch: $0.epoch, loss: $0.trainingLoss, validation: $0.validationLoss, seconds: $0.seconds)
        }, validationMetric: "validation loss (weighted)",
        figures: [
          ValidationFigure.calibration: validation.calibration
        ]),
      previous: layout.previousRankingModel)
    reloadRanking()
    _ = try ranking.get()
    return (result, dataset)
  }

  // MARK: - Serving

  /// The ANN index over the candidate model's embeddings: the saved one when it indexes them,
  /// otherwise built and saved for next time (a failed save is not an error). Cached.
  public mutating func index() throws -> HNSWIndex {
    if let cachedIndex { return cachedIndex }
    let embeddings = try candidates.get().generator.model.videoEmbeddings
    let directory = layout.index
    if let saved = try? HNSWIndex.load(from: directory), saved.indexes(embeddings) {
      cachedIndex = saved
      return saved
    }
    let index = try HNSWIndex.build(embeddings)
    try? index.save(to: directory)
    cachedIndex = index
    return index
  }

  /// The two-stage recommender; without a ranking model it serves the candidate model's order.
  ///
  /// - Throws: ``SessionError`` when there is no usable candidate model, or the ranking model is unusable.
  public mutating func recommender() throws -> Recommender {
    let generator = try candidates.get().generator
    let rankingModel: RankingModel?
    switch ranking {
    case .ready(let info): rankingModel = info.model
    case .missing: rankingModel = nil
    case .unusable(let error): throw error
    }
    return try Recommender(columns: columns, generator: generator, index: try index(), ranking: rankingModel)
  }

  // MARK: - Explorer weights

  /// Saves the explorer's group weights (staged and swapped); returns the file.
  public func saveWeights(_ weights: GroupWeights) throws -> URL { try WeightsFile.save(weights, in: layout) }

  /// The saved group weights, or nil when none were saved.
  public func loadWeights() throws -> GroupWeights? { try WeightsFile.load(from: layout) }
}

/// A loaded candidate model with its manifest.
public struct CandidateModelInfo: Sendable {
  /// The model bound to the workspace.
  public var generator: BoundCandidateModel
  /// What was saved with it.
  public var manifest: ModelManifest<CandidateArchiveInfo>
}

/// A loaded ranking model with its manifest.
public struct RankingModelInfo: Sendable {
  /// The model.
  public var model: RankingModel
  /// What was saved with it.
  public var manifest: ModelManifest<RankingArchiveInfo>
  /// Whether it learned from logged or derived impressions.
  public var impressionSource: ImpressionSource
}
