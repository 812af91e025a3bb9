import CandidateGeneration
import Foundation
import NeuralCore
import Retrieval
import WorkspaceStore

/// The candidate model as the commands see it: trained and saved in one step, or loaded with
/// the workspace it belongs to.
enum CandidateModelStore {
  /// A workspace, its columns and its saved candidate model.
  struct Loaded {
    var workspace: Workspace
    var columns: EventColumns
    var generator: CandidateGenerator
    var manifest: ModelManifest<CandidateArchiveInfo>
  }

  /// Opens the workspace at `url` and loads its saved candidate model.
  static func load(_ url: URL) throws -> Loaded {
    let workspace = try Workspace(at: url)
    let columns = try workspace.loadColumns()
    let (generator, manifest) = try CandidateGenerator.load(
      from: CandidateGenerator.modelDirectory(in: workspace), columns: columns)
    return Loaded(workspace: workspace, columns: columns, generator: generator, manifest: manifest)
  }

  /// Trains on `split`, reporting (phase, done, total, detail) to `progress`, and saves the kept
  /// model; a failed or cancelled run saves nothing, so the previous model stays.
  static func trainAndSave(
    workspace: Workspace, columns: EventColumns, split: EvaluationSplit, config: CandidateConfig,
    progress: (String, Int, Int, String) -> Void, isCancelled: () -> Bool = { false }
  ) throws -> (result: CandidateTrainer.Result, directory: URL) {
    let result = try CandidateTrainer.train(
      columns: columns, split: split, config: config,
      progress: { p in
        progress(
          "candidate epoch \(p.epoch)/\(p.epochs)", p.step, p.steps,
          String(format: "loss %.3f, %.0f examples/s", p.loss, p.examplesPerSecond))
      }, isCancelled: isCancelled)
    let directory = CandidateGenerator.modelDirectory(in: workspace)
    let best = result.history.first { $0.epoch == result.bestEpoch }
    let evaluationProtocol = split.evaluationProtocol
    try result.generator.save(
      to: directory, evaluationProtocol: evaluationProtocol,
      training: .init(
        seed: config.seed, epochs: result.history.count, examples: result.history.reduce(0) { $0 + $1.examples },
        finalLoss: best?.loss ?? 0,
        notes: [
          "protocol": evaluationProtocol.name, "best_epoch": "\(result.bestEpoch)",
          "validation_recall_100": String(format: "%.4f", best?.validationRecall ?? 0),
        ]))
    return (result, directory)
  }

  /// The saved ANN index when it was built from this model's embeddings; otherwise a fresh one,
  /// saved for next time (a failure to save is not an error: the index is rebuilt next time).
  static func index(for loaded: Loaded) throws -> HNSWIndex {
    let embeddings = loaded.generator.model.videoEmbeddings
    let directory = loaded.workspace.modelsDirectory.appendingPathComponent("index")
    if let saved = try? HNSWIndex.load(from: directory), saved.indexes(embeddings) { return saved }
    let index = try HNSWIndex.build(embeddings)
    try? index.save(to: directory)
    return index
  }
}
