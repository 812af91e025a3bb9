import Foundation
import WorkspaceStore

extension ParsedDataset {
  /// Writes everything through `writer` (inside the caller's transaction) and reports it.
  ///
  /// In order: the entity files (videos, then users: fields a file does not give keep their
  /// stored values), then the events (watches, impressions, searches), each creating the videos
  /// and users it names that exist nowhere yet.
  mutating func write(
    into writer: inout WorkspaceWriter, defaultDuration: Double, format: String, fullRating: Double?
  ) throws -> ImportReport {
    var tally = WriteTally(
      report: ImportReport(format: format, videos: 0, users: 0, watches: 0, seconds: 0),
      defaultDuration: defaultDuration)
    let firstEvent = firstEventOfVideo
    try writeVideoRows(into: &writer, tally: &tally, firstEvent: firstEvent)
    try writeUserRows(into: &writer, tally: &tally)
    try writeWatches(into: &writer, tally: &tally, fullRating: fullRating, firstEvent: firstEvent)
    try writeImpressions(into: &writer, tally: &tally, firstEvent: firstEvent)
    let searchFile = fileIndex(of: .searches)
    for search in searches {
      try ensureUser(search.user, fileIndex: searchFile, writer: &writer, tally: &tally)
      try writer.insert(search)
    }
    var report = tally.report
    report.videos = tally.seenVideos.count
    report.users = tally.seenUsers.count
    report.watches = watches.count
    report.impressions = impressions.count
    report.searches = searches.count
    report.files = reports
    let files = reports.map { URL(fileURLWithPath: $0.file).lastPathComponent }
    try writer.setMetadata("source", "\(format): " + files.joined(separator: ", "))
    return report
  }

  /// The time of each video's first event: the upload time of a video no file dates.
  private var firstEventOfVideo: [String: Int64] {
    var first: [String: Int64] = [:]
    for w in watches { first[w.video] = min(first[w.video] ?? .max, w.time) }
    for i in impressions { first[i.video] = min(first[i.video] ?? .max, i.time) }
    return first
  }

  private func writeVideoRows(
    into writer: inout WorkspaceWriter, tally: inout WriteTally, firstEvent: [String: Int64]
  ) throws {
    for row in videos {
      var video = row.video
      let old = try writer.video(video.id)
      if video.durationSeconds < 0 { video.durationSeconds = old?.durationSeconds ?? tally.defaultDuration }
      if video.uploadTime == Int64.min { video.uploadTime = old?.uploadTime ?? firstEvent[video.id] ?? 0 }
      if let old {
        if !row.given.contains("title") { video.title = old.title }
        if !row.given.contains("channel") && !row.given.contains("topic") { video.channel = old.channel }
        if !row.given.contains("topic") { video.topic = old.topic }
        if !row.given.contains("language") { video.language = old.language }
        if old != video && tally.report.changedVideos.count < 1_000 { tally.report.changedVideos.append(video.id) }
      }
      tally.countVideo(video.id, existed: old != nil)
      tally.durations[video.id] = video.durationSeconds
      try writer.upsert(video)
    }
  }

  private func writeUserRows(into writer: inout WorkspaceWriter, tally: inout WriteTally) throws {
    for user in users {
      let old = try writer.user(user.id)
      if let old, old != user, tally.report.changedUsers.count < 1_000 { tally.report.changedUsers.append(user.id) }
      tally.countUser(user.id, existed: old != nil)
      try writer.upsert(user)
    }
  }

  /// Watches; a missing watch time is derived from the rating (a share of the file's scale or
  /// its largest rating, times the duration) or, with no rating either, is the whole duration.
  private mutating func writeWatches(
    into writer: inout WorkspaceWriter, tally: inout WriteTally, fullRating: Double?, firstEvent: [String: Int64]
  ) throws {
    var maxRating: [Int: Double] = [:]
    for w in watches { if let r = w.rating { maxRating[w.fileIndex] = max(maxRating[w.fileIndex] ?? 0, r) } }
    for w in watches {
      try ensureUser(w.user, fileIndex: w.fileIndex, writer: &writer, tally: &tally)
      try ensureVideo(
        w.video, title: w.title, category: w.category, fileIndex: w.fileIndex, firstEvent: firstEvent,
        writer: &writer, tally: &tally)
      let duration = try w.duration ?? eventDurations[w.video] ?? tally.duration(of: w.video, in: writer)
      let seconds: Double
      if let s = w.seconds {
        seconds = s
      } else if let r = w.rating {
        seconds = min(r / max(fullRating ?? maxRating[w.fileIndex] ?? 1, 1e-9), 1) * duration
        let scale = fullRating.map { "\($0)" } ?? "max rating"
        reports[w.fileIndex].defaults["watchSeconds: rating / \(scale) × duration", default: 0] += 1
      } else {
        seconds = duration
        reports[w.fileIndex].defaults["watchSeconds: video duration", default: 0] += 1
      }
      try writer.insert(Watch(user: w.user, video: w.video, time: w.time, watchSeconds: seconds, source: .external))
    }
  }

  /// Impressions; a missing watch time of a watched impression is the video's duration.
  private mutating func writeImpressions(
    into writer: inout WorkspaceWriter, tally: inout WriteTally, firstEvent: [String: Int64]
  ) throws {
    let file = fileIndex(of: .impressions)
    for var impression in impressions {
      try ensureUser(impression.user, fileIndex: file, writer: &writer, tally: &tally)
      try ensureVideo(
        impression.video, title: nil, category: nil, fileIndex: file, firstEvent: firstEvent, writer: &writer,
        tally: &tally)
      if impression.watchSeconds < 0 { impression.watchSeconds = try tally.duration(of: impression.video, in: writer) }
      try writer.insert(impression)
    }
  }

  /// Creates a video an event names when the workspace has none by that ID.
  private mutating func ensureVideo(
    _ id: String, title: String?, category: String?, fileIndex: Int, firstEvent: [String: Int64],
    writer: inout WorkspaceWriter, tally: inout WriteTally
  ) throws {
    if writer.videoIndex(of: id) != nil {
      tally.countVideo(id, existed: true)  // ignored when this import created it
      return
    }
    try writer.upsert(
      Video(
        id: id, title: title ?? id, channel: category ?? "unknown", topic: category ?? "unknown", language: "unknown",
        durationSeconds: eventDurations[id] ?? tally.defaultDuration, uploadTime: firstEvent[id] ?? 0))
    tally.countVideo(id, existed: false)
    reports[fileIndex].defaults["videos created from events", default: 0] += 1
  }

  /// Creates a user an event names when the workspace has none by that ID (attributes unknown).
  private mutating func ensureUser(
    _ id: String, fileIndex: Int, writer: inout WorkspaceWriter, tally: inout WriteTally
  ) throws {
    if writer.userIndex(of: id) != nil {
      tally.countUser(id, existed: true)
      return
    }
    try writer.upsert(User(id: id))
    tally.countUser(id, existed: false)
    reports[fileIndex].defaults["users created from events (attributes unknown)", default: 0] += 1
  }

  private func fileIndex(of kind: EntityKind) -> Int { reports.firstIndex { $0.entity == kind.rawValue } ?? 0 }
}

/// What one write has counted so far (each video and user once, as new or existing) and the
/// durations it has looked up.
private struct WriteTally {
  var report: ImportReport
  let defaultDuration: Double
  var seenVideos: Set<String> = []
  var seenUsers: Set<String> = []
  var durations: [String: Double] = [:]

  mutating func countVideo(_ id: String, existed: Bool) {
    guard seenVideos.insert(id).inserted else { return }
    if existed { report.existingVideos += 1 } else { report.newVideos += 1 }
  }

  mutating func countUser(_ id: String, existed: Bool) {
    guard seenUsers.insert(id).inserted else { return }
    if existed { report.existingUsers += 1 } else { report.newUsers += 1 }
  }

  /// A video's duration: from this import's video rows, else the workspace, else the default.
  mutating func duration(of id: String, in writer: WorkspaceWriter) throws -> Double {
    if let known = durations[id] { return known }
    let value = try writer.video(id)?.durationSeconds ?? defaultDuration
    durations[id] = value
    return value
  }
}
