import ArgumentParser
import CandidateGeneration
import Foundation
import NeuralCore
import Ranking
import Recommendation
import Retrieval
import WorkspaceStore

/// The ranking model as the commands see it: trained and saved in one step, or loaded with the
/// candidate model and index into a ready recommender.
enum RankingModelStore {
  /// Builds the dataset and trains, reporting (phase, done, total, detail) to `progress`, then
  /// saves the kept model; a failed or cancelled run saves nothing, so the previous model stays.
  static func trainAndSave(
    workspace: Workspace, columns: EventColumns, generator: CandidateGenerator, split: EvaluationSplit,
    config: RankingConfig,
    progress: (String, Int, Int, String) -> Void, isCancelled: () -> Bool = { false }
  ) throws -> (result: RankingTrainer.Result, dataset: RankingDataset, directory: URL) {
    progress("ranking features", 0, 1, "impressions → examples, with CG scores")
    let dataset = try RankingDataset.make(
      columns: columns, builder: RankingFeatureBuilder(columns: columns, coWatchEnd: split.trainingEnd), generator: generator, split: split,
      config: config
    ) { phase, done, total in progress("ranking features: \(phase)", done, total, "") }
    let result = try RankingTrainer.train(
      columns: columns, dataset: dataset, config: config,
      progress: { p in
        progress(
          "ranking epoch \(p.epoch)/\(p.epochs)", p.step, p.steps,
          String(format: "loss %.4f, %.0f examples/s", p.loss, p.examplesPerSecond))
      }, isCancelled: isCancelled)
    let directory = RankingModel.modelDirectory(in: workspace)
    let best = result.history.first { $0.epoch == result.bestEpoch }
    try result.model.save(
      to: directory, cutoff: dataset.cutoff,
      training: .init(
        seed: config.seed, epochs: result.history.count, examples: dataset.training.count * result.history.count,
        finalLoss: best?.trainingLoss ?? 0,
        notes: [
          "best_epoch": "\(result.bestEpoch)", "validation_loss": String(format: "%.5f", best?.validationLoss ?? 0),
        ]))
    return (result, dataset, directory)
  }

  /// A workspace with both models and the index, ready to recommend.
  struct Loaded {
    var workspace: Workspace
    var columns: EventColumns
    var generator: CandidateGenerator
    var ranking: RankingModel
    var recommender: Recommender
  }

  /// Opens the workspace at `url` with its saved models; the ANN index is loaded when it matches
  /// the candidate model and built otherwise.
  static func load(_ url: URL) throws -> Loaded {
    let candidates = try CandidateModelStore.load(url)
    let directory = RankingModel.modelDirectory(in: candidates.workspace)
    guard FileManager.default.fileExists(atPath: directory.path) else {
      throw ValidationError(
        "\(candidates.workspace.directory.path) has no ranking model yet; run `watchnext train ranking` first")
    }
    let (ranking, _) = try RankingModel.load(from: directory)
    let index = try CandidateModelStore.index(for: candidates)
    let recommender = try Recommender(
      columns: candidates.columns, generator: candidates.generator, index: index, ranking: ranking)
    return Loaded(
      workspace: candidates.workspace, columns: candidates.columns, generator: candidates.generator, ranking: ranking,
      recommender: recommender)
  }
}
