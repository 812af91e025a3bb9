/// A video in the corpus (Paper §3-4: the items both networks score).
public struct Video: Sendable, Equatable, Codable {
  /// External ID, unique in a workspace.
  public var id: String
  /// Human-readable title.
  public var title: String
  /// The uploading channel.
  public var channel: String
  /// Topic or category.
  public var topic: String
  /// Spoken language (ISO code or name).
  public var language: String
  /// Length in seconds.
  public var durationSeconds: Double
  /// Upload time, Unix seconds.
  public var uploadTime: Int64

  /// A video record.
  public init(
    id: String, title: String, channel: String, topic: String, language: String, durationSeconds: Double,
    uploadTime: Int64
  ) {
    self.id = id
    self.title = title
    self.channel = channel
    self.topic = topic
    self.language = language
    self.durationSeconds = durationSeconds
    self.uploadTime = uploadTime
  }
}

/// A user with the demographics the paper feeds to both networks (Paper §3.3).
public struct User: Sendable, Equatable, Codable {
  /// External ID, unique in a workspace.
  public var id: String
  /// Age in years, when known.
  public var age: Double?
  /// Gender code ("f", "m", ...), when known.
  public var gender: String?
  /// Geographic region.
  public var region: String
  /// Preferred language.
  public var language: String
  /// Device class ("mobile", "desktop", "tv", ...).
  public var device: String
  /// Whether the user is logged in.
  public var loggedIn: Bool

  /// A user record.
  public init(
    id: String, age: Double? = nil, gender: String? = nil, region: String = "unknown", language: String = "unknown",
    device: String = "unknown", loggedIn: Bool = true
  ) {
    self.id = id
    self.age = age
    self.gender = gender
    self.region = region
    self.language = language
    self.device = device
    self.loggedIn = loggedIn
  }
}

/// Where a watch came from (Paper §3.4: train on all watches, not only recommended ones).
public enum WatchSource: UInt8, Sendable, Codable, CaseIterable, CustomStringConvertible {
  /// Clicked from a recommendation slate.
  case recommendation = 0
  /// Reached through search.
  case search = 1
  /// Reached from outside the recommender (links, embeds, subscriptions).
  case external = 2

  /// A short name.
  public var description: String {
    switch self {
    case .recommendation: "recommendation"
    case .search: "search"
    case .external: "external"
    }
  }
}

/// One watch of a video by a user.
public struct Watch: Sendable, Equatable, Codable {
  /// User external ID.
  public var user: String
  /// Video external ID.
  public var video: String
  /// When the watch started, Unix seconds.
  public var time: Int64
  /// Seconds watched.
  public var watchSeconds: Double
  /// How the user got there.
  public var source: WatchSource

  /// A watch record.
  public init(user: String, video: String, time: Int64, watchSeconds: Double, source: WatchSource) {
    self.user = user
    self.video = video
    self.time = time
    self.watchSeconds = watchSeconds
    self.source = source
  }
}

/// One video shown to a user on a page (Paper §4: the ranking network's examples).
public struct Impression: Sendable, Equatable, Codable {
  /// User external ID.
  public var user: String
  /// Video external ID.
  public var video: String
  /// When the page was served, Unix seconds.
  public var time: Int64
  /// The page (request) the impression was part of.
  public var requestID: Int64
  /// Position on the page, from 0.
  public var position: Int
  /// Whether the user clicked it.
  public var clicked: Bool
  /// Seconds watched after the click (0 when not clicked).
  public var watchSeconds: Double

  /// An impression record.
  public init(
    user: String, video: String, time: Int64, requestID: Int64, position: Int, clicked: Bool, watchSeconds: Double
  ) {
    self.user = user
    self.video = video
    self.time = time
    self.requestID = requestID
    self.position = position
    self.clicked = clicked
    self.watchSeconds = watchSeconds
  }
}

/// One search query by a user (Paper §3.3).
public struct Search: Sendable, Equatable, Codable {
  /// User external ID.
  public var user: String
  /// When, Unix seconds.
  public var time: Int64
  /// The query text.
  public var query: String

  /// A search record.
  public init(user: String, time: Int64, query: String) {
    self.user = user
    self.time = time
    self.query = query
  }
}
