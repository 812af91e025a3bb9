/// A what-if edit of one user's context: watches removed or added, searches added, demographics
/// changed. Applied to the user's own columns (``EventColumns/editing(user:with:at:)``); the
/// workspace is never touched.
public struct UserEdit: Sendable, Equatable {
  /// Videos whose every watch by the user is left out.
  public var removedWatches: Set<Int32> = []
  /// Videos the user watches just before the request, oldest first.
  public var addedWatches: [Int32] = []
  /// Search queries the user makes just before the request, oldest first.
  public var addedQueries: [String] = []
  /// A new age (years).
  public var age: Float?
  /// A new gender ("f", "m", or another value of the workspace).
  public var gender: String?
  /// A new region.
  public var region: String?
  /// A new device.
  public var device: String?

  /// No edit.
  public init() {}

  /// Whether nothing is edited.
  public var isEmpty: Bool { self == UserEdit() }

  /// How many edits there are (for a status line).
  public var count: Int {
    removedWatches.count + addedWatches.count + addedQueries.count
      + [age != nil, gender != nil, region != nil, device != nil].filter { $0 }.count
  }

  /// Seconds between consecutive added events (less when the user's last event is closer to the request).
  public static let spacing: Int64 = 60
}

extension EventColumns {
  /// The columns of `user` alone, edited as `edit` says, for a request at `time`: removed
  /// watches are left out, added watches and searches are placed just before `time`
  /// (``UserEdit/spacing`` apart, after the user's other events before `time`), demographics
  /// replaced. Every other user's event ranges are empty; the users, videos and vocabularies are
  /// this value's (shared, not copied, but for an edited demographic column). A what-if request
  /// reads only its user's events, and takes the world's counts (popularity, co-watch) from the
  /// real columns.
  ///
  /// - Complexity: O(the user's events + users): no other user's events are copied.
  public func editing(user: Int32, with edit: UserEdit, at time: Int64) -> EventColumns {
    var result = self
    let u = Int(user)
    if let age = edit.age { result.users.age[u] = age }
    if let gender = edit.gender { result.users.gender[u] = result.users.genders.code(for: gender) }
    if let region = edit.region { result.users.region[u] = result.users.regions.code(for: region) }
    if let device = edit.device { result.users.device[u] = result.users.devices.code(for: device) }
    let added = Int64(edit.addedWatches.count + edit.addedQueries.count)
    // The added events go after the user's last event before `time`, up to a second before it.
    let earlier =
      (watches.range(ofUser: u).map { watches.time[$0] } + searches.range(ofUser: u).map { searches.time[$0] })
      .filter { $0 < time }.max() ?? (time - added * UserEdit.spacing - 1)
    var next = max(time - added * UserEdit.spacing, earlier + 1)
    let step = added > 0 ? max(min(UserEdit.spacing, (time - 1 - next) / added), 0) : 0
    // Watches: the user's kept ones before `time`, then the added ones, then any after `time`.
    let kept = watches.range(ofUser: u).filter { !edit.removedWatches.contains(watches.video[$0]) }
    let split = kept.firstIndex { watches.time[$0] >= time } ?? kept.count
    let addedWatchTimes = edit.addedWatches.indices.map { next + Int64($0) * step }
    next += Int64(edit.addedWatches.count) * step
    var rows = WatchColumns()
    rows.video = kept[..<split].map { watches.video[$0] } + edit.addedWatches + kept[split...].map { watches.video[$0] }
    rows.time = kept[..<split].map { watches.time[$0] } + addedWatchTimes + kept[split...].map { watches.time[$0] }
    rows.watchSeconds =
      kept[..<split].map { watches.watchSeconds[$0] }
      + edit.addedWatches.map { Int($0) < videos.count ? videos.durationSeconds[Int($0)] : 0 }
      + kept[split...].map { watches.watchSeconds[$0] }
    rows.source =
      kept[..<split].map { watches.source[$0] }
      + edit.addedWatches.map { _ in WatchSource.external.rawValue } + kept[split...].map { watches.source[$0] }
    rows.user = [Int32](repeating: user, count: rows.video.count)
    rows.userOffsets = EventColumns.offsets(ofOnly: u, rows: rows.user.count, users: users.count)
    result.watches = rows
    // Searches: the user's before `time`, the added queries, then any after `time`.
    let searchRange = searches.range(ofUser: u)
    let searchSplit = searchRange.first { searches.time[$0] >= time } ?? searchRange.upperBound
    var searchRows = SearchColumns()
    searchRows.time =
      Array(searches.time[searchRange.lowerBound..<searchSplit])
      + edit.addedQueries.indices.map { next + Int64($0) * step } + searches.time[searchSplit..<searchRange.upperBound]
    searchRows.query =
      Array(searches.query[searchRange.lowerBound..<searchSplit]) + edit.addedQueries
      + searches.query[searchSplit..<searchRange.upperBound]
    searchRows.user = [Int32](repeating: user, count: searchRows.time.count)
    searchRows.userOffsets = EventColumns.offsets(ofOnly: u, rows: searchRows.user.count, users: users.count)
    result.searches = searchRows
    result.impressions = impressions.only(user: u, users: users.count)
    return result
  }
}

extension ImpressionColumns {
  /// User `u`'s rows alone, every other user's range empty.
  func only(user u: Int, users: Int) -> ImpressionColumns {
    let range = self.range(ofUser: u)
    var result = ImpressionColumns()
    result.user = Array(user[range])
    result.video = Array(video[range])
    result.time = Array(time[range])
    result.request = Array(request[range])
    result.position = Array(position[range])
    result.clicked = Array(clicked[range])
    result.watchSeconds = Array(watchSeconds[range])
    result.userOffsets = EventColumns.offsets(ofOnly: u, rows: range.count, users: users)
    return result
  }
}

extension EventColumns {
  /// Per-user row offsets of columns that hold `rows` rows of user `u` and none of the other
  /// `users - 1` users.
  static func offsets(ofOnly u: Int, rows: Int, users: Int) -> [Int] {
    [Int](repeating: 0, count: u + 1) + [Int](repeating: rows, count: users - u)
  }
}
