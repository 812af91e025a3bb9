/// Continuous features computed per candidate (Paper §4.1 impression features).
public enum CandidateFeature: Int, CaseIterable, Sendable, Codable {
  /// Video length in seconds.
  case duration
  /// Watches of the video by anyone in the 7 days before the request.
  case viewsLastWeek
  /// Watches of the video by anyone in the day before the request (what is trending now).
  case viewsLastDay
  /// Days since upload.
  case daysSinceUpload
  /// The candidate generator's score `u · v_j`.
  case candidateScore
  /// The video's rank in the candidate generator's order (0 = best).
  case candidateRank
  /// The user's earlier watches from this video's channel.
  case channelWatches
  /// Days since the user last watched this channel (a large sentinel when never).
  case daysSinceChannelWatch
  /// The user's earlier watches on this video's topic.
  case topicWatches
  /// Days since the user last watched this topic.
  case daysSinceTopicWatch
  /// Earlier impressions of this video to this user.
  case earlierImpressions
  /// Days since this video was last shown to this user.
  case daysSinceImpression
  /// The user's earlier watches of this very video.
  case earlierWatches
  /// How often users went on from the user's last watched video to this one, before the request.
  case coWatchLast
  /// The same summed over the user's last five watched videos.
  case coWatchRecent

  /// The feature's group.
  public var group: FeatureGroup {
    switch self {
    case .duration: .video
    case .viewsLastWeek, .viewsLastDay: .popularity
    case .daysSinceUpload: .freshness
    case .candidateScore, .candidateRank: .candidateScore
    case .channelWatches, .daysSinceChannelWatch, .topicWatches, .daysSinceTopicWatch: .channelAffinity
    case .earlierImpressions, .daysSinceImpression, .earlierWatches: .churn
    case .coWatchLast, .coWatchRecent: .coWatch
    }
  }
}

/// Continuous features computed once per request (Paper §4.1 query features).
public enum QueryFeature: Int, CaseIterable, Sendable, Codable {
  /// Days since the user's last watch.
  case daysSinceLastWatch
  /// How many watches the user has.
  case historyLength
  /// Age in years (the population median when unknown).
  case age
  /// 1 when logged in.
  case loggedIn

  /// The feature's group.
  public var group: FeatureGroup {
    switch self {
    case .daysSinceLastWatch, .historyLength: .watchHistory
    case .age, .loggedIn: .demographics
    }
  }
}

/// The ID spaces of the ranking model: one embedding table each (Paper §4.1 shared embeddings).
public enum IDSpace: Int, CaseIterable, Sendable, Codable {
  /// Video IDs: the impression, the last watched video and the watch bag share it.
  case videos
  /// Channel IDs.
  case channels
  /// Languages, shared by users and videos.
  case languages
  /// Regions.
  case regions
  /// Device classes.
  case devices
  /// Genders.
  case genders
}

/// Univalent categorical inputs, each entering the network as its own block.
public enum CategoricalFeature: Int, CaseIterable, Sendable, Codable {
  /// The impression's video.
  case video
  /// The impression's channel.
  case channel
  /// The impression's language.
  case videoLanguage
  /// The user's last watched video.
  case lastWatched
  /// The user's language.
  case userLanguage
  /// The user's region.
  case region
  /// The user's device.
  case device
  /// The user's gender.
  case gender

  /// Whether the value is the same for every candidate of a request.
  public var isQuery: Bool {
    switch self {
    case .video, .channel, .videoLanguage: false
    default: true
    }
  }

  /// The table it looks up.
  public var space: IDSpace {
    switch self {
    case .video, .lastWatched: .videos
    case .channel: .channels
    case .videoLanguage, .userLanguage: .languages
    case .region: .regions
    case .device: .devices
    case .gender: .genders
    }
  }

  /// The feature's group.
  public var group: FeatureGroup {
    switch self {
    case .video, .channel: .video
    case .videoLanguage, .userLanguage: .language
    case .lastWatched: .watchHistory
    case .region, .device, .gender: .demographics
    }
  }

  /// Candidate-side features, in input order.
  public static let candidateSide = allCases.filter { !$0.isQuery }
  /// Query-side features, in input order.
  public static let querySide = allCases.filter(\.isQuery)
}
