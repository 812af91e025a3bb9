import Foundation
import Importers
import Testing
import WatchNextTestSupport
import WorkspaceStore

@Suite("Importers: entity files, RecBole, MIND, KuaiRec/KuaiRand, ml-latest")
struct DatasetImportTests {
  static let fixtures = ImportersTests.fixtures

  static func file(_ path: String) -> URL { fixtures.appendingPathComponent(path) }

  @Test("A dataset of five entity files imports in one transaction and reports every column")
  func entityFiles() throws {
    let workspace = try ImportersTests.emptyWorkspace()
    let report = try DatasetImporter(files: [
      DatasetFile(.watches, Self.file("dataset/watches.csv")), DatasetFile(.videos, Self.file("dataset/videos.csv")),
      DatasetFile(.users, Self.file("dataset/users.tsv")),
      DatasetFile(.impressions, Self.file("dataset/impressions.csv")),
      DatasetFile(.searches, Self.file("dataset/searches.csv")),
    ]).importDataset(into: workspace)
    #expect(report.videos == 4 && report.users == 3 && report.watches == 5)
    #expect(report.impressions == 4 && report.searches == 2)
    let videos = try #require(report.files.first { $0.entity == "videos" })
    #expect(videos.ignoredColumns == ["thumbnail"], "an unknown column is reported, not silently dropped")
    #expect(videos.columns["topic"] == "category" && videos.columns["id"] == "video_id")
    #expect(videos.defaults["duration: default"] == 1)
    let watches = try #require(report.files.first { $0.entity == "watches" })
    #expect(watches.defaults["videos created from events"] == 1, "v4 is only in the watch log")
    #expect(watches.defaults["users created from events (attributes unknown)"] == 1, "carol")
    let stored = try workspace.videos()
    #expect(stored.first { $0.id == "v2" }?.title == "Structured concurrency, explained")
    #expect(stored.first { $0.id == "v3" }?.language == "fr")
    let alice = try #require(try workspace.history(ofUser: "alice"))
    #expect(alice.user.age == 34 && alice.user.gender == "f" && alice.user.region == "US")
    let summary = try workspace.summary()
    #expect(summary.impressions == 4 && summary.searches == 2)
    let bob = try #require(try workspace.history(ofUser: "bob"))
    #expect(bob.watches.first?.watch.watchSeconds == 600, "no watch seconds and no rating: the (default) duration")
  }

  @Test("A bad field in any file names file, line and field, and nothing is written")
  func badField() throws {
    let workspace = try ImportersTests.emptyWorkspace()
    let before = try workspace.summary()
    do {
      try DatasetImporter(files: [
        DatasetFile(.watches, Self.file("dataset/watches.csv")),
        DatasetFile(.impressions, Self.file("dataset/bad-impressions.csv")),
      ]).importDataset(into: workspace)
      Issue.record("a bad click flag was accepted")
    } catch let error as ImportError {
      #expect(error.file.hasSuffix("bad-impressions.csv") && error.line == 2 && error.field == "is_click", "\(error)")
    }
    #expect(try workspace.summary() == before)
  }

  @Test("A per-entity mapping file names columns; unknown fields are errors")
  func nestedMapping() throws {
    let url = TemporaryFiles.url("map", extension: "json")
    try Data(#"{"videos": {"id": "clip"}, "impressions": {"clicked": "tapped"}}"#.utf8).write(to: url)
    let mapping = try DatasetMapping.load(from: url)
    #expect(mapping[.videos] == ["id": "clip"] && mapping[.impressions] == ["clicked": "tapped"])
    try Data(#"{"user": "viewer"}"#.utf8).write(to: url)
    #expect(try DatasetMapping.load(from: url)[.watches] == ["user": "viewer"], "the flat form is a watch log's")
    try Data(#"{"videos": {"colour": "x"}}"#.utf8).write(to: url)
    #expect(throws: ImportError.self) { try DatasetMapping.load(from: url) }
  }

  @Test("Control characters in an ID are rejected at import", arguments: ["a\u{1B}b", "tab\there"])
  func controlCharacters(id: String) throws {
    let url = TemporaryFiles.url("ids", extension: "csv")
    try Data("user,video,time\n\"\(id)\",v1,1700000000\n".utf8).write(to: url)
    do {
      try CSVEventImporter().importFile(url, into: try ImportersTests.emptyWorkspace())
      Issue.record("accepted \(id.debugDescription)")
    } catch let error as ImportError {
      #expect(error.line == 2 && error.field == "user" && error.message.contains("control"))
    }
  }

  @Test(
    "Times outside 1970–2100 and hexadecimal numbers are field errors", arguments: ["-1", "0x10", "1e30", "9999-12-31"])
  func nonsenseTimes(time: String) throws {
    let url = TemporaryFiles.url("t", extension: "csv")
    try Data("user,video,time\nu,v,\(time)\n".utf8).write(to: url)
    #expect(throws: ImportError.self) {
      try CSVEventImporter().importFile(url, into: try ImportersTests.emptyWorkspace())
    }
  }

  @Test("RecBole atomic files: typed headers, .item as videos, .user as users")
  func recBole() throws {
    let workspace = try ImportersTests.emptyWorkspace()
    let files = try RecBoleLayout.files(in: Self.file("recbole"), name: nil)
    #expect(files.map(\.kind) == [.videos, .users, .watches])
    let report = try DatasetImporter(files: files, format: "recbole").importDataset(into: workspace)
    #expect(report.watches == 4 && report.videos == 3 && report.users == 2)
    let toy = try #require(try workspace.videos().first { $0.id == "10" })
    #expect(toy.title == "Toy Story" && toy.topic == "Animation Comedy")
    #expect(toy.uploadTime == Int64(1995 - 1970) * 31_556_952, "release year: its first of January, about")
    let user = try #require(try workspace.history(ofUser: "2"))
    #expect(user.user.age == 53 && user.user.region == "94043")
    #expect(user.watches.map(\.watch.watchSeconds) == [120, 360], "rating / max rating x 600 s, in time order")
  }

  @Test("MIND: pages become impressions with clicks; history watches before the log; unknown news kept")
  func mind() throws {
    let workspace = try ImportersTests.emptyWorkspace()
    let report = try MINDImporter().importDirectory(Self.file("mind"), into: workspace)
    #expect(report.impressions == 366 && report.users == 19 && report.videos == 40)
    let titles = try workspace.videos().filter { $0.title.hasPrefix("(unknown news") }.map(\.id).sorted()
    #expect(titles == ["N39", "N40"], "news without a news.tsv row import with an unknown title")
    let columns = try workspace.loadColumns()
    let firstPage = try #require(columns.impressions.time.min())
    let u = try #require(columns.users.ids.firstIndex(of: "U1"))
    let range = columns.watches.range(ofUser: u)
    let history = range.prefix(3).map { columns.watches.time[$0] }
    #expect(history.allSatisfy { $0 < firstPage - 86_000 } && history == history.sorted())
    let clicks = columns.impressions.clicked.filter { $0 }.count
    #expect(report.watches == clicks + 19 * 3, "every click is a watch, plus three history items per user")
    #expect(MINDImporter.parseTime("11/15/2019 8:55:22 PM") == 1_573_851_322)
  }

  @Test("MIND: a bad time names file, line and field, and nothing is written")
  func mindBad() throws {
    let workspace = try ImportersTests.emptyWorkspace()
    do {
      try MINDImporter().importDirectory(Self.file("mind-bad"), into: workspace)
      Issue.record("accepted")
    } catch let error as ImportError {
      #expect(error.file.hasSuffix("behaviors.tsv") && error.line == 2 && error.field == "time")
    }
    #expect(try workspace.summary().watches == 0)
  }

  @Test("KuaiRec: play and video durations in milliseconds become seconds")
  func kuaiRec() throws {
    let url = Self.file("kuairec/small_matrix.csv")
    #expect(try KuaiLayout.kind(of: url) == .watches)
    let workspace = try ImportersTests.emptyWorkspace()
    let report = try DatasetImporter(files: [DatasetFile(.watches, url)], format: "kuairec").importDataset(
      into: workspace)
    #expect(report.files[0].notes.contains { $0.contains("milliseconds") })
    let user = try #require(try workspace.history(ofUser: "14"))
    #expect(abs(user.watches[0].watch.watchSeconds - 4.381) < 1e-9 && user.watches[0].watch.time == 1_593_898_068)
    #expect(try workspace.videos().first { $0.id == "148" }?.durationSeconds == 6.067)
  }

  @Test("KuaiRand: a log with is_click is impressions (time_ms, play_time_ms)")
  func kuaiRand() throws {
    let url = Self.file("kuairand/log_standard.csv")
    #expect(try KuaiLayout.kind(of: url) == .impressions)
    let workspace = try ImportersTests.emptyWorkspace()
    let report = try DatasetImporter(files: [DatasetFile(.impressions, url)]).importDataset(into: workspace)
    #expect(report.impressions == 3 && report.files[0].ignoredColumns.contains("is_like"))
    let columns = try workspace.loadColumns()
    #expect(columns.impressions.clicked.filter { $0 }.count == 2)
    #expect(columns.impressions.watchSeconds.contains(8.4))
    #expect(Set(columns.impressions.request).count == 2, "one page per user and time")
    #expect(columns.videos.durationSeconds[Int(columns.videos.ids.firstIndex(of: "7") ?? 0)] == 9)
  }

  @Test("ml-latest: ratings.csv and movies.csv, the first genre as topic, tags reported as not imported")
  func mlLatest() throws {
    let workspace = try ImportersTests.emptyWorkspace()
    let report = try MovieLensImporter().importDirectory(Self.file("ml-latest"), into: workspace)
    #expect(report.format == "ml-latest" && report.watches == 3 && report.videos == 2)
    #expect(try workspace.videos().first { $0.id == "1" }?.topic == "Adventure")
    #expect(report.files.last?.notes.contains("not imported: tags.csv") == true)
    #expect(try workspace.history(ofUser: "2")?.watches.first?.watch.watchSeconds == 3_000, "2.5 / 5 x 6,000 s")
  }
}
