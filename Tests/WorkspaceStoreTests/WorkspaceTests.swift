import Foundation
import GRDB
import Testing
import WatchNextTestSupport
import WorkspaceStore

/// Where a test's workspace keeps its events: the read tests run on both stores (PostgreSQL
/// when a test server is set, as in CI).
enum Store: String, CustomStringConvertible, CaseIterable {
  case sqlite, postgres
  var description: String { rawValue }
  static var available: [Store] { PostgresTestServer.url == nil ? [.sqlite] : [.sqlite, .postgres] }
}

@Suite("Workspace: schema, transactions, history and columnar loading")
struct WorkspaceTests {
  /// The populated workspace in `store`: for PostgreSQL, a populated SQLite workspace copied
  /// into a fresh database, opened through a directory that names it.
  static func populated(_ store: Store) throws -> Workspace {
    let sqlite = try newWorkspace()
    try populate(sqlite)
    guard store == .postgres else { return sqlite }
    let url = try PostgresWorkspaceTests.freshDatabase()
    try PostgresWorkspace(url: url, create: true).replace(with: sqlite)
    let directory = TemporaryFiles.url("wn-pgdir")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try Data(url.utf8).write(to: WorkspaceLayout(directory: directory).postgresURL)
    return try Workspace(at: directory)
  }

  static func newWorkspace() throws -> Workspace {
    try Workspace(
      at: TemporaryFiles.url("wn-ws"), create: true)
  }

  static func populate(_ workspace: Workspace) throws {
    try workspace.write { w in
      try w.upsert(
        Video(id: "a", title: "Alpha", channel: "c1", topic: "t1", language: "en", durationSeconds: 100, uploadTime: 0))
      try w.upsert(
        Video(id: "b", title: "Beta", channel: "c2", topic: "t1", language: "de", durationSeconds: 200, uploadTime: 5))
      try w.upsert(User(id: "u1", age: 30, gender: "f", region: "US", language: "en", device: "tv"))
      try w.upsert(User(id: "u2"))
      // Out of time order on purpose: loading must sort by (user, time).
      try w.insert(Watch(user: "u2", video: "a", time: 300, watchSeconds: 50, source: .search))
      try w.insert(Watch(user: "u1", video: "b", time: 200, watchSeconds: 150, source: .recommendation))
      try w.insert(Watch(user: "u1", video: "a", time: 100, watchSeconds: 90, source: .external))
      try w.insert(
        Impression(user: "u1", video: "b", time: 199, requestID: 7, position: 0, clicked: true, watchSeconds: 150))
      try w.insert(
        Impression(user: "u1", video: "a", time: 199, requestID: 7, position: 1, clicked: false, watchSeconds: 0))
      try w.insert(Search(user: "u1", time: 150, query: "beta videos"))
    }
  }

  @Test("Opening a path without a workspace is a clear error")
  func notAWorkspace() {
    let url = TemporaryFiles.url("wn-none")
    #expect(throws: WorkspaceError.notAWorkspace(path: url.path)) { try Workspace(at: url) }
  }

  @Test("Summary counts what was written, and a reopened workspace sees it", arguments: Store.available)
  func summaryAndReopen(store: Store) throws {
    let workspace = try Self.populated(store)
    let summary = try Workspace(at: workspace.directory).summary()
    #expect(summary.videos == 2 && summary.users == 2 && summary.watches == 3)
    #expect(summary.impressions == 2 && summary.clickedImpressions == 1 && summary.searches == 1)
    #expect(summary.firstEventTime == 100 && summary.lastEventTime == 300)
  }

  @Test("A user's history comes back in time order with titles", arguments: Store.available)
  func history(store: Store) throws {
    let workspace = try Self.populated(store)
    let history = try #require(try workspace.history(ofUser: "u1"))
    #expect(history.watches.map(\.title) == ["Alpha", "Beta"])
    #expect(history.watches.map(\.watch.source) == [.external, .recommendation])
    #expect(history.searches.map(\.query) == ["beta videos"])
    #expect(history.user.device == "tv")
    #expect(try workspace.history(ofUser: "nobody") == nil)
  }

  @Test("A throwing write rolls back everything it wrote")
  func rollback() throws {
    struct Stop: Error {}
    let workspace = try Self.newWorkspace()
    try Self.populate(workspace)
    let before = try workspace.summary()
    #expect(throws: Stop.self) {
      try workspace.write { w in
        try w.upsert(
          Video(id: "c", title: "C", channel: "c", topic: "t", language: "en", durationSeconds: 1, uploadTime: 0))
        try w.insert(Watch(user: "u1", video: "c", time: 1, watchSeconds: 1, source: .external))
        throw Stop()
      }
    }
    #expect(try workspace.summary() == before)
  }

  @Test("Events naming unknown users or videos are rejected with the field")
  func unknownReferences() throws {
    let workspace = try Self.newWorkspace()
    try Self.populate(workspace)
    #expect(
      throws: WorkspaceError.invalidRecord(
        path: workspace.databaseURL.path, record: "watch", field: "video", reason: "unknown video 'zzz'")
    ) {
      try workspace.write { w in
        try w.insert(Watch(user: "u1", video: "zzz", time: 1, watchSeconds: 1, source: .external))
      }
    }
  }

  @Test(
    "Columns: events sorted by (user, time) with CSR offsets; shared language codebook; entities in index order",
    arguments: Store.available)
  func columns(store: Store) throws {
    let workspace = try Self.populated(store)
    #expect(try workspace.videos().map(\.id) == ["a", "b"] && workspace.videos()[1].durationSeconds == 200)
    #expect(try workspace.users().map(\.id) == ["u1", "u2"] && workspace.users()[0].device == "tv")
    #expect(try workspace.users()[1].age == nil)
    let columns = try workspace.loadColumns()
    #expect(columns.eventCount == 6)
    #expect(columns.watches.userOffsets == [0, 2, 3])
    #expect(columns.watches.time == [100, 200, 300])
    #expect(columns.watches.video == [0, 1, 0])
    #expect(columns.watches.range(ofUser: 1) == 2..<3)
    #expect(columns.impressions.clicked == [true, false] && columns.impressions.request == [7, 7])
    #expect(columns.searches.range(ofUser: 1).isEmpty)
    #expect(columns.languages.names.sorted() == ["de", "en", "unknown"])
    #expect(columns.users.age[1].isNaN && columns.users.gender[1] == -1)
    #expect(columns.videos.channels.names == ["c1", "c2"] && columns.videos.durationSeconds == [100, 200])
  }

  @Test("A bulk load rebuilds the event indexes, and a failed one rolls them back with the rows")
  func bulkLoad() throws {
    struct Stop: Error {}
    let workspace = try Self.newWorkspace()
    try Self.populate(workspace)
    try workspace.write { w in
      try w.bulkLoad { bulk in
        try bulk.insert(Watch(user: "u1", video: "a", time: 900, watchSeconds: 1, source: .external))
      }
    }
    #expect(throws: Stop.self) {
      try workspace.write { w in try w.bulkLoad { _ in throw Stop() } }
    }
    let queue = try DatabaseQueue(path: workspace.databaseURL.path)
    let names = try queue.read { db in
      try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%'")
    }
    #expect(Set(names) == ["watches_user_time", "watches_video", "impressions_user_time", "searches_user_time"])
    #expect(try workspace.summary().watches == 4)
  }

  @Test("Upsert replaces fields and keeps the index")
  func upsert() throws {
    let workspace = try Self.newWorkspace()
    try Self.populate(workspace)
    let index = try workspace.write { w in
      try w.upsert(
        Video(
          id: "a", title: "Alpha 2", channel: "c1", topic: "t1", language: "en", durationSeconds: 100, uploadTime: 0))
    }
    #expect(index == 0)
    #expect(try workspace.videos().map(\.title) == ["Alpha 2", "Beta"])
  }
}
