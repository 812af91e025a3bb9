import WorkspaceStore

/// The parameters of a synthetic world. The same configuration and seed always give the
/// same workspace.
public struct WorldConfig: Sendable, Equatable, Codable {
  /// Random seed.
  public var seed: UInt64 = 42
  /// Number of users.
  public var users: Int = 2_000
  /// Number of videos (including the back catalogue uploaded before the window).
  public var videos: Int = 4_000
  /// Length of the activity window in days.
  public var days: Int = 28
  /// Start of the window, Unix seconds (2026-01-01T00:00:00Z).
  public var startTime: Int64 = 1_767_225_600
  /// Videos per channel on average (channel sizes are Zipf-distributed around it).
  public var videosPerChannel: Double = 20
  /// Share of videos uploaded before the window starts.
  public var backCatalogueShare: Double = 0.4
  /// Share of channels that publish episodic series, watched in order.
  public var seriesChannelShare: Double = 0.1
  /// Impressions per page (slate).
  public var slateSize: Int = 10
  /// Mean sessions per user per day.
  public var sessionsPerDay: Double = 0.7
  /// Probability that a session contains a search.
  public var searchProbability: Double = 0.35
  /// Probability that a session contains an external watch (not from recommendations or search).
  public var externalWatchProbability: Double = 0.3
  /// The mechanisms that give the paper's inputs information of their own. Off by default
  /// (``WorldDynamics/none``, the stationary world of earlier versions) until every experiment
  /// reproduces its figure with them; ``WorldDynamics/all`` turns them on.
  public var dynamics: WorldDynamics = .none

  /// The default sample.
  public init() {}

  /// The default sample with users and videos multiplied by `scale`.
  public init(scale: Double, seed: UInt64 = 42) {
    self.seed = seed
    users = max(10, Int((Double(users) * scale).rounded()))
    videos = max(20, Int((Double(videos) * scale).rounded()))
  }

  /// Time of the end of the window, Unix seconds.
  public var endTime: Int64 { startTime + Int64(days) * Seconds.perDay }
}
