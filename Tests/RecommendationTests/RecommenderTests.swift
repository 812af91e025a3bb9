import CandidateGeneration
import Foundation
import Ranking
import Recommendation
import Retrieval
import SyntheticWorld
import Testing
import WatchNextTestSupport
import WorkspaceStore

@Suite("Recommendation: the two-stage pipeline of one request, and its truth")
struct RecommenderTests {
  /// The shared ranking setup's recommender serving `candidates`, and a user with 5 or more watches.
  static func recommender(candidates: Int) throws -> (setup: RankingSetup, recommender: Recommender, user: Int) {
    let setup = try RankingSetup.get()
    let index = try HNSWIndex.build(setup.generator.model.videoEmbeddings)
    var recommender = try Recommender(
      columns: setup.columns, generator: setup.generator, index: index, ranking: setup.result.model)
    recommender.serving.candidates = candidates
    let user = try #require(
      (0..<setup.columns.users.count).first { setup.columns.watches.range(ofUser: $0).count >= 5 })
    return (setup, recommender, user)
  }

  @Test("recommend: N unwatched candidates, ranked with complete contributions; unknown users fall back")
  func pipeline() throws {
    let (setup, recommender, user) = try Self.recommender(candidates: 60)
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

  @Test("Each candidate's retrieval explanation is its served CG score against an anonymous user's, split completely")
  func retrievalExplanations() throws {
    let (setup, recommender, user) = try Self.recommender(candidates: 30)
    let result = try recommender.recommend(user: Int32(user))
    let reasons = recommender.retrievalReasons(user: Int32(user))
    for candidate in result.ranked {
      let why = try #require(reasons.explanation(of: candidate.video, generator: recommender.generator))
      #expect(abs(why.score - candidate.candidateScore) < 1e-3 * max(1, abs(why.score)), "the served score")
      let sum = why.items.reduce(0) { $0 + $1.contribution }
      #expect(abs(sum - (why.score - why.anonymousScore)) < 1e-3 * max(1, abs(why.score)))
      #expect(zip(why.items, why.items.dropFirst()).allSatisfy { $0.contribution >= $1.contribution })
      let totals = why.groups.reduce(0) { $0 + $1.total }
      #expect(abs(totals - sum) < 1e-3 * max(1, abs(sum)), "the kinds' totals partition the items")
      #expect(why.topPulls(3).allSatisfy { $0.contribution > 0 })
    }
    let watched = Set(setup.columns.watches.range(ofUser: user).map { setup.columns.watches.video[$0] })
    let firstExplanation = try #require(
      reasons.explanation(of: result.ranked[0].video, generator: recommender.generator))
    let watchInputs = firstExplanation.items.compactMap { item -> Int32? in
      if case .watch(let video) = item.input { video } else { nil }
    }
    #expect(
      !watchInputs.isEmpty && watchInputs.allSatisfy { watched.contains($0) }, "watch reasons are the user's watches")
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
