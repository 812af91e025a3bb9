import Application
import CandidateGeneration
import Explorer
import ExplorerCurses
import Foundation
import NeuralCore
import Ranking
import Recommendation
import WorkspaceStore

/// The explorer's thin bridge to the application layer: what a workspace needs before it opens,
/// the engine data over a session, retraining and the weights file.
enum ExplorerSupport {
  /// What opening a workspace needs first.
  enum Readiness: Sendable {
    /// It opens now (maybe in candidate-only mode).
    case ready
    /// The built-in sample does not exist yet: generate and train it (the quick start).
    case createSample
    /// Models are missing: offer to train them (the text says which).
    case offerTraining(String)
  }

  /// A workspace as the explorer found it: what it needs, and the session when one was opened
  /// (so that the columns and models are loaded once per start).
  struct Opening: Sendable {
    var readiness: Readiness
    var session: WorkspaceSession?
  }

  /// What `url` needs before the explorer can show it.
  ///
  /// - Throws: ``CommandFailure`` when it is not a workspace (and not the sample) or a model is unusable.
  static func open(url: URL, isSample: Bool) throws -> Opening {
    if isSample, !FileManager.default.fileExists(atPath: WorkspaceLayout(directory: url).database.path) {
      return Opening(readiness: .createSample, session: nil)
    }
    let session = try CLISession.open(url)
    if let unusable = session.unusableModel { throw CLISession.failure(unusable, workspace: url) }
    guard session.candidates.isMissing || (isSample && session.ranking.isMissing) else {
      return Opening(readiness: .ready, session: session)
    }
    if isSample { return Opening(readiness: .createSample, session: session) }
    let ranking = session.ranking.isMissing ? " and no ranking model (Paper §4)" : ""
    return Opening(
      readiness: .offerTraining(
        "\(url.path) has no candidate model (Paper §3)\(ranking) yet. Enter trains "
          + (ranking.isEmpty ? "it" : "both") + " now with the default settings (progress is shown); q quits."),
      session: session)
  }

  /// Opens the workspace at `url`, first creating the sample or training the missing models when
  /// `readiness` asked for it; then builds the engine data.
  static func prepare(
    url: URL, opening: Opening, progress: ProgressHandler, isCancelled: () -> Bool
  ) throws -> EngineData {
    if case .createSample = opening.readiness,
      !FileManager.default.fileExists(atPath: WorkspaceLayout(directory: url).database.path)
    {
      _ = try SampleWorkspace.generate(at: url) { progress($0.within("Generating the sample world")) }
    }
    if isCancelled() { throw CancellationError() }
    var session = try opening.session ?? CLISession.openQuietly(url)
    switch opening.readiness {
    case .createSample, .offerTraining: try session.trainMissing(progress: progress, isCancelled: isCancelled)
    case .ready: break
    }
    progress(ProgressReport(phase: "Loading the models and the ANN index", done: 0, total: 1))
    return try engineData(&session)
  }

  /// The engine data over a session's models (candidate-only when there is no ranking model).
  static func engineData(_ session: inout WorkspaceSession) throws -> EngineData {
    let url = session.workspace.directory
    let candidate: CandidateModelInfo
    do { candidate = try session.candidates.get() } catch { throw CLISession.failure(error, workspace: url) }
    let recommender: Recommender
    do { recommender = try session.recommender() } catch let error as SessionError {
      throw CLISession.failure(error, workspace: url)
    }
    let cgShape = candidate.manifest.configuration.config.towerWidths.map(String.init).joined(separator: "-")
    var summary = "CG \(short(candidate.manifest.training.finishedAt)) (\(cgShape))"
    if let ranking = session.ranking.model {
      let shape = ranking.model.config.hiddenWidths.map(String.init).joined(separator: "-")
      let derived = ranking.impressionSource == .derived ? ", derived impressions" : ""
      summary +=
        " · ranking \(short(ranking.manifest.training.finishedAt)) (\(shape.isEmpty ? "linear" : shape)\(derived))"
    } else {
      summary += " · no ranking model (CG order)"
    }
    let previous = session.previousManifests()
    let charts = ChartData.modelCharts(
      candidate: candidate.manifest.training, previousCandidate: previous.candidates?.training,
      ranking: session.ranking.model?.manifest.training, previousRanking: previous.ranking?.training)
    let previousRecommender: Recommender?
    do { previousRecommender = try session.previousRecommender() } catch let error as SessionError {
      throw CLISession.failure(error, workspace: url)
    }
    let rows = ModelComparison.rows(
      candidate: candidate.manifest.training, previousCandidate: previous.candidates?.training,
      ranking: session.ranking.model?.manifest.training, previousRanking: previous.ranking?.training)
    return EngineData(
      recommender: recommender, workspaceName: url.path, modelSummary: summary, charts: charts,
      previous: previousRecommender, comparisonRows: rows)
  }

  /// Retrains as the form asked; the new models are saved only when training succeeds.
  static func retrain(
    url: URL, request: RetrainRequest, progress: ProgressHandler, isCancelled: () -> Bool
  ) throws -> (data: EngineData, summary: String) {
    var session = try CLISession.openQuietly(url)
    var done: [String] = []
    if request.target != .ranking {
      var config = session.candidates.model?.manifest.configuration.config ?? CandidateConfig()
      config.epochs = request.epochs
      guard let features = CandidateConfig.Features(named: request.features) else {
        throw CommandFailure(description: "unknown feature set '\(request.features)'")
      }
      config.features = features
      config.towerWidths = CandidateConfig.towerWidths(depth: request.depth, outputDimension: config.outputDimension)
      let result = try session.trainCandidates(
        config: config, split: try session.split(), progress: progress, isCancelled: isCancelled)
      done.append("candidates (depth \(request.depth), \(request.features), epoch \(result.bestEpoch) kept)")
    }
    var config = session.ranking.model?.model.config ?? RankingConfig()
    config.epochs = request.epochs
    let (result, _) = try session.trainRanking(config: config, progress: progress, isCancelled: isCancelled)
    done.append(
      String(
        format: "ranking (epoch %d kept, validation loss %.4f)", result.bestEpoch,
        result.history.first { $0.epoch == result.bestEpoch }?.validationLoss ?? 0))
    return (try engineData(&session), done.joined(separator: " and "))
  }

  /// The services the explorer runtime calls for the workspace at `url`.
  static func services(_ url: URL) -> ExplorerServices {
    ExplorerServices(
      train: { request, progress, isCancelled in
        let (data, summary) = try retrain(
          url: url, request: request,
          progress: progress, isCancelled: isCancelled)
        return (data, summary)
      },
      saveWeights: { weights in
        try WeightsFile.save(weights, in: WorkspaceLayout(directory: url)).path
      },
      loadWeights: { try WeightsFile.load(from: WorkspaceLayout(directory: url)) },
      swapModels: {
        var session = try CLISession.openQuietly(url)
        let swapped: [ModelKind]
        do { swapped = try session.swapPreviousModels() } catch let error as SessionError {
          throw CLISession.failure(error, workspace: url)
        }
        let data = try engineData(&session)
        let verb = swapped.count == 1 ? "is" : "are"
        return (
          data, "the " + swapped.map(\.title).joined(separator: " and ") + " of the previous retrain \(verb) current"
        )
      })
  }

  /// "2026-11-29T08:41:12Z" → "11-29 08:41".
  static func short(_ iso: String) -> String {
    let parts = iso.split(separator: "T")
    guard parts.count == 2 else { return iso }
    return String(parts[0].dropFirst(5)) + " " + String(parts[1].prefix(5))
  }
}
