import CandidateGeneration
import Foundation
import NeuralCore
import Ranking
import Recommendation
import Retrieval
import SyntheticWorld
import Testing
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

  @Test("recommend: N unwatched candidates, ranked with complete contributions; unknown users fall back")
  func pipeline() throws {
    let setup = try RankingSetup.get()
    let index = try HNSWIndex.build(setup.generator.model.videoEmbeddings)
    var recommender = try Recommender(
      columns: setup.columns, generator: setup.generator, index: index, ranking: setup.result.model)
    recommender.serving.candidates = 60
    let user = try #require(
      (0..<setup.columns.users.count).first { setup.columns.watches.range(ofUser: $0).count >= 5 })
    let result = try recommender.recommend(user: Int32(user))
    #expect(result.source == .personalized)
    #expect(result.ranked.count == 60)
    let watched = Set(setup.columns.watches.range(ofUser: user).map { setup.columns.watches.video[$0] })
    #expect(result.ranked.allSatisfy { !watched.contains($0.video) })
    #expect(Set(result.ranked.map(\.candidateRank)) == Set(0..<60))
    #expect(result.ranked.map(\.rank) == Array(0..<60))
    for (a, b) in zip(result.ranked, result.ranked.dropFirst()) { #expect(a.logit >= b.logit) }
    for c in result.ranked {
      #expect(abs(result.baselineLogit + c.contributions.reduce(0, +) - c.modelLogit) < 1e-3)
    }
    // Re-ranking with all weights 1 is the identity; a new weight re-sorts without the network.
    #expect(result.reranked(GroupWeights()).ranked == result.ranked)
    var weights = GroupWeights()
    weights[.popularity] = 0
    let reweighted = result.reranked(weights)
    #expect(Set(reweighted.ranked.map(\.video)) == Set(result.ranked.map(\.video)))
    let direct = try recommender.recommend(user: Int32(user), weights: weights)
    #expect(direct.ranked.map(\.video) == reweighted.ranked.map(\.video))

    #expect(throws: RecommendationError.self) { try recommender.recommend(userID: "no-such-user", k: 5) }
    let unknown = try recommender.recommend(userID: "no-such-user", k: 5, allowUnknown: true)
    #expect(unknown.source == .popularityFallback)
    #expect(unknown.ranked.count == 5)
  }

  @Test("the ranked top 10 has more true expected watch time than the CG order")
  func truth() throws {
    let setup = try RankingSetup.get()
    let latent = try LatentTruth.load(from: WorldGenerator.truthDirectory(of: setup.workspace))
    let index = try HNSWIndex.build(setup.generator.model.videoEmbeddings)
    var recommender = try Recommender(
      columns: setup.columns, generator: setup.generator, index: index, ranking: setup.result.model)
    recommender.serving.candidates = 100
    let columns = setup.columns
    let now = recommender.now
    let comparison = try RankingTruthComparison.measure(recommender: recommender, users: 60) { user, video in
      latent.expectedWatchSeconds(
        user: user, video: video, at: now, columns: columns,
        dailyViews: recommender.builder.popularity.views(of: video, before: now, window: 86_400))
    }
    #expect(comparison.users == 60)
    #expect(comparison.rankedTop10 > comparison.candidateTop10)
    #expect(comparison.oracleTop10 >= comparison.rankedTop10)
  }
}

@Suite("Ranking: candidate-model features of logged impressions")
struct CandidateScoringTests {
  @Test("score is u · v and rank counts the videos scoring higher, exactly for small corpora")
  func exactRanks() throws {
    let setup = try RankingSetup.get()
    var examples = setup.dataset.holdout
    for i in 0..<examples.count {
      examples.setValue(0, .candidateScore, of: i)
      examples.setValue(0, .candidateRank, of: i)
    }
    CandidateScoreFeatures.fill(&examples, generator: setup.generator)
    let ranges = examples.candidateRanges()
    for range in ranges.prefix(15) {
      let r = Int(examples.request[range.lowerBound])
      let target = PredictionTarget(
        user: examples.requestUser[r], historyEnd: examples.requestHistoryEnd[r], time: examples.requestTime[r],
        videos: [])
      let u = setup.generator.userVectors([target])
      let all = BLAS.product(u, setup.generator.model.videoEmbeddings, transposeB: true).values
      for c in range {
        let cls = Int(setup.generator.lookup.classOfVideo[Int(examples.video[c])])
        guard cls >= 0 else { continue }
        let score = examples.value(.candidateScore, of: c)
        #expect(abs(score - all[cls]) < 1e-4)
        let higher = all.filter { $0 > score + 1e-5 }.count
        let higherOrEqual = all.filter { $0 >= score - 1e-5 }.count - 1
        let rank = Int(examples.value(.candidateRank, of: c))
        #expect(rank >= higher && rank <= higherOrEqual, "rank \(rank) outside \(higher)...\(higherOrEqual)")
      }
    }
  }

  @Test("over a large corpus the rank is estimated from a sample, scaled to the corpus")
  func sampledRanks() throws {
    let setup = try RankingSetup.get()
    var exact = setup.dataset.holdout
    var sampled = exact
    CandidateScoreFeatures.fill(&exact, generator: setup.generator)
    CandidateScoreFeatures.fill(&sampled, generator: setup.generator, rankSample: 60)
    let classes = Float(setup.generator.model.videoEmbeddings.rows)
    var agreement = 0
    for i in 0..<exact.count {
      let e = exact.value(.candidateRank, of: i)
      let s = sampled.value(.candidateRank, of: i)
      #expect(s >= 0 && s <= classes)
      #expect(abs(exact.value(.candidateScore, of: i) - sampled.value(.candidateScore, of: i)) < 1e-4)
      if abs(e - s) <= 0.25 * classes { agreement += 1 }
    }
    #expect(Double(agreement) > 0.9 * Double(exact.count))
  }
}
