import CandidateGeneration
import Foundation
import NeuralCore
import Ranking
import Recommendation
import Retrieval
import SyntheticWorld
import Testing
import WatchNextTestSupport
import WorkspaceStore

@Suite("Ranking: learning, evaluation, persistence and the recommend pipeline")
struct RankingTrainingTests {
  @Test("training lowers the loss and beats the CG and popularity orders on the holdout")
  func learns() throws {
    let setup = try RankingSetup.get()
    let untrained = RankingModel(config: setup.config, space: setup.result.model.space)
    let before = RankingTrainer.loss(
      of: untrained, on: setup.dataset.validation, columns: setup.columns, lookup: setup.lookup)
    let after = RankingTrainer.loss(
      of: setup.result.model, on: setup.dataset.validation, columns: setup.columns, lookup: setup.lookup)
    #expect(after < 0.8 * before)
    let metrics = RankingComparison.compare(
      [.init(name: "model", model: setup.result.model)], on: setup.dataset.holdout, columns: setup.columns)
    let model = try #require(metrics.first)
    let cg = try #require(metrics.first { $0.name == "CG score order" })
    let popular = try #require(metrics.first { $0.name == "popularity order" })
    #expect(model.weightedPerUserLoss < cg.weightedPerUserLoss)
    #expect(model.weightedPerUserLoss < popular.weightedPerUserLoss)
    #expect(model.auc > cg.auc && model.auc > popular.auc, "AUC \(model.auc) vs CG \(cg.auc), popular \(popular.auc)")
    let ratio = try #require(model.calibrationRatio)
    #expect(ratio > 0.6 && ratio < 1.6, "predicted/observed watch time \(ratio)")
  }

  @Test("the weighted per-user loss counts mispredicted watch time per page pair")
  func perUserLoss() {
    var examples = RankingExamples()
    // One page: clicked A (100 s), clicked B (10 s), unclicked C.
    examples.requestUser = [0]
    examples.requestTime = [0]
    examples.requestHistoryEnd = [0]
    examples.queryValues = [Float](repeating: 0, count: QueryFeature.allCases.count)
    examples.request = [0, 0, 0]
    examples.video = [0, 1, 2]
    examples.candidateValues = [Float](repeating: 0, count: 3 * CandidateFeature.allCases.count)
    examples.clicked = [true, true, false]
    examples.watchSeconds = [100, 10, 0]
    // C outranks B but not A: 10 of 110 seconds mispredicted.
    let m = RankingEvaluation.metrics(name: "s", scores: [3, 1, 2], examples: examples, predictsWatchTime: false)
    #expect(abs(m.weightedPerUserLoss - 10.0 / 110.0) < 1e-12)
    #expect(m.pairs == 2)
    #expect(abs(m.auc - 0.5) < 1e-12)
  }

  @Test(
    "a weighted-LR intercept learns Σ T / (N − k) under the paper's weighting and Σ T / N per impression",
    arguments: [(RankingConfig.Weighting.watchTime, 180.0 / 7.0), (.perImpression, 180.0 / 10.0)])
  func weightingOdds(weighting: RankingConfig.Weighting, expected: Double) {
    // N = 10 impressions, k = 3 clicked with watch times 30, 60 and 90 s.
    let seconds: [Float] = [30, 60, 90, 0, 0, 0, 0, 0, 0, 0]
    let targets = seconds.map { weighting.target(clicked: $0 > 0, watchSeconds: $0) }
    var bias: Float = 0
    for _ in 0..<6000 {
      let (_, g) = WeightedLogisticLoss.compute(
        logits: [Float](repeating: bias, count: 10), labels: targets.map(\.label), weights: targets.map(\.weight))
      bias -= 20 * g.reduce(0, +)
    }
    #expect(abs(Double(exp(bias)) - expected) / expected < 1e-3, "odds \(exp(bias)), expected \(expected)")
  }

  @Test("a diverging run stops with an error")
  func divergence() throws {
    let setup = try RankingSetup.get()
    var config = setup.config
    config.learningRate = 1e30
    config.epochs = 1
    #expect(throws: RankingError.self) {
      try RankingTrainer.train(columns: setup.columns, dataset: setup.dataset, config: config)
    }
  }

  @Test("save and load give the same logits; a corrupt tensor is a clear error")
  func persistence() throws {
    let setup = try RankingSetup.get()
    let directory = setup.workspace.modelsDirectory.appendingPathComponent("ranking-test-\(UUID().uuidString)")
    try setup.result.model.save(
      to: directory, cutoff: setup.dataset.cutoff,
      training: .init(seed: 1, epochs: 1, examples: 1, finalLoss: 0, notes: [:]))
    let (loaded, manifest) = try RankingModel.load(from: directory)
    #expect(manifest.configuration.cutoff == setup.dataset.cutoff)
    let rows = 0..<100
    let a = setup.result.model.logits(
      setup.result.model.inputs(setup.dataset.holdout, rows: rows, columns: setup.columns, lookup: setup.lookup).matrix)
    let lookup = RankingFeatureLookup(columns: setup.columns, space: loaded.space)
    let b = loaded.logits(
      loaded.inputs(setup.dataset.holdout, rows: rows, columns: setup.columns, lookup: lookup).matrix)
    #expect(a == b)
    #expect(loaded.baselineInput == setup.result.model.baselineInput)
    let tensor = directory.appendingPathComponent("tower_0_weights.npy")
    var bytes = try Data(contentsOf: tensor)
    bytes[bytes.count - 3] ^= 0xFF
    try bytes.write(to: tensor)
    #expect(throws: NeuralCoreError.self) { try RankingModel.load(from: directory) }
  }
}
