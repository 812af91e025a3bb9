import Foundation
import WorkspaceStore

extension ParsedDataset {
  /// Writes everything through `writer` (inside the caller's transaction) and reports it.
  mutating func write(
    into writer: inout WorkspaceWriter, defaultDuration: Double, format: String, fullRating: Double?
  ) throws
    -> ImportReport
  {
    var report = ImportReport(format: format, videos: 0, users: 0, watches: 0, seconds: 0)
    var firstEvent: [String: Int64] = [:]
    for w in watches { firstEvent[w.video] = min(firstEvent[w.video] ?? .max, w.time) }
    for i in impressions { firstEvent[i.video] = min(firstEvent[i.video] ?? .max, i.time) }
    var seenVideos: Set<String> = []
    var durations: [String: Double] = [:]
    func duration(of id: String) throws -> Double {
      if let known = durations[id] { return known }
      let value = try writer.video(id)?.durationSeconds ?? defaultDuration
      durations[id] = value
      return value
    }
    var seenUsers: Set<String> = []

    func countVideo(_ id: String, existed: Bool) {
      guard seenVideos.insert(id).inserted else { return }
      if existed { report.existingVideos += 1 } else { report.newVideos += 1 }
    }
    func countUser(_ id: String, existed: Bool) {
      guard seenUsers.insert(id).inserted else { return }
      if existed { report.existingUsers += 1 } else { report.newUsers += 1 }
    }

    for row in videos {
      var video = row.video
      let old = try writer.video(video.id)
      if video.durationSeconds < 0 { video.durationSeconds = old?.durationSeconds ?? defaultDuration }
      if video.uploadTime == Int64.min { video.uploadTime = old?.uploadTime ?? firstEvent[video.id] ?? 0 }
      if let old {
        // Fields the file does not give keep their stored values.
        if !row.given.contains("title") { video.title = old.title }
        if !row.given.contains("channel") && !row.given.contains("topic") { video.channel = old.channel }
        if !row.given.contains("topic") { video.topic = old.topic }
        if !row.given.contains("language") { video.language = old.language }
        if old != video && report.changedVideos.count < 1_000 { report.changedVideos.append(video.id) }
      }
      countVideo(video.id, existed: old != nil)
      durations[video.id] = video.durationSeconds
      try writer.upsert(video)
    }
    for user in users {
      let old = try writer.user(user.id)
      if let old, old != user, report.changedUsers.count < 1_000 { report.changedUsers.append(user.id) }
      countUser(user.id, existed: old != nil)
      try writer.upsert(user)
    }

    var maxRating: [Int: Double] = [:]
    for w in watches { if let r = w.rating { maxRating[w.fileIndex] = max(maxRating[w.fileIndex] ?? 0, r) } }
    func ensureVideo(_ id: String, title: String?, category: String?, fileIndex: Int) throws {
      if writer.videoIndex(of: id) != nil {
        countVideo(id, existed: true)  // ignored when this import created it
        return
      }
      try writer.upsert(
        Video(
          id: id, title: title ?? id, channel: category ?? "unknown", topic: category ?? "unknown", language: "unknown",
          durationSeconds: eventDurations[id] ?? defaultDuration, uploadTime: firstEvent[id] ?? 0))
      countVideo(id, existed: false)
      reports[fileIndex].defaults["videos created from events", default: 0] += 1
    }
    func ensureUser(_ id: String, fileIndex: Int) throws {
      if writer.userIndex(of: id) != nil {
        countUser(id, existed: true)
        return
      }
      try writer.upsert(User(id: id))
      countUser(id, existed: false)
      reports[fileIndex].defaults["users created from events (attributes unknown)", default: 0] += 1
    }
    func fileIndex(of kind: EntityKind) -> Int { reports.firstIndex { $0.entity == kind.rawValue } ?? 0 }

    for w in watches {
      try ensureUser(w.user, fileIndex: w.fileIndex)
      try ensureVideo(w.video, title: w.title, category: w.category, fileIndex: w.fileIndex)
      let duration = try w.duration ?? eventDurations[w.video] ?? duration(of: w.video)
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
    let impressionFile = fileIndex(of: .impressions)
    for var impression in impressions {
      try ensureUser(impression.user, fileIndex: impressionFile)
      try ensureVideo(impression.video, title: nil, category: nil, fileIndex: impressionFile)
      if impression.watchSeconds < 0 {
        impression.watchSeconds = try duration(of: impression.video)
      }
      try writer.insert(impression)
    }
    let searchFile = fileIndex(of: .searches)
    for search in searches {
      try ensureUser(search.user, fileIndex: searchFile)
      try writer.insert(search)
    }
    report.videos = seenVideos.count
    report.users = seenUsers.count
    report.watches = watches.count
    report.impressions = impressions.count
    report.searches = searches.count
    report.files = reports
    try writer.setMetadata(
      "source",
      "\(format): "
        + reports.map { URL(fileURLWithPath: $0.file).lastPathComponent }
        .joined(separator: ", "))
    return report
  }
}
