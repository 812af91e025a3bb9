import CandidateGeneration
import Foundation
import Ranking
import SyntheticWorld
import WorkspaceStore

/// A small synthetic world with a candidate model and a trained ranking model, built once per
/// test process and shared by the ranking and recommendation tests.
public struct RankingSetup: Sendable {
  /// The world's workspace (temporary).
  public var workspace: Workspace
  /// Its events.
  public var columns: EventColumns
  /// The candidate model trained on the temporal split.
  public var generator: BoundCandidateModel
  /// The ranking examples built with it.
  public var dataset: RankingDataset
  /// The ranking configuration.
  public var config: RankingConfig
  /// The trained ranking model and its history.
  public var result: RankingTrainer.Result
  /// The workspace mapped into the ranking model's tables.
  public var lookup: RankingFeatureLookup

  static let shared: Result<RankingSetup, any Error> = Result { try make() }

  /// The shared setup (built on first use).
  public static func get() throws -> RankingSetup { try shared.get() }

  /// The setup's world: 160 users, 200 videos, 6 days, stationary (``WorldDynamics/none``). These
  /// tests check the ranking's mechanics and calibration; six days of 160 users with drifting
  /// interests and a third of them signing up late change too much between training and holdout
  /// for that (calibration swings between 0.5 and 1.8 across the dynamics).
  public static func world(users: Int = 160, videos: Int = 200, days: Int = 6, seed: UInt64 = 5) throws -> (
    Workspace, EventColumns
  ) {
    try TemporaryWorld.make(users: users, videos: videos, days: days, seed: seed, dynamics: .none, prefix: "wn-rank")
  }

  static func make() throws -> RankingSetup {
    let (workspace, columns) = try world()
    let split = try EvaluationSplit(columns: columns, protocol: .temporal(cutoff: nil, validationDays: 1))
    let generator = try CandidateTrainer.train(columns: columns, split: split, config: TestConfigs.smallCandidate())
      .generator
    let config = TestConfigs.smallRanking()
    let dataset = try RankingDataset(
      columns: columns, builder: RankingFeatureBuilder(columns: columns), generator: generator, config: config)
    let result = try RankingTrainer.train(columns: columns, dataset: dataset, config: config)
    return RankingSetup(
      workspace: workspace, columns: columns, generator: generator, dataset: dataset, config: config, result: result,
      lookup: RankingFeatureLookup(columns: columns, space: result.model.space))
  }
}
