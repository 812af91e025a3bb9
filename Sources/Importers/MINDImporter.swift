import Foundation
import WorkspaceStore

/// Imports Microsoft News (MIND): `behaviors.tsv` (a logged page per row, with click labels) and
/// `news.tsv` (the catalogue). Both are tab-separated without a header.
///
/// Mapping to the workspace model:
/// - `news.tsv` (id, category, subcategory, title, abstract, url, entities…): a video with the
///   title, the category as topic, the subcategory as channel, language `en`, and a nominal
///   length of ``nominalReadSeconds``. News a behaviors row mentions without a `news.tsv` row get
///   the title "(unknown news ID)".
/// - each behaviors row (impression id, user, time `11/15/2019 8:55:22 AM` UTC, history, impressions
///   `N1-1 N2-0`) is one page: its impressions in order, request = the impression id, clicked from
///   the label, watch seconds ``nominalReadSeconds`` for a click (MIND logs no dwell time).
///   A click is also a watch, 1 s after the page.
/// - the history (clicks before the log period, without times) becomes watches placed before the
///   log: the user's history items at one-second steps ending one day before the first page of the
///   whole file, in the listed order. Only a user's first row's history is used (MIND repeats it).
public struct MINDImporter: Sendable {
  /// Seconds credited to a click (MIND has no dwell time).
  public static let nominalReadSeconds = 60.0

  /// An importer.
  public init() {}

  struct Page {
    var line: Int
    var id: Int64
    var user: String
    var time: Int64
    var history: [String]
    var shown: [(video: String, clicked: Bool)]
  }

  /// Imports `directory` (holding `behaviors.tsv` and, optionally, `news.tsv`) in one transaction.
  ///
  /// - Throws: ``ImportError`` with file, line and field for bad input; nothing is written then.
  @discardableResult
  public func importDirectory(_ directory: URL, into workspace: Workspace) throws -> ImportReport {
    let started = Date()
    let behaviorsURL = directory.appendingPathComponent("behaviors.tsv")
    guard FileManager.default.fileExists(atPath: behaviorsURL.path) else {
      throw ImportError(file: directory.path, line: 0, message: "not a MIND directory: expected behaviors.tsv")
    }
    let newsURL = directory.appendingPathComponent("news.tsv")
    let news = FileManager.default.fileExists(atPath: newsURL.path) ? try readNews(newsURL) : []
    let pages = try readBehaviors(behaviorsURL)
    var report = ImportReport(format: "mind", videos: 0, users: 0, watches: 0, seconds: 0)
    try workspace.write { writer in
      for video in news { try writer.upsert(video) }
      var unknown = 0
      func ensure(_ id: String) throws {
        guard writer.videoIndex(of: id) == nil else { return }
        unknown += 1
        try writer.upsert(
          Video(
            id: id, title: "(unknown news \(id))", channel: "unknown", topic: "unknown", language: "en",
            durationSeconds: Self.nominalReadSeconds, uploadTime: 0))
      }
      let start = (pages.map(\.time).min() ?? 0) - Seconds.perDay
      var users: Set<String> = []
      for page in pages where users.insert(page.user).inserted {
        try writer.upsert(User(id: page.user, language: "en"))
        for (i, item) in page.history.enumerated() {
          try ensure(item)
          try writer.insert(
            Watch(
              user: page.user, video: item, time: start - Int64(page.history.count - i),
              watchSeconds: Self.nominalReadSeconds, source: .external))
          report.watches += 1
        }
      }
      for page in pages {
        for (position, shown) in page.shown.enumerated() {
          try ensure(shown.video)
          try writer.insert(
            Impression(
              user: page.user, video: shown.video, time: page.time, requestID: page.id, position: position,
              clicked: shown.clicked, watchSeconds: shown.clicked ? Self.nominalReadSeconds : 0))
          report.impressions += 1
          if shown.clicked {
            try writer.insert(
              Watch(
                user: page.user, video: shown.video, time: page.time + 1, watchSeconds: Self.nominalReadSeconds,
                source: .recommendation))
            report.watches += 1
          }
        }
      }
      try writer.setMetadata("source", "mind")
      report.users = users.count
      report.videos = writer.videoCount
      report.newVideos = writer.videoCount
      report.newUsers = users.count
      report.files = [
        FileImportReport(
          file: newsURL.path, entity: "videos", rows: news.count,
          columns: ["id": "1", "topic": "2 (category)", "channel": "3 (subcategory)", "title": "4"],
          ignoredColumns: ["abstract", "url", "title entities", "abstract entities"],
          defaults: unknown > 0 ? ["videos without a news.tsv row (unknown title)": unknown] : [:],
          notes: ["duration: nominal \(Int(Self.nominalReadSeconds)) s"]),
        FileImportReport(
          file: behaviorsURL.path, entity: "impressions", rows: pages.count,
          columns: ["request": "1", "user": "2", "time": "3", "history": "4", "impressions": "5"],
          ignoredColumns: [], defaults: ["watchSeconds: nominal read time per click": report.impressions],
          notes: ["history watches placed before the log, 1 s apart, ending one day before its first page"]),
      ]
    }
    report.seconds = Date().timeIntervalSince(started)
    return report
  }

  private func readNews(_ url: URL) throws(ImportError) -> [Video] {
    try DelimitedReader(url: url, separator: .plain("\t")).records().map { record throws(ImportError) in
      let f = record.fields
      guard f.count >= 4 else {
        throw ImportError(file: url.path, line: record.line, message: "\(f.count) fields, expected at least 4")
      }
      let id = f[0].trimmingCharacters(in: .whitespaces)
      guard !id.isEmpty, !id.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
        throw ImportError(file: url.path, line: record.line, field: "news id", message: "empty or control characters")
      }
      return Video(
        id: id, title: f[3].isEmpty ? "(untitled \(id))" : f[3], channel: f[2].isEmpty ? "unknown" : f[2],
        topic: f[1].isEmpty ? "unknown" : f[1], language: "en", durationSeconds: Self.nominalReadSeconds,
        uploadTime: 0)
    }
  }

  private func readBehaviors(_ url: URL) throws(ImportError) -> [Page] {
    try DelimitedReader(url: url, separator: .plain("\t")).records().map { record throws(ImportError) in
      let f = record.fields
      guard f.count == 5 else {
        throw ImportError(
          file: url.path, line: record.line,
          message: "\(f.count) fields, expected 5 (impression id, user, time, history, impressions)")
      }
      guard let id = Int64(f[0].trimmingCharacters(in: .whitespaces)) else {
        throw ImportError(
          file: url.path, line: record.line, field: "impression id",
          message: "'\(ImportError.clip(f[0]))' is not an integer")
      }
      let user = f[1].trimmingCharacters(in: .whitespaces)
      guard !user.isEmpty else {
        throw ImportError(file: url.path, line: record.line, field: "user id", message: "empty value")
      }
      guard let time = Self.parseTime(f[2]) else {
        throw ImportError(
          file: url.path, line: record.line, field: "time",
          message: "'\(ImportError.clip(f[2]))' is not a time like 11/15/2019 8:55:22 AM")
      }
      let shown = try f[4].split(separator: " ").map { item throws(ImportError) -> (String, Bool) in
        guard let dash = item.lastIndex(of: "-"), item.index(after: dash) < item.endIndex,
          case let label = item[item.index(after: dash)...], label == "0" || label == "1", dash > item.startIndex
        else {
          throw ImportError(
            file: url.path, line: record.line, field: "impressions",
            message: "'\(ImportError.clip(String(item)))' is not NEWSID-0 or NEWSID-1")
        }
        return (String(item[..<dash]), label == "1")
      }
      return Page(
        line: record.line, id: id, user: user, time: time, history: f[3].split(separator: " ").map(String.init),
        shown: shown.map { (video: $0.0, clicked: $0.1) })
    }
  }

  /// "11/15/2019 8:55:22 AM" (UTC) → Unix seconds.
  public static func parseTime(_ text: String) -> Int64? {
    let parts = text.trimmingCharacters(in: .whitespaces).split(separator: " ")
    guard parts.count == 3 else { return nil }
    let date = parts[0].split(separator: "/").compactMap { Int($0) }
    let clock = parts[1].split(separator: ":").compactMap { Int($0) }
    guard date.count == 3, clock.count == 3, (1...12).contains(date[0]), (1...31).contains(date[1]),
      (1970...2100).contains(date[2]), (1...12).contains(clock[0]), (0...59).contains(clock[1]),
      (0...59).contains(clock[2])
    else { return nil }
    let pm = parts[2].uppercased() == "PM"
    guard pm || parts[2].uppercased() == "AM" else { return nil }
    let hour = clock[0] % 12 + (pm ? 12 : 0)
    let day = MovieLensImporter.unixTime(year: date[2], month: date[0], day: date[1])
    return day + Int64(hour * 3600 + clock[1] * 60 + clock[2])
  }
}
