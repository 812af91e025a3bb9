import Foundation
import WorkspaceStore

/// A dataset's rows, validated and held in memory before one transaction writes them.
struct ParsedDataset {
  struct VideoRow {
    var video: Video
    var given: Set<String>
  }
  struct WatchRow {
    var user: String
    var video: String
    var time: Int64
    var seconds: Double?
    var rating: Double?
    var title: String?
    var category: String?
    var duration: Double?
    var fileIndex: Int
  }

  var videos: [VideoRow] = []
  var users: [User] = []
  var watches: [WatchRow] = []
  var impressions: [Impression] = []
  var searches: [Search] = []
  var reports: [FileImportReport] = []
  /// Durations given by event files, for videos created from events.
  var eventDurations: [String: Double] = [:]

  var isEmpty: Bool { videos.isEmpty && users.isEmpty && watches.isEmpty && impressions.isEmpty && searches.isEmpty }

  mutating func read(
    _ file: DatasetFile, mapping: [String: String], encoding: DelimitedReader.Encoding
  ) throws(ImportError) {
    let table = try TableFile(url: file.url, kind: file.kind, mapping: mapping, encoding: encoding)
    var report = FileImportReport(
      file: file.url.path, entity: file.kind.rawValue, rows: table.records.count, columns: table.usedColumns,
      ignoredColumns: table.ignoredColumns, defaults: [:], notes: [])
    let milliseconds = Self.durationsInMilliseconds(table)
    if milliseconds { report.notes.append("durations and watch times read as milliseconds (median duration > 1 h)") }
    for record in table.records {
      guard record.fields.count == table.header.count else {
        throw ImportError(
          file: file.url.path, line: record.line,
          message: "\(record.fields.count) fields, the header has \(table.header.count)")
      }
      let f = FieldReader(table: table, record: record, milliseconds: milliseconds)
      switch file.kind {
      case .videos: try readVideo(f, report: &report)
      case .users: try readUser(f, report: &report)
      case .watches: try readWatch(f, fileIndex: reports.count)
      case .impressions: try readImpression(f, report: &report)
      case .searches:
        searches.append(Search(user: try f.id("user"), time: try f.time("time"), query: f.text("query") ?? ""))
      }
    }
    if file.kind == .impressions { numberPages(from: impressions.count - table.records.count, report: &report) }
    reports.append(report)
  }

  /// Whether a file's durations are milliseconds: its median `duration` exceeds an hour.
  static func durationsInMilliseconds(_ table: TableFile) -> Bool {
    guard let column = table.columns["duration"], !table.header[column].lowercased().hasSuffix("_ms") else {
      return false
    }
    let values = table.records.prefix(10_000).compactMap { $0.fields.count > column ? Double($0.fields[column]) : nil }
      .sorted()
    guard !values.isEmpty else { return false }
    return values[values.count / 2] > 3_600
  }

  private mutating func readVideo(_ f: FieldReader, report: inout FileImportReport) throws(ImportError) {
    var given: Set<String> = []
    func note(_ field: String, _ value: String?) -> String? {
      if value != nil { given.insert(field) } else { report.defaults["\(field): default", default: 0] += 1 }
      return value
    }
    let id = try f.id("id")
    let title = note("title", f.text("title"))
    // MovieLens-style "Adventure|Animation": the first listed category is the topic.
    let topic = note("topic", f.text("topic").map { String($0.split(separator: "|").first ?? Substring($0)) })
    let channel = note("channel", f.text("channel"))
    let language = note("language", f.text("language"))
    let duration = try f.seconds("duration")
    if duration != nil { given.insert("duration") } else { report.defaults["duration: default", default: 0] += 1 }
    var upload: Int64?
    if let text = f.text("uploadTime") {
      if let year = Int(text), (1800...2100).contains(year) {
        upload = Int64(year - 1970) * 31_556_952
      } else {
        upload = try f.time("uploadTime")
      }
      given.insert("uploadTime")
    } else {
      report.defaults["uploadTime: first event", default: 0] += 1
    }
    videos.append(
      VideoRow(
        video: Video(
          id: id, title: title ?? id, channel: channel ?? topic ?? "unknown", topic: topic ?? "unknown",
          language: language ?? "unknown", durationSeconds: duration ?? -1, uploadTime: upload ?? Int64.min),
        given: given))
  }

  private mutating func readUser(_ f: FieldReader, report: inout FileImportReport) throws(ImportError) {
    let age = try f.number("age")
    if let age, age > 150 {
      throw ImportError(
        file: f.table.url.path, line: f.record.line, field: "age", message: "'\(age)' is not an age in years")
    }
    for field in ["age", "gender", "region", "language", "device"] where f.text(field) == nil {
      report.defaults["\(field): unknown", default: 0] += 1
    }
    users.append(
      User(
        id: try f.id("id"), age: age, gender: f.text("gender")?.lowercased(), region: f.text("region") ?? "unknown",
        language: f.text("language") ?? "unknown", device: f.text("device") ?? "unknown"))
  }

  private mutating func readWatch(_ f: FieldReader, fileIndex: Int) throws(ImportError) {
    let row = WatchRow(
      user: try f.id("user"), video: try f.id("video"), time: try f.time("time"),
      seconds: try f.seconds("watchSeconds"),
      rating: try f.number("rating"), title: f.text("title"), category: f.text("category"),
      duration: try f.seconds("duration"), fileIndex: fileIndex)
    if let duration = row.duration { eventDurations[row.video] = duration }
    watches.append(row)
  }

  private mutating func readImpression(_ f: FieldReader, report: inout FileImportReport) throws(ImportError) {
    let seconds = try f.seconds("watchSeconds")
    if let duration = try f.seconds("duration") { eventDurations[try f.id("video")] = duration }
    var clicked = try f.flag("clicked")
    if clicked == nil {
      guard let seconds else {
        throw ImportError(
          file: f.table.url.path, line: f.record.line, field: "clicked",
          message: "an impression needs a clicked or a watch-seconds column")
      }
      clicked = seconds > 0
      report.defaults["clicked: watch seconds > 0", default: 0] += 1
    }
    if seconds == nil, clicked == true { report.defaults["watchSeconds: video duration", default: 0] += 1 }
    let position = try f.integer("position")
    impressions.append(
      Impression(
        user: try f.id("user"), video: try f.id("video"), time: try f.time("time"),
        requestID: try f.integer("request") ?? Int64.min, position: position.map { Int($0) } ?? -1,
        clicked: clicked ?? false, watchSeconds: seconds ?? (clicked == true ? -1 : 0)))
  }

  /// Gives impressions without a request ID one page per (user, time), and positions in file order.
  private mutating func numberPages(from start: Int, report: inout FileImportReport) {
    var pages: [String: Int64] = [:]
    var next: [Int64: Int] = [:]
    let base = Int64(1) << 40
    var missingRequest = 0
    for i in start..<impressions.count {
      if impressions[i].requestID == Int64.min {
        missingRequest += 1
        let key = "\(impressions[i].user)\u{1}\(impressions[i].time)"
        if let page = pages[key] {
          impressions[i].requestID = page
        } else {
          let page = base + Int64(pages.count)
          pages[key] = page
          impressions[i].requestID = page
        }
      }
      if impressions[i].position < 0 {
        let page = impressions[i].requestID
        impressions[i].position = next[page, default: 0]
        next[page, default: 0] += 1
      }
    }
    if missingRequest > 0 { report.defaults["request: one page per user and time", default: 0] += missingRequest }
  }
}
