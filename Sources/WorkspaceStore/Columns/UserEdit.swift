/// A what-if edit of one user's context: watches removed or added, searches added, demographics
/// changed. Applied to a copy of the columns (``EventColumns/editing(user:with:at:)``); the
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
  /// A copy of the columns with `user`'s events edited as `edit` says, for a request at `time`:
  /// removed watches are left out, added watches and searches are placed just before `time`
  /// (``UserEdit/spacing`` apart, after the user's other events before `time`), demographics
  /// replaced. Every other user's events are unchanged and keep their order.
  ///
  /// - Complexity: O(events): the columns are copied once.
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
    let range = watches.range(ofUser: u)
    var kept = range.filter { !edit.removedWatches.contains(watches.video[$0]) }
    let split = kept.firstIndex { watches.time[$0] >= time } ?? kept.count
    let later = Array(kept[split...])
    kept.removeSubrange(split...)
    var rows = WatchColumns()
    rows.userOffsets = []
    func appendWatch(video: Int32, time: Int64, seconds: Float, source: UInt8) {
      rows.user.append(user)
      rows.video.append(video)
      rows.time.append(time)
      rows.watchSeconds.append(seconds)
      rows.source.append(source)
    }
    for i in kept {
      appendWatch(
        video: watches.video[i], time: watches.time[i], seconds: watches.watchSeconds[i], source: watches.source[i])
    }
    for video in edit.addedWatches {
      let duration = Int(video) < videos.count ? videos.durationSeconds[Int(video)] : 0
      appendWatch(video: video, time: next, seconds: duration, source: WatchSource.external.rawValue)
      next += step
    }
    for i in later {
      appendWatch(
        video: watches.video[i], time: watches.time[i], seconds: watches.watchSeconds[i], source: watches.source[i])
    }
    result.watches = watches.replacing(user: u, with: rows)
    // Searches: the user's before `time`, the added queries, then any after `time`.
    let searchRange = searches.range(ofUser: u)
    let searchSplit = searchRange.first { searches.time[$0] >= time } ?? searchRange.upperBound
    var searchRows = SearchColumns()
    searchRows.userOffsets = []
    for i in searchRange.lowerBound..<searchSplit {
      searchRows.user.append(user)
      searchRows.time.append(searches.time[i])
      searchRows.query.append(searches.query[i])
    }
    for query in edit.addedQueries {
      searchRows.user.append(user)
      searchRows.time.append(next)
      searchRows.query.append(query)
      next += step
    }
    for i in searchSplit..<searchRange.upperBound {
      searchRows.user.append(user)
      searchRows.time.append(searches.time[i])
      searchRows.query.append(searches.query[i])
    }
    result.searches = searches.replacing(user: u, with: searchRows)
    return result
  }
}

extension WatchColumns {
  /// The columns with user `u`'s rows replaced by `rows` (whose offsets are ignored).
  func replacing(user u: Int, with rows: WatchColumns) -> WatchColumns {
    let range = self.range(ofUser: u)
    var result = self
    result.user.replaceSubrange(range, with: rows.user)
    result.video.replaceSubrange(range, with: rows.video)
    result.time.replaceSubrange(range, with: rows.time)
    result.watchSeconds.replaceSubrange(range, with: rows.watchSeconds)
    result.source.replaceSubrange(range, with: rows.source)
    let shift = rows.user.count - range.count
    for i in (u + 1)..<result.userOffsets.count { result.userOffsets[i] += shift }
    return result
  }
}

extension SearchColumns {
  /// The columns with user `u`'s rows replaced by `rows` (whose offsets are ignored).
  func replacing(user u: Int, with rows: SearchColumns) -> SearchColumns {
    let range = self.range(ofUser: u)
    var result = self
    result.user.replaceSubrange(range, with: rows.user)
    result.time.replaceSubrange(range, with: rows.time)
    result.query.replaceSubrange(range, with: rows.query)
    let shift = rows.user.count - range.count
    for i in (u + 1)..<result.userOffsets.count { result.userOffsets[i] += shift }
    return result
  }
}
