import Foundation
import WorkspaceStore

/// Imports a user's own watch log from a CSV file with a header row.
///
/// Each row becomes a watch (source `external`). Users and videos are created as they first
/// appear. The watch time is the watch-seconds column when mapped; otherwise the rating
/// scaled by the largest rating in the file times the video duration; otherwise the duration.
/// The whole import is one transaction: on any error the workspace is left exactly as it was.
public struct CSVEventImporter: Sendable {
  /// The column mapping (unset columns are detected from the header).
  public var mapping: ColumnMapping
  /// Duration given to videos without a duration column, in seconds.
  public var defaultDurationSeconds: Double

  /// An importer with a mapping.
  public init(mapping: ColumnMapping = ColumnMapping(), defaultDurationSeconds: Double = 600) {
    self.mapping = mapping
    self.defaultDurationSeconds = defaultDurationSeconds
  }

  private struct Row {
    var user: String
    var video: String
    var time: Int64
    var watchSeconds: Double?
    var rating: Double?
    var title: String?
    var category: String?
    var duration: Double?
  }

  /// Imports `url` into `workspace`.
  ///
  /// - Throws: ``ImportError`` with file, line and field for bad input; nothing is written then.
  @discardableResult
  public func importFile(_ url: URL, into workspace: Workspace) throws -> ImportReport {
    let started = Date()
    let rows = try parse(url)
    let maxRating = rows.compactMap(\.rating).max() ?? 1
    let counts = try workspace.write { writer -> (Int, Int) in
      var videos: Set<String> = []
      var users: Set<String> = []
      for row in rows where !videos.contains(row.video) {
        videos.insert(row.video)
        let duration = row.duration ?? defaultDurationSeconds
        if writer.videoIndex(of: row.video) == nil || row.title != nil {
          try writer.upsert(
            Video(
              id: row.video, title: row.title ?? row.video, channel: row.category ?? "unknown",
              topic: row.category ?? "unknown", language: "unknown", durationSeconds: duration, uploadTime: row.time))
        }
      }
      for row in rows where !users.contains(row.user) {
        users.insert(row.user)
        if writer.userIndex(of: row.user) == nil { try writer.upsert(User(id: row.user)) }
      }
      for row in rows {
        let duration = row.duration ?? defaultDurationSeconds
        let seconds = row.watchSeconds ?? row.rating.map { max(0, $0) / max(maxRating, 1e-9) * duration } ?? duration
        try writer.insert(
          Watch(user: row.user, video: row.video, time: row.time, watchSeconds: seconds, source: .external))
      }
      try writer.setMetadata("source", "csv: \(url.lastPathComponent)")
      return (videos.count, users.count)
    }
    return ImportReport(
      format: "csv", videos: counts.0, users: counts.1, watches: rows.count, seconds: Date().timeIntervalSince(started))
  }

  private func parse(_ url: URL) throws(ImportError) -> [Row] {
    let records = try DelimitedReader(url: url, separator: .csv).records()
    guard let header = records.first else { throw ImportError(file: url.path, line: 1, message: "the file is empty") }
    let columns = mapping.resolved(against: header.fields)
    func index(_ name: String?, _ role: String, required: Bool) throws(ImportError) -> Int? {
      guard let name else {
        if required {
          throw ImportError(
            file: url.path, line: header.line, field: role,
            message:
              "no \(role) column found in header \(header.fields); name it with --\(role)-column or a mapping file")
        }
        return nil
      }
      guard let i = header.fields.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == name }) else {
        throw ImportError(
          file: url.path, line: header.line, field: name, message: "column '\(name)' is not in the header")
      }
      return i
    }
    let userColumn = try index(columns.user, "user", required: true) ?? 0
    let videoColumn = try index(columns.video, "video", required: true) ?? 0
    let timeColumn = try index(columns.time, "time", required: true) ?? 0
    let watchColumn = try index(columns.watchSeconds, "watch-seconds", required: false)
    let ratingColumn = try index(columns.rating, "rating", required: false)
    let titleColumn = try index(columns.title, "title", required: false)
    let categoryColumn = try index(columns.category, "category", required: false)
    let durationColumn = try index(columns.duration, "duration", required: false)

    var rows: [Row] = []
    rows.reserveCapacity(records.count - 1)
    for record in records.dropFirst() {
      let fields = record.fields
      guard fields.count == header.fields.count else {
        throw ImportError(
          file: url.path, line: record.line, message: "\(fields.count) fields, the header has \(header.fields.count)")
      }
      func text(_ column: Int) throws(ImportError) -> String {
        let value = fields[column].trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else {
          throw ImportError(file: url.path, line: record.line, field: header.fields[column], message: "empty value")
        }
        return value
      }
      func number(_ column: Int?) throws(ImportError) -> Double? {
        guard let column else { return nil }
        let value = fields[column].trimmingCharacters(in: .whitespaces)
        if value.isEmpty { return nil }
        guard let number = Double(value), number.isFinite, number >= 0 else {
          throw ImportError(
            file: url.path, line: record.line, field: header.fields[column],
            message: "'\(value)' is not a non-negative number")
        }
        return number
      }
      let timeText = try text(timeColumn)
      guard let time = TimeParser.parse(timeText) else {
        throw ImportError(
          file: url.path, line: record.line, field: header.fields[timeColumn],
          message: "'\(timeText)' is not a time (Unix seconds or ISO 8601)")
      }
      rows.append(
        Row(
          user: try text(userColumn), video: try text(videoColumn), time: time, watchSeconds: try number(watchColumn),
          rating: try number(ratingColumn), title: titleColumn.map { fields[$0] }.flatMap { $0.isEmpty ? nil : $0 },
          category: categoryColumn.map { fields[$0] }.flatMap { $0.isEmpty ? nil : $0 },
          duration: try number(durationColumn)))
    }
    return rows
  }
}
