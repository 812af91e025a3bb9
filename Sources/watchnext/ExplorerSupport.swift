import CandidateGeneration
import Explorer
import ExplorerCurses
import Foundation
import NeuralCore
import Ranking
import Recommendation
import SyntheticWorld
import WorkspaceStore

/// The explorer's bridge to the workspace: preparing it (sample generation, first training),
/// retraining on demand, and storing the live weights.
enum ExplorerSupport {
  /// Where the explorer keeps its saved group weights.
  static func weightsURL(_ directory: URL) -> URL { directory.appendingPathComponent("explorer-weights.json") }

  /// Opens the workspace at `url`, creating the built-in sample when `createSample` and it is
  /// missing, and training whichever model is missing; then builds the engine data.
  static func prepare(
    url: URL, createSample: Bool, progress: (String, Int, Int, String) -> Void, isCancelled: () -> Bool
  ) throws -> EngineData {
    let databasePath = url.appendingPathComponent(Workspace.databaseFileName).path
    if !FileManager.default.fileExists(atPath: databasePath) {
      guard createSample else { throw WorkspaceError.notAWorkspace(path: url.path) }
      _ = try SampleBuilder.generate(WorldConfig(), at: url) { phase, done, total in
        progress("Generating the sample world: \(phase)", done, total, "")
      }
    }
    if isCancelled() { throw CancellationError() }
    let workspace = try Workspace(at: url)
    let columns = try workspace.loadColumns()
    if (try? CandidateGenerator.load(from: CandidateGenerator.modelDirectory(in: workspace), columns: columns)) == nil {
      let split = try EvaluationSplit(
        columns: columns,
        protocol: EvaluationProtocol.defaultProtocol(forSource: try workspace.metadata("source")))
      _ = try CandidateModelStore.trainAndSave(
        workspace: workspace, columns: columns, split: split, config: CandidateConfig(),
        progress: { progress("Training the candidate model (Paper §3): \($0)", $1, $2, $3) }, isCancelled: isCancelled)
    }
    let candidates = try CandidateModelStore.load(url)
    if (try? RankingModel.load(from: RankingModel.modelDirectory(in: workspace))) == nil {
      _ = try RankingModelStore.trainAndSave(
        workspace: workspace, columns: candidates.columns, generator: candidates.generator,
        split: try EvaluationSplit(
          columns: candidates.columns, protocol: candidates.manifest.configuration.evaluationProtocol),
        config: RankingConfig(),
        progress: { progress("Training the ranking model (Paper §4): \($0)", $1, $2, $3) }, isCancelled: isCancelled)
    }
    progress("Loading the models and the ANN index", 0, 1, "")
    return try engineData(url)
  }

  /// The engine data over the workspace's saved models.
  static func engineData(_ url: URL) throws -> EngineData {
    let loaded = try RankingModelStore.load(url)
    let candidate = try CandidateGenerator.load(
      from: CandidateGenerator.modelDirectory(in: loaded.workspace), columns: loaded.columns
    ).manifest
    let ranking = try RankingModel.load(from: RankingModel.modelDirectory(in: loaded.workspace)).manifest
    let cgShape = candidate.configuration.config.towerWidths.map(String.init).joined(separator: "-")
    let rankShape = ranking.configuration.config.hiddenWidths.map(String.init).joined(separator: "-")
    let summary =
      "CG \(short(candidate.training.finishedAt)) (\(cgShape)) · ranking \(short(ranking.training.finishedAt)) "
      + "(\(rankShape.isEmpty ? "linear" : rankShape))"
    return EngineData(recommender: loaded.recommender, workspaceName: url.path, modelSummary: summary)
  }

  /// Retrains as the form asked; the new models are saved only when training succeeds.
  static func retrain(
    url: URL, request: RetrainRequest, progress: (String, Int, Int, String) -> Void, isCancelled: () -> Bool
  ) throws -> (data: EngineData, summary: String) {
    let candidates = try CandidateModelStore.load(url)
    var generator = candidates.generator
    var done: [String] = []
    if request.target != .ranking {
      var config = candidates.manifest.configuration.config
      config.epochs = request.epochs
      config.features = try CandidateModelOptions.featureSet(request.features)
      config.towerWidths = CandidateConfig.towerWidths(depth: request.depth, outputDimension: config.outputDimension)
      let split = try EvaluationSplit(
        columns: candidates.columns, protocol: candidates.manifest.configuration.evaluationProtocol)
      let (result, _) = try CandidateModelStore.trainAndSave(
        workspace: candidates.workspace, columns: candidates.columns, split: split, config: config,
        progress: progress, isCancelled: isCancelled)
      generator = result.generator
      done.append("candidates (depth \(request.depth), \(request.features), epoch \(result.bestEpoch) kept)")
    }
    var config =
      (try? RankingModel.load(from: RankingModel.modelDirectory(in: candidates.workspace)))?.model.config
      ?? RankingConfig()
    config.epochs = request.epochs
    let (result, _, _) = try RankingModelStore.trainAndSave(
      workspace: candidates.workspace, columns: candidates.columns, generator: generator,
      split: try EvaluationSplit(
        columns: candidates.columns, protocol: candidates.manifest.configuration.evaluationProtocol),
      config: config,
      progress: progress, isCancelled: isCancelled)
    done.append(
      String(
        format: "ranking (epoch %d kept, validation loss %.4f)", result.bestEpoch,
        result.history.first { $0.epoch == result.bestEpoch }?.validationLoss ?? 0))
    return (try engineData(url), done.joined(separator: " and "))
  }

  /// The services the explorer runtime calls for the workspace at `url`.
  static func services(_ url: URL) -> ExplorerServices {
    ExplorerServices(
      train: { request, progress, isCancelled in
        let (data, summary) = try retrain(
          url: url, request: request,
          progress: { progress(JobProgress(phase: $0, done: $1, total: $2, detail: $3)) }, isCancelled: isCancelled)
        return (data, summary)
      },
      saveWeights: { weights in
        let file = weightsURL(url)
        try AtomicFile.write(try weights.json(), to: file)
        return file.path
      },
      loadWeights: {
        let file = weightsURL(url)
        guard let data = try? Data(contentsOf: file) else {
          throw RankingError.invalidConfiguration(field: file.path, reason: "no saved weights yet (s saves them)")
        }
        return try GroupWeights(json: data, file: file.path)
      })
  }

  /// "2026-11-29T08:41:12Z" → "11-29 08:41".
  static func short(_ iso: String) -> String {
    let parts = iso.split(separator: "T")
    guard parts.count == 2 else { return iso }
    return String(parts[0].dropFirst(5)) + " " + String(parts[1].prefix(5))
  }
}
