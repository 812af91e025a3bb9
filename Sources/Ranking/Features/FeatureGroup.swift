/// Named groups of ranking inputs: the unit of per-feature contributions and of live weights.
///
/// Every input column of the ranking network belongs to exactly one group, so the groups'
/// contributions add up to the whole logit difference from the baseline.
public enum FeatureGroup: String, CaseIterable, Sendable, Codable, Hashable {
  /// The impression's video ID, its channel ID and its duration.
  case video
  /// How much the video was watched in the last week by everyone.
  case popularity
  /// Days since upload.
  case freshness
  /// The candidate generator's score and rank (the source's opinion).
  case candidateScore = "cg-score"
  /// The user's past watches from this channel and topic, and how long ago.
  case channelAffinity = "channel-affinity"
  /// How often users went on from the user's recent watches to this video (related videos).
  case coWatch = "co-watch"
  /// Earlier impressions of this video to this user, and earlier watches of it ("churn").
  case churn
  /// The video's and the user's language.
  case language
  /// The bag and the last of the user's watched videos, and time since the last watch.
  case watchHistory = "watch-history"
  /// Region, device, gender, age and logged-in state.
  case demographics

  /// A short human name for tables and the explorer.
  public var title: String {
    switch self {
    case .video: "video"
    case .popularity: "popularity"
    case .freshness: "freshness"
    case .candidateScore: "CG score"
    case .channelAffinity: "channel affinity"
    case .coWatch: "co-watch"
    case .churn: "churn"
    case .language: "language"
    case .watchHistory: "watch history"
    case .demographics: "demographics"
    }
  }

  /// The ranking network's inputs in this group, in words ("days since upload", "region (embedded)").
  public var inputs: [String] {
    func words(_ name: String) -> String {
      name.reduce(into: "") { text, c in
        if c.isUppercase { text += " " + c.lowercased() } else { text.append(c) }
      }
    }
    let categorical = CategoricalFeature.allCases.filter { $0.group == self }.map { words("\($0)") + " (embedded)" }
    let candidate = CandidateFeature.allCases.filter { $0.group == self }.map { words("\($0)") }
    let query = QueryFeature.allCases.filter { $0.group == self }.map { words("\($0)") }
    return categorical + candidate + query
  }
}
