import Algorithms
import WorkspaceStore

/// What one user has done up to a moment: the running state behind the ranking's
/// "previous interaction with this item and similar items" features (Paper §4.1).
///
/// Built by replaying the user's watches and impressions in time order, so training
/// examples see only the past of their request.
public struct UserActivity: Sendable {
  /// How often and when last.
  public struct Recency: Sendable, Equatable {
    /// Number of events.
    public var count: Int32
    /// Time of the latest, Unix seconds.
    public var last: Int64
  }

  /// Watches per channel code.
  public private(set) var channels: [Int32: Recency] = [:]
  /// Watches per topic code.
  public private(set) var topics: [Int32: Recency] = [:]
  /// Watches per video index.
  public private(set) var videos: [Int32: Recency] = [:]
  /// Impressions per video index.
  public private(set) var impressions: [Int32: Recency] = [:]
  /// Time of the latest watch.
  public private(set) var lastWatch: Int64?
  /// Number of watches so far.
  public private(set) var watchCount = 0

  /// No activity.
  public init() {}

  /// Adds a watch of workspace video `video` at `time`.
  public mutating func recordWatch(video: Int32, time: Int64, catalogue: VideoColumns) {
    Self.bump(&videos, video, time)
    Self.bump(&channels, catalogue.channel[Int(video)], time)
    Self.bump(&topics, catalogue.topic[Int(video)], time)
    lastWatch = max(lastWatch ?? time, time)
    watchCount += 1
  }

  /// Adds an impression of `video` at `time`.
  public mutating func recordImpression(video: Int32, time: Int64) { Self.bump(&impressions, video, time) }

  private static func bump(_ map: inout [Int32: Recency], _ key: Int32, _ time: Int64) {
    if var entry = map[key] {
      entry.count += 1
      entry.last = max(entry.last, time)
      map[key] = entry
    } else {
      map[key] = Recency(count: 1, last: time)
    }
  }
}

/// Everyone's watches of each video over time: "views in the last week" at any moment.
public struct PopularityTimeline: Sendable {
  /// Video `v`'s sorted watch times are `times[offsets[v]..<offsets[v + 1]]`.
  private let offsets: [Int]
  private let times: [Int64]

  /// The timeline of all watches in `columns`.
  ///
  /// - Complexity: O(watches log watches).
  public init(columns: EventColumns) {
    let videoCount = columns.videos.count
    var counts = [Int](repeating: 0, count: videoCount + 1)
    for v in columns.watches.video { counts[Int(v) + 1] += 1 }
    for v in 0..<videoCount { counts[v + 1] += counts[v] }
    var fill = counts
    var sortedTimes = [Int64](repeating: 0, count: columns.watches.count)
    for (i, v) in columns.watches.video.enumerated() {
      sortedTimes[fill[Int(v)]] = columns.watches.time[i]
      fill[Int(v)] += 1
    }
    for v in 0..<videoCount { sortedTimes[counts[v]..<counts[v + 1]].sort() }
    offsets = counts
    times = sortedTimes
  }

  /// Watches of `video` in `[time - window, time)`.
  ///
  /// - Complexity: O(log watches of the video).
  public func views(of video: Int32, before time: Int64, window: Int64 = 7 * Seconds.perDay) -> Int {
    let v = Int(video)
    guard v >= 0, v + 1 < offsets.count else { return 0 }
    let range = offsets[v]..<offsets[v + 1]
    return lowerBound(time, in: range) - lowerBound(time - window, in: range)
  }

  /// Watches of each of `videos` in the week and in the day before `time`: both windows of
  /// ``views(of:before:window:)`` from one search for `time` (skipped when every watch is
  /// earlier, as at serving time), the day's search kept inside the week's. The memory each
  /// needs is loaded in passes of independent loads (the videos' offsets, then their last watch
  /// times), so that a request's few hundred cache misses overlap instead of coming one by one.
  ///
  /// - Complexity: O(videos × log watches of a video).
  public func recentViews(of videos: [Int32], before time: Int64) -> [(week: Int, day: Int)] {
    let ranges = videos.map { video -> Range<Int> in
      let v = Int(video)
      return v >= 0 && v + 1 < offsets.count ? offsets[v]..<offsets[v + 1] : 0..<0
    }
    let lastTimes = ranges.map { $0.isEmpty ? Int64.min : times[$0.upperBound - 1] }
    return ranges.indices.map { i in
      let range = ranges[i]
      guard !range.isEmpty else { return (0, 0) }
      let end = lastTimes[i] < time ? range.upperBound : lowerBound(time, in: range)
      let weekStart = lowerBound(time - 7 * Seconds.perDay, in: range.lowerBound..<end)
      let dayStart = lowerBound(time - Seconds.perDay, in: weekStart..<end)
      return (end - weekStart, end - dayStart)
    }
  }

  private func lowerBound(_ value: Int64, in range: Range<Int>) -> Int {
    times[range].partitioningIndex { $0 >= value }
  }
}
