import CandidateGeneration
import NeuralCore
import Ranking
import Testing
import WatchNextTestSupport
import WorkspaceStore

/// Data parallelism (issue 18): N ranks, each computing the gradient of its share of every
/// global batch, end where one process on the same global batches ends. The ranks here are
/// threads (``ThreadRanks``); `.ci/mpi-equivalence` runs the same check over Open MPI.
@Suite("Distributed training: N ranks equal one process")
struct DistributedTrainingTests {
  /// The largest relative L2 difference over tensors, `‖a − b‖ / ‖b‖`.
  static func largestRelativeDifference(_ a: [[Float]], _ b: [[Float]]) -> Double {
    zip(a, b).map { x, y in
      let difference = zip(x, y).reduce(0.0) { $0 + Double($1.0 - $1.1) * Double($1.0 - $1.1) }
      let norm = y.reduce(0.0) { $0 + Double($1) * Double($1) }
      return norm > 0 ? (difference / norm).squareRoot() : difference.squareRoot()
    }.max() ?? 0
  }

  static func parameters(_ m: CandidateModel) -> [[Float]] {
    [
      m.watchTable.table.values, m.tokenTable.table.values, m.regionTable.table.values, m.deviceTable.table.values,
      m.videoEmbeddings.values,
    ] + m.tower.flatMap { [$0.weights.values, $0.bias] }
  }

  static func parameters(_ m: RankingModel) -> [[Float]] {
    m.tables.map(\.table.values) + m.tower.flatMap { [$0.weights.values, $0.bias] }
  }

  @Test("the candidate network: 2 and 3 ranks within 1e-5 of one process after 20+ steps", arguments: [2, 3])
  func candidates(ranks: Int) throws {
    let (_, columns) = try RankingSetup.world()
    let split = try EvaluationSplit(columns: columns, protocol: .temporal(cutoff: nil, validationDays: 1))
    var config = TestConfigs.smallCandidate()
    config.epochs = 1
    config.batchSize = 20
    let single = try CandidateTrainer.train(columns: columns, split: split, config: config)
    let steps = (single.history[0].examples + config.batchSize - 1) / config.batchSize
    #expect(steps >= 20, "only \(steps) steps")
    let results = ThreadRanks.run(size: ranks) { [config] group in
      Result { () throws(CandidateError) in
        try CandidateTrainer.train(columns: columns, split: split, config: config, collective: group)
      }
    }
    let reference = Self.parameters(single.generator.model)
    for (rank, result) in results.enumerated() {
      let trained = try result.get()
      #expect(trained.history[0].examples == single.history[0].examples)
      #expect(abs(trained.history[0].validationRecall - single.history[0].validationRecall) < 0.01)
      let difference = Self.largestRelativeDifference(Self.parameters(trained.generator.model), reference)
      #expect(difference < 1e-5, "rank \(rank) of \(ranks): relative difference \(difference)")
    }
    // The ranks apply the same update: bit-identical to each other.
    let first = Self.parameters(try results[0].get().generator.model)
    for result in results.dropFirst() { #expect(Self.parameters(try result.get().generator.model) == first) }
    // And training moved them: the check is not of an untouched model.
    let initial = Self.parameters(CandidateModel(config: config, space: single.generator.space))
    #expect(Self.largestRelativeDifference(reference, initial) > 1e-2)
  }

  @Test("the ranking network: 2 and 3 ranks within 1e-5 of one process after 20+ steps", arguments: [2, 3])
  func ranking(ranks: Int) throws {
    let setup = try RankingSetup.get()
    var config = setup.config
    config.epochs = 1
    config.batchSize = max(16, setup.dataset.training.count / 24)
    let single = try RankingTrainer.train(columns: setup.columns, dataset: setup.dataset, config: config)
    let steps = (setup.dataset.training.count + config.batchSize - 1) / config.batchSize
    #expect(steps >= 20, "only \(steps) steps")
    let results = ThreadRanks.run(size: ranks) { [config] group in
      Result { () throws(RankingError) in
        try RankingTrainer.train(columns: setup.columns, dataset: setup.dataset, config: config, collective: group)
      }
    }
    let reference = Self.parameters(single.model)
    for (rank, result) in results.enumerated() {
      let trained = try result.get()
      let difference = Self.largestRelativeDifference(Self.parameters(trained.model), reference)
      #expect(difference < 1e-5, "rank \(rank) of \(ranks): relative difference \(difference)")
      #expect(abs(trained.history[0].validationLoss - single.history[0].validationLoss) < 1e-4)
    }
    let first = Self.parameters(try results[0].get().model)
    for result in results.dropFirst() { #expect(Self.parameters(try result.get().model) == first) }
    let initial = Self.parameters(RankingModel(config: config, space: single.model.space))
    #expect(Self.largestRelativeDifference(reference, initial) > 1e-2)
  }
}
