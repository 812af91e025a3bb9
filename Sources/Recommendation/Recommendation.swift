import Foundation
import NeuralCore
import Ranking

/// How a recommendation was produced.
public enum RecommendationSource: Sendable, Equatable, Codable {
  /// The two-stage pipeline over the user's history.
  case personalized
  /// The user has no watches: the candidate model sees only demographics (and searches).
  case demographicsOnly
  /// The user is not in the workspace: the most watched videos of the last week.
  case popularityFallback

  /// A label for people.
  public var label: String {
    switch self {
    case .personalized: "personalized"
    case .demographicsOnly: "demographics only (the user has no watch history)"
    case .popularityFallback: "popularity fallback (unknown user)"
    }
  }
}

/// Which stages ordered a recommendation.
public enum RankingStage: String, Sendable, Equatable, Codable {
  /// The ranking network ordered the candidates (Paper §4).
  case twoStage = "two-stage"
  /// No ranking model yet: the candidates in the candidate model's order (Paper §3 alone).
  case candidateOrder = "candidate order"
}

/// One candidate with its place in both stages.
public struct RankedCandidate: Sendable, Equatable {
  /// Workspace video index.
  public var video: Int32
  /// Position in the candidate generator's list (0 = best).
  public var candidateRank: Int
  /// The candidate generator's score `u · v_j`.
  public var candidateScore: Float
  /// The ranking model's logit `z`.
  public var modelLogit: Float
  /// The logit under the current group weights, `z + Σ_g (w_g − 1) · c_g` (equal to `z` at weights 1).
  public var logit: Float
  /// Position in the ranked list (0 = best).
  public var rank: Int
  /// Contribution of each feature group to the model's logit, in ``FeatureGroup/allCases`` order.
  public var contributions: [Float]

  /// A candidate.
  public init(
    video: Int32, candidateRank: Int, candidateScore: Float, modelLogit: Float, logit: Float, rank: Int,
    contributions: [Float]
  ) {
    self.video = video
    self.candidateRank = candidateRank
    self.candidateScore = candidateScore
    self.modelLogit = modelLogit
    self.logit = logit
    self.rank = rank
    self.contributions = contributions
  }

  /// `exp(z)` (Paper §4.2): what it estimates depends on the ranking model's weighting
  /// (``Recommendation/weighting``, ``RankingConfig/Weighting/scoreMeaning``); watch seconds
  /// unless it is a click model.
  public var expectedWatchSeconds: Double { Foundation.exp(Double(logit)) }

  /// The groups sorted by the size of their contribution, largest first.
  public func topGroups(_ n: Int) -> [(group: FeatureGroup, contribution: Float)] {
    zip(FeatureGroup.allCases, contributions).sorted { abs($0.1) > abs($1.1) }.prefix(n).map { ($0.0, $0.1) }
  }
}

/// Seconds spent in each stage of one request.
public struct StageTimings: Sendable, Equatable, Codable {
  /// Building the user's history state and the candidate model's user vector.
  public var userVector: Double = 0
  /// The ANN search.
  public var retrieval: Double = 0
  /// Computing the ranking features.
  public var features: Double = 0
  /// The ranking network with contributions, and sorting.
  public var ranking: Double = 0

  /// Zero times.
  public init() {}

  /// All stages.
  public var total: Double { userVector + retrieval + features + ranking }
}

/// The answer to one `recommend` request: every candidate, ranked, with contributions.
public struct Recommendation: Sendable {
  /// Dense user index (-1 for an unknown user).
  public var user: Int32
  /// How it was produced.
  public var source: RecommendationSource
  /// Every candidate in ranked order (best first).
  public var ranked: [RankedCandidate]
  /// The logit of the contributions' reference input.
  public var baselineLogit: Float
  /// Time per stage.
  public var timings: StageTimings
  /// Whether the ranking model ordered the list, or it is the candidate model's order.
  public var stage: RankingStage
  /// The ranking model's example weighting, which says what `exp(z)` is; nil in the candidate order.
  public var weighting: RankingConfig.Weighting?

  /// A recommendation.
  public init(
    user: Int32, source: RecommendationSource, ranked: [RankedCandidate], baselineLogit: Float, timings: StageTimings,
    stage: RankingStage = .twoStage, weighting: RankingConfig.Weighting? = nil
  ) {
    self.user = user
    self.source = source
    self.ranked = ranked
    self.baselineLogit = baselineLogit
    self.timings = timings
    self.stage = stage
    self.weighting = weighting
  }

  /// The name of the score column (at most 8 characters): ``RankingConfig/Weighting/scoreColumn``
  /// for `exp(z)`, or "CG score" in the candidate model's order.
  public var scoreColumn: String {
    stage == .candidateOrder ? "CG score" : weighting?.scoreColumn ?? "exp(z)"
  }

  /// The score of `candidate` for that column: `exp(z)` as a duration where it is watch seconds,
  /// as a number for a click model, and `u · v` in the candidate model's order.
  public func formattedScore(_ candidate: RankedCandidate) -> String {
    if stage == .candidateOrder { return String(format: "%.3f", candidate.candidateScore) }
    if weighting?.predictsWatchTime == false { return String(format: "%.3g", candidate.expectedWatchSeconds) }
    return DurationFormat.short(candidate.expectedWatchSeconds)
  }

  /// The best `k`.
  public func top(_ k: Int) -> ArraySlice<RankedCandidate> { ranked.prefix(k) }

  /// The list re-sorted under new group weights, without running any network:
  /// each candidate's logit becomes `z + Σ_g (w_g − 1) · c_g` of its model logit `z`.
  /// Ties keep the candidate generator's order.
  ///
  /// - Complexity: O(n × groups + n log n).
  public func reranked(_ weights: GroupWeights) -> Recommendation {
    var result = self
    let w = weights.ordered
    let adjusted = ranked.map {
      GroupWeights.adjustedLogit($0.modelLogit, contributions: $0.contributions, weights: w)
    }
    let order = ranked.indices.sorted {
      adjusted[$0] != adjusted[$1] ? adjusted[$0] > adjusted[$1] : ranked[$0].candidateRank < ranked[$1].candidateRank
    }
    result.ranked = order.enumerated().map { position, i in
      var candidate = ranked[i]
      candidate.logit = adjusted[i]
      candidate.rank = position
      return candidate
    }
    return result
  }
}
