/// Per-video attributes as columns, indexed by dense video index.
public struct VideoColumns: Sendable {
  /// External IDs.
  public var ids: [String] = []
  /// Titles.
  public var titles: [String] = []
  /// Channel codes into ``channels``.
  public var channel: [Int32] = []
  /// Topic codes into ``topics``.
  public var topic: [Int32] = []
  /// Language codes into the shared ``EventColumns/languages`` codebook.
  public var language: [Int32] = []
  /// Durations in seconds.
  public var durationSeconds: [Float] = []
  /// Upload times, Unix seconds.
  public var uploadTime: [Int64] = []
  /// Channel names.
  public var channels = Codebook()
  /// Topic names.
  public var topics = Codebook()

  /// The number of videos.
  public var count: Int { ids.count }
}

/// Per-user attributes as columns, indexed by dense user index.
public struct UserColumns: Sendable {
  /// External IDs.
  public var ids: [String] = []
  /// Age in years, NaN when unknown.
  public var age: [Float] = []
  /// Gender codes into ``genders`` (-1 when unknown).
  public var gender: [Int32] = []
  /// Region codes into ``regions``.
  public var region: [Int32] = []
  /// Language codes into the shared ``EventColumns/languages`` codebook.
  public var language: [Int32] = []
  /// Device codes into ``devices``.
  public var device: [Int32] = []
  /// Logged-in state.
  public var loggedIn: [Bool] = []
  /// Gender names.
  public var genders = Codebook()
  /// Region names.
  public var regions = Codebook()
  /// Device names.
  public var devices = Codebook()

  /// The number of users.
  public var count: Int { ids.count }
}

/// All watches, sorted by user then time, with per-user offsets (CSR).
public struct WatchColumns: Sendable {
  /// User index per watch.
  public var user: [Int32] = []
  /// Video index per watch.
  public var video: [Int32] = []
  /// Start time, Unix seconds.
  public var time: [Int64] = []
  /// Seconds watched.
  public var watchSeconds: [Float] = []
  /// ``WatchSource`` raw values.
  public var source: [UInt8] = []
  /// User `u`'s watches are `userOffsets[u]..<userOffsets[u + 1]`.
  public var userOffsets: [Int] = [0]

  /// The number of watches.
  public var count: Int { user.count }
  /// The index range of user `u`'s watches, oldest first.
  public func range(ofUser u: Int) -> Range<Int> { userOffsets[u]..<userOffsets[u + 1] }
}

/// All impressions, sorted by user then time, with per-user offsets (CSR).
public struct ImpressionColumns: Sendable {
  /// User index per impression.
  public var user: [Int32] = []
  /// Video index per impression.
  public var video: [Int32] = []
  /// Serve time, Unix seconds.
  public var time: [Int64] = []
  /// Page (request) ID.
  public var request: [Int64] = []
  /// Position on the page.
  public var position: [Int16] = []
  /// Clicked or not.
  public var clicked: [Bool] = []
  /// Seconds watched (0 when not clicked).
  public var watchSeconds: [Float] = []
  /// User `u`'s impressions are `userOffsets[u]..<userOffsets[u + 1]`.
  public var userOffsets: [Int] = [0]

  /// The number of impressions.
  public var count: Int { user.count }
  /// The index range of user `u`'s impressions, oldest first.
  public func range(ofUser u: Int) -> Range<Int> { userOffsets[u]..<userOffsets[u + 1] }

  /// No impressions for `users` users.
  public init(users: Int = 0) { userOffsets = [Int](repeating: 0, count: users + 1) }
}

/// All searches, sorted by user then time, with per-user offsets (CSR).
public struct SearchColumns: Sendable {
  /// User index per search.
  public var user: [Int32] = []
  /// Time, Unix seconds.
  public var time: [Int64] = []
  /// Query text.
  public var query: [String] = []
  /// User `u`'s searches are `userOffsets[u]..<userOffsets[u + 1]`.
  public var userOffsets: [Int] = [0]

  /// The number of searches.
  public var count: Int { user.count }
  /// The index range of user `u`'s searches, oldest first.
  public func range(ofUser u: Int) -> Range<Int> { userOffsets[u]..<userOffsets[u + 1] }
}

/// A whole workspace in columnar memory, the input of training.
public struct EventColumns: Sendable {
  /// Videos.
  public var videos = VideoColumns()
  /// Users.
  public var users = UserColumns()
  /// Watches by user and time.
  public var watches = WatchColumns()
  /// Impressions by user and time.
  public var impressions = ImpressionColumns()
  /// Searches by user and time.
  public var searches = SearchColumns()
  /// Language names, shared by users and videos (Paper §4.1: one table per ID space).
  public var languages = Codebook()

  /// An empty set of columns.
  public init() {}

  /// Total events: watches, impressions and searches.
  public var eventCount: Int { watches.count + impressions.count + searches.count }
}
