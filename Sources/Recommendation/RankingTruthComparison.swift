import WorkspaceStore

/// The ranked top 10 against the candidate generator's top 10, scored by a known truth: the true
/// expected watch time of each shown video (the synthetic world's latent model).
public struct RankingTruthComparison: Sendable, Codable, Equatable {
  /// Users measured.
  public var users: Int
  /// Mean true expected watch seconds of the ranking model's top 10.
  public var rankedTop10: Double
  /// The same for the candidate generator's own top 10.
  public var candidateTop10: Double
  /// The same for the best 10 of the retrieved candidates (an upper bound for any ranker).
  public var oracleTop10: Double

  /// Measures the first `users` users with a watch history.
  ///
  /// - Parameter trueWatchSeconds: the truth for (dense user, workspace video) at serving time.
  public static func measure(
    recommender: Recommender, users: Int, trueWatchSeconds: (Int32, Int32) -> Double
  ) throws(RecommendationError) -> RankingTruthComparison {
    var ranked = 0.0
    var candidate = 0.0
    var oracle = 0.0
    var measured = 0
    for u in 0..<recommender.columns.users.count where measured < users {
      guard !recommender.columns.watches.range(ofUser: u).isEmpty else { continue }
      let list = try recommender.recommend(user: Int32(u))
      guard list.ranked.count >= 10 else { continue }
      let truth = list.ranked.map { trueWatchSeconds(Int32(u), $0.video) }
      ranked += truth.prefix(10).reduce(0, +) / 10
      let byCandidateRank = list.ranked.indices.sorted { list.ranked[$0].candidateRank < list.ranked[$1].candidateRank }
      candidate += byCandidateRank.prefix(10).reduce(0) { $0 + truth[$1] } / 10
      oracle += truth.sorted(by: >).prefix(10).reduce(0, +) / 10
      measured += 1
    }
    let n = Double(max(measured, 1))
    return RankingTruthComparison(
      users: measured, rankedTop10: ranked / n, candidateTop10: candidate / n, oracleTop10: oracle / n)
  }
}
