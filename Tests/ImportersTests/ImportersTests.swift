import Foundation
import Importers
import Testing
import WatchNextTestSupport
import WorkspaceStore

@Suite("Importers: MovieLens layouts and generic CSV")
struct ImportersTests {
  static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

  static func emptyWorkspace() throws -> Workspace {
    let url = TemporaryFiles.url("wn-import")
    return try Workspace(at: url, create: true)
  }

  @Test("ml-100k: movies, users and ratings as watches with the documented proxies")
  func movieLens100k() throws {
    let workspace = try Self.emptyWorkspace()
    let report = try MovieLensImporter().importDirectory(
      Self.fixtures.appendingPathComponent("ml-100k"), into: workspace)
    #expect(report.format == "ml-100k" && report.videos == 3 && report.users == 3 && report.watches == 5)
    let videos = try workspace.videos()
    let toyStory = try #require(videos.first { $0.id == "10" })
    #expect(toyStory.topic == "Animation", "first flagged genre")
    #expect(toyStory.uploadTime == 788_918_400, "release date 01-Jan-1995")
    #expect(videos.contains { $0.title == "Café au lait (1994)" }, "Latin-1 titles are decoded")
    let history = try #require(try workspace.history(ofUser: "1"))
    #expect(history.user.age == 24 && history.user.gender == "m" && history.user.region == "zip8")
    #expect(history.watches.map(\.watch.watchSeconds) == [6000, 3600], "rating / 5 x 6,000 s, in time order")
    #expect(try workspace.metadata("source") == "movielens ml-100k")
  }

  @Test("ml-1m: '::' separated files, year from the title")
  func movieLens1m() throws {
    let workspace = try Self.emptyWorkspace()
    let report = try MovieLensImporter().importDirectory(Self.fixtures.appendingPathComponent("ml-1m"), into: workspace)
    #expect(report.format == "ml-1m" && report.videos == 2 && report.users == 3 && report.watches == 4)
    let peach = try #require(try workspace.videos().first { $0.id == "661" })
    #expect(peach.topic == "Animation" && peach.uploadTime == 820_454_400)
    let user = try #require(try workspace.history(ofUser: "6040"))
    #expect(user.user.age == 25 && user.watches.count == 1 && user.watches[0].watch.watchSeconds == 1200)
  }

  @Test("Bad MovieLens input names file, line and field, and the workspace is left exactly as it was")
  func movieLensBadInput() throws {
    let workspace = try Self.emptyWorkspace()
    try MovieLensImporter().importDirectory(Self.fixtures.appendingPathComponent("ml-1m"), into: workspace)
    let before = try workspace.summary()
    do {
      try MovieLensImporter().importDirectory(Self.fixtures.appendingPathComponent("ml-100k-bad"), into: workspace)
      Issue.record("bad rating was accepted")
    } catch let error as ImportError {
      #expect(error.file.hasSuffix("ml-100k-bad/u.data") && error.line == 2 && error.field == "rating")
      #expect(error.description.contains("u.data:2: field 'rating'"))
    }
    #expect(try workspace.summary() == before)
    #expect(try workspace.metadata("source") == "movielens ml-1m")
  }

  @Test("A directory that is not MovieLens is a clear error")
  func notMovieLens() throws {
    #expect(throws: ImportError.self) {
      try MovieLensImporter.detectLayout(in: Self.fixtures.appendingPathComponent("recbole"))
    }
  }

  @Test("CSV: userId,movieId,rating,timestamp imports without a mapping; rating scales watch time")
  func csvAutodetect() throws {
    let workspace = try Self.emptyWorkspace()
    let report = try CSVEventImporter().importFile(Self.fixtures.appendingPathComponent("ratings.csv"), into: workspace)
    #expect(report.videos == 2 && report.users == 2 && report.watches == 3)
    let history = try #require(try workspace.history(ofUser: "1"))
    #expect(history.watches.map(\.watch.watchSeconds) == [300, 360], "rating / max rating x 600 s")
    #expect(history.watches.first?.watch.time == 1_260_759_144)
  }

  @Test("CSV: mapping file with quoted fields across lines, ISO 8601 times and watch seconds")
  func csvMapped() throws {
    let workspace = try Self.emptyWorkspace()
    let mapping = ColumnMapping(
      user: "viewer", video: "clip", time: "when", watchSeconds: "secs", title: "name", category: "kind")
    let report = try CSVEventImporter(mapping: mapping).importFile(
      Self.fixtures.appendingPathComponent("custom.csv"), into: workspace)
    #expect(report.watches == 3 && report.users == 2 && report.videos == 2)
    let alice = try #require(try workspace.history(ofUser: "alice"))
    #expect(alice.watches.map(\.watch.watchSeconds) == [120, 300])
    #expect(alice.watches[0].watch.time == 1_709_294_400)
    #expect(alice.watches[1].title == "A \"quoted\" title\nover two lines")
    #expect(try workspace.videos().first { $0.id == "c1" }?.topic == "tutorial")
  }

  @Test("CSV: the mapping file format decodes")
  func mappingFile() throws {
    let url = TemporaryFiles.url("mapping", extension: "json")
    try Data(#"{"user": "viewer", "video": "clip", "time": "when"}"#.utf8).write(to: url)
    #expect(try ColumnMapping.load(from: url) == ColumnMapping(user: "viewer", video: "clip", time: "when"))
    try Data("not json".utf8).write(to: url)
    #expect(throws: ImportError.self) { try ColumnMapping.load(from: url) }
  }

  @Test(
    "CSV errors name the line and field; a failed import leaves the workspace unchanged",
    arguments: [
      ("bad-time.csv", 3, "timestamp"), ("short-row.csv", 3, nil), ("custom.csv", 1, "user"),
    ] as [(String, Int, String?)])
  func csvErrors(file: String, line: Int, field: String?) throws {
    let workspace = try Self.emptyWorkspace()
    try CSVEventImporter().importFile(Self.fixtures.appendingPathComponent("ratings.csv"), into: workspace)
    let before = try workspace.summary()
    do {
      try CSVEventImporter().importFile(Self.fixtures.appendingPathComponent(file), into: workspace)
      Issue.record("\(file) was accepted")
    } catch let error as ImportError {
      #expect(error.file.hasSuffix(file) && error.line == line && error.field == field, "\(error)")
    }
    #expect(try workspace.summary() == before)
  }

  @Test("Delimited reader: an unterminated quote is reported at the line it opens")
  func unterminatedQuote() {
    let reader = DelimitedReader(data: Data("a,b\n1,\"open\n2,3\n".utf8), file: "x.csv", separator: .csv)
    #expect(throws: ImportError(file: "x.csv", line: 2, message: "a quoted field is never closed")) {
      try reader.records()
    }
  }
}
