import CandidateGeneration
import Foundation
import Ranking
import SyntheticWorld
import WorkspaceStore

/// A small synthetic world with a candidate model and a trained ranking model, built once.
struct RankingSetup: Sendable {
  var workspace: Workspace
  var columns: EventColumns
  var generator: BoundCandidateModel
  var dataset: RankingDataset
  var config: RankingConfig
  var result: RankingTrainer.Result
  var lookup: RankingFeatureLookup

  static let shared: Result<RankingSetup, any Error> = Result { try make() }

  static func get() throws -> RankingSetup { try shared.get() }

  static func world(users: Int = 160, videos: Int = 200, days: Int = 6, seed: UInt64 = 5) throws -> (
    Workspace, EventColumns
  ) {
    try WorldGenerator.temporaryWorld(users: users, videos: videos, days: days, seed: seed, prefix: "wn-rank")
  }

  static func candidateConfig() -> CandidateConfig {
    var config = CandidateConfig()
    config.towerWidths = [32, 16]
    config.watchEmbeddingDimension = 16
    config.tokenEmbeddingDimension = 8
    config.epochs = 2
    config.negatives = 50
    config.batchSize = 64
    config.learningRate = 0.005
    return config
  }

  static func rankingConfig() -> RankingConfig {
    var config = RankingConfig()
    config.hiddenWidths = [24, 12]
    config.epochs = 3
    config.batchSize = 256
    config.learningRate = 3e-3
    config.maxEmbeddingDimension = 8
    return config
  }

  static func make() throws -> RankingSetup {
    let (workspace, columns) = try world()
    let split = try EvaluationSplit(columns: columns, protocol: .temporal(cutoff: nil, validationDays: 1))
    let generator = try CandidateTrainer.train(columns: columns, split: split, config: candidateConfig()).generator
    let config = rankingConfig()
    let dataset = try RankingDataset(
      columns: columns, builder: RankingFeatureBuilder(columns: columns), generator: generator, config: config)
    let result = try RankingTrainer.train(columns: columns, dataset: dataset, config: config)
    return RankingSetup(
      workspace: workspace, columns: columns, generator: generator, dataset: dataset, config: config, result: result,
      lookup: RankingFeatureLookup(columns: columns, space: result.model.space))
  }
}
