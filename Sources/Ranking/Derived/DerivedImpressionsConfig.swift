import CandidateGeneration

/// How ranking examples are derived from watches when a workspace logged no impressions
/// (MovieLens, a watch-history export, KuaiRec's matrix).
///
/// Each training watch becomes a request at the watch's time with the history rolled back to
/// just before it. Its page is what the candidate model itself would have served then: the top
/// ``slateSize`` by `u · v_j`, watched videos excluded (the N that serving re-ranks). When the
/// watched video is on that page it is the clicked impression (weight: its watch seconds, Paper
/// §4.2) and ``negativesPerRequest`` other page videos, drawn uniformly, are unclicked impressions
/// (weight 1). A watch outside the page makes no request: a click can only be on what was shown,
/// and the ranking stage only ever re-orders the page.
public struct DerivedImpressionsConfig: Sendable, Codable, Equatable {
  /// Videos on a derived page: the candidate model's top this-many.
  public var slateSize = ServingConfig().candidates
  /// Unclicked slate videos sampled per request.
  public var negativesPerRequest = 20
  /// Of those, how many come from the top ``hardSlateSize`` of the page (hard negatives, where
  /// the ranked top 10 is decided); the rest are drawn from the whole page.
  public var hardNegatives = 0
  /// The top of the page hard negatives are drawn from.
  public var hardSlateSize = 50
  /// Requests per user: the user's last this-many training watches (a fixed number per user, so
  /// that heavy users do not dominate, as in Paper §3.4).
  public var requestsPerUser = 100
  /// Seed of the negative sampling.
  public var seed: UInt64 = 11
  /// Folds of users for cross-fitted CG features: a training request's page and CG features come
  /// from a candidate model trained without its user's fold, so that the model never saw the label
  /// (0 or 1: the workspace's own candidate model, which did). Logged impressions take their
  /// training CG features from the same folds (``RankingDataset``), so the key serves both sources.
  public var crossFitFolds = 2

  /// The defaults.
  public init() {}

  enum CodingKeys: String, CodingKey {
    case slateSize, negativesPerRequest, requestsPerUser, seed, crossFitFolds, hardNegatives, hardSlateSize
  }

  /// Decodes with every key optional (missing keys keep their defaults).
  public init(from decoder: any Decoder) throws {
    self.init()
    let c = try decoder.container(keyedBy: CodingKeys.self)
    slateSize = try c.decodeIfPresent(Int.self, forKey: .slateSize) ?? slateSize
    negativesPerRequest = try c.decodeIfPresent(Int.self, forKey: .negativesPerRequest) ?? negativesPerRequest
    requestsPerUser = try c.decodeIfPresent(Int.self, forKey: .requestsPerUser) ?? requestsPerUser
    seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? seed
    crossFitFolds = try c.decodeIfPresent(Int.self, forKey: .crossFitFolds) ?? crossFitFolds
    hardNegatives = try c.decodeIfPresent(Int.self, forKey: .hardNegatives) ?? hardNegatives
    hardSlateSize = try c.decodeIfPresent(Int.self, forKey: .hardSlateSize) ?? hardSlateSize
  }

  /// Checks every value.
  public func validate() throws(RankingError) {
    guard (1...100_000).contains(slateSize) else {
      throw .invalidConfiguration(field: "derivedImpressions.slateSize", reason: "must be between 1 and 100,000")
    }
    guard (1...10_000).contains(negativesPerRequest) else {
      throw .invalidConfiguration(
        field: "derivedImpressions.negativesPerRequest", reason: "must be between 1 and 10,000")
    }
    guard (0...10).contains(crossFitFolds) else {
      throw .invalidConfiguration(field: "derivedImpressions.crossFitFolds", reason: "must be between 0 and 10")
    }
    guard requestsPerUser >= 1 else {
      throw .invalidConfiguration(field: "derivedImpressions.requestsPerUser", reason: "must be at least 1")
    }
  }
}
