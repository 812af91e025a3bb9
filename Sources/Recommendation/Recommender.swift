import CandidateGeneration
import Foundation
import NeuralCore
import Ranking
import Retrieval
import WorkspaceStore

/// Errors of the recommend pipeline.
public enum RecommendationError: Error, Sendable, CustomStringConvertible {
  /// The ANN index failed (a bad query vector, a mismatched index).
  case retrieval(RetrievalError)
  /// A request parameter is out of range.
  case invalidRequest(String)
  /// The user ID is not in the workspace (and the popularity fallback was not asked for).
  case unknownUser(String)

  /// A message for people.
  public var description: String {
    switch self {
    case .retrieval(let error): "candidate retrieval failed: \(error)"
    case .invalidRequest(let reason): "invalid recommend request: \(reason)"
    case .unknownUser(let id): "no user '\(id)' in the workspace"
    }
  }
}

/// The two-stage recommender (Paper §2): the candidate model's user vector (example age 0) →
/// ANN top N over the video embeddings, already-watched videos excluded → ranking features →
/// the ranking network with per-group contributions → the ranked list.
public struct Recommender: Sendable {
  /// The workspace's events.
  public let columns: EventColumns
  /// The candidate-generation model bound to the columns.
  public let generator: BoundCandidateModel
  /// The ANN index over the candidate model's video embeddings.
  public let retriever: VideoRetriever
  /// The ranking model; nil before one is trained (the list is then the candidate model's order).
  public let ranking: RankingModel?
  /// The workspace mapped into the ranking model's ID spaces.
  public let rankingLookup: RankingFeatureLookup?
  /// Ranking feature computation.
  public let builder: RankingFeatureBuilder
  /// N and the ANN search's candidate list.
  public var serving = ServingConfig()
  /// The serving time: one second after the workspace's last event.
  public var now: Int64

  /// A recommender over a workspace's trained models and an index of the candidate model's embeddings.
  ///
  /// A request allocates and frees the same few megabytes (the ranking tower's activations);
  /// the process keeps freed memory for reuse (``MemoryTuning/keepFreedMemory()``), so that
  /// requests do not fault in fresh pages.
  ///
  /// - Parameter ranking: the ranking model, or nil to serve the candidate model's order.
  /// - Throws: ``RecommendationError/retrieval(_:)`` when the index does not match the embeddings.
  public init(
    columns: EventColumns, generator: BoundCandidateModel, index: HNSWIndex, ranking: RankingModel?
  ) throws(RecommendationError) {
    MemoryTuning.keepFreedMemory()
    self.columns = columns
    self.generator = generator
    do { retriever = try VideoRetriever(embeddings: generator.model.videoEmbeddings, index: index) } catch {
      throw .retrieval(error)
    }
    self.ranking = ranking
    rankingLookup = ranking.map { RankingFeatureLookup(columns: columns, space: $0.space) }
    builder = RankingFeatureBuilder(columns: columns)
    let last = [columns.watches.time.max(), columns.impressions.time.max(), columns.searches.time.max()]
      .compactMap { $0 }.max()
    now = (last ?? 0) + 1
  }

  /// Recommendations for the user with external ID `id`.
  ///
  /// - Parameter allowUnknown: give an unknown ID the popularity fallback (labelled as such)
  ///   instead of throwing ``RecommendationError/unknownUser(_:)``.
  public func recommend(
    userID id: String, k: Int = 20, weights: GroupWeights = GroupWeights(), allowUnknown: Bool = false
  ) throws(RecommendationError) -> Recommendation {
    guard let user = columns.users.ids.firstIndex(of: id) else {
      guard allowUnknown else { throw .unknownUser(id) }
      return popularityFallback(k: k)
    }
    return try recommend(user: Int32(user), weights: weights)
  }

  /// The whole ranked candidate list for dense user `user` (take ``Recommendation/top(_:)``).
  ///
  /// - Complexity: one user vector, one ANN search, N feature rows and one batched pass of the
  ///   ranking network with contributions.
  public func recommend(user: Int32, weights: GroupWeights = GroupWeights()) throws(RecommendationError)
    -> Recommendation
  {
    guard user >= 0, Int(user) < columns.users.count else {
      throw .invalidRequest("user index \(user) is outside 0..<\(columns.users.count)")
    }
    var timings = StageTimings()
    var clock = Date()
    func lap() -> Double {
      let now = Date()
      defer { clock = now }
      return now.timeIntervalSince(clock)
    }
    let (activity, historyEnd) = builder.activity(ofUser: user, before: now)
    let target = PredictionTarget(user: user, historyEnd: historyEnd, time: now, videos: [])
    let userVector = Array(generator.userVectors([target]).row(0))
    let watched = Set(
      target.historyVideos(in: columns).map { generator.lookup.classOfVideo[Int($0)] }.filter { $0 >= 0 })
    timings.userVector = lap()

    let found: [SearchResult]
    do throws(RetrievalError) {
      found = try retriever.candidates(
        for: userVector, n: serving.candidates, ef: serving.searchList, excluding: watched)
    } catch { throw .retrieval(error) }
    let candidates = found.compactMap { result -> (video: Int32, score: Float)? in
      let v = generator.lookup.videoOfClass[Int(result.id)]
      return v >= 0 ? (v, result.score) : nil
    }
    timings.retrieval = lap()

    let source: RecommendationSource =
      historyEnd > columns.watches.range(ofUser: Int(user)).lowerBound
      ? .personalized : .demographicsOnly
    guard let ranking, let rankingLookup else {
      let zero = [Float](repeating: 0, count: FeatureGroup.allCases.count)
      let ordered = candidates.enumerated().map { i, candidate in
        RankedCandidate(
          video: candidate.video, candidateRank: i, candidateScore: candidate.score, modelLogit: candidate.score,
          logit: candidate.score, rank: i, contributions: zero)
      }
      timings.ranking = lap()
      return Recommendation(
        user: user, source: source, ranked: ordered, baselineLogit: 0, timings: timings, stage: .candidateOrder)
    }
    var examples = RankingExamples()
    builder.appendRequest(
      user: user, time: now, historyEnd: historyEnd, activity: activity, candidates: candidates.map(\.video),
      to: &examples)
    for (i, candidate) in candidates.enumerated() {
      examples.setValue(candidate.score, .candidateScore, of: i)
      examples.setValue(Float(i), .candidateRank, of: i)
    }
    let inputs = ranking.inputs(examples, rows: 0..<examples.count, columns: columns, lookup: rankingLookup)
    timings.features = lap()

    let contributions = ranking.contributions(inputs)
    let unranked = candidates.enumerated().map { i, candidate in
      RankedCandidate(
        video: candidate.video, candidateRank: i, candidateScore: candidate.score,
        modelLogit: contributions.logits[i], logit: contributions.logits[i], rank: i,
        contributions: contributions.contributions(of: i))
    }
    let result = Recommendation(
      user: user, source: source, ranked: unranked, baselineLogit: contributions.baselineLogit, timings: timings,
      weighting: ranking.config.weighting
    )
    .reranked(weights)
    var timed = result
    timed.timings.ranking = lap()
    return timed
  }

  /// The `k` most watched videos of the last week, for users the models know nothing about.
  public func popularityFallback(k: Int) -> Recommendation {
    let views = (0..<columns.videos.count).map { Float(builder.popularity.views(of: Int32($0), before: now)) }
    let top = TopK.select(views, k: k)
    let ranked = top.enumerated().map { i, v in
      RankedCandidate(
        video: v, candidateRank: i, candidateScore: views[Int(v)], modelLogit: 0, logit: 0, rank: i,
        contributions: [Float](repeating: 0, count: FeatureGroup.allCases.count))
    }
    return Recommendation(
      user: -1, source: .popularityFallback, ranked: ranked, baselineLogit: 0, timings: StageTimings())
  }
}
