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
  public var slateSize = 500
  /// Unclicked slate videos sampled per request.
  public var negativesPerRequest = 20
  /// Requests per user: the user's last this-many training watches (a fixed number per user, so
  /// that heavy users do not dominate, as in Paper §3.4).
  public var requestsPerUser = 100
  /// Seed of the negative sampling.
  public var seed: UInt64 = 11

  /// The defaults.
  public init() {}

  enum CodingKeys: String, CodingKey {
    case slateSize, negativesPerRequest, requestsPerUser, seed
  }

  /// Decodes with every key optional (missing keys keep their defaults).
  public init(from decoder: any Decoder) throws {
    self.init()
    let c = try decoder.container(keyedBy: CodingKeys.self)
    slateSize = try c.decodeIfPresent(Int.self, forKey: .slateSize) ?? slateSize
    negativesPerRequest = try c.decodeIfPresent(Int.self, forKey: .negativesPerRequest) ?? negativesPerRequest
    requestsPerUser = try c.decodeIfPresent(Int.self, forKey: .requestsPerUser) ?? requestsPerUser
    seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? seed
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
    guard requestsPerUser >= 1 else {
      throw .invalidConfiguration(field: "derivedImpressions.requestsPerUser", reason: "must be at least 1")
    }
  }
}
