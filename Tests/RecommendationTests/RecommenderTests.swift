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
