import Foundation
import Testing
import WatchNextTestSupport
import WorkspaceStore

/// The test server's URL, from the environment.
enum PostgresTestServer {
  static let url = ProcessInfo.processInfo.environment["WATCHNEXT_TEST_POSTGRES"]
}

/// The PostgreSQL workspace against a real server: CI starts a throwaway cluster
/// (`watchnext_postgres_start` in `.ci/setup`) and sets `WATCHNEXT_TEST_POSTGRES`; without it
/// these tests are skipped. Each test works in a database of its own.
@Suite(
  "PostgreSQL workspace: COPY in, binary COPY out, advisory locks, errors",
  .enabled(if: PostgresTestServer.url != nil, "needs WATCHNEXT_TEST_POSTGRES (a server)"))
struct PostgresWorkspaceTests {
  static let serverURL = PostgresTestServer.url

  /// A fresh, empty database on the test server, and its URL.
  static func freshDatabase() throws -> String {
    let base = try #require(serverURL)
    let name = "wn_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    try PostgresConnection(url: base).execute("CREATE DATABASE \(name)")
    guard let slash = base.range(of: "/", options: .backwards) else { return base }
    return String(base[..<slash.upperBound]) + name
  }

  static func world() throws -> (Workspace, EventColumns) {
    let (workspace, columns) = try TemporaryWorld.make(users: 200, videos: 150, days: 5, seed: 3, prefix: "wn-pg")
    return (workspace, columns)
  }

  /// Every column of `a` equals `b`'s (ages by bit pattern: NaN is "unknown").
  static func expectEqual(_ a: EventColumns, _ b: EventColumns) {
    #expect(a.videos.ids == b.videos.ids && a.videos.titles == b.videos.titles)
    #expect(a.videos.channel == b.videos.channel && a.videos.topic == b.videos.topic)
    #expect(a.videos.channels == b.videos.channels && a.videos.topics == b.videos.topics)
    #expect(a.videos.language == b.videos.language && a.languages == b.languages)
    #expect(a.videos.durationSeconds == b.videos.durationSeconds && a.videos.uploadTime == b.videos.uploadTime)
    #expect(a.users.ids == b.users.ids && a.users.age.map(\.bitPattern) == b.users.age.map(\.bitPattern))
    #expect(a.users.gender == b.users.gender && a.users.genders == b.users.genders)
    #expect(a.users.region == b.users.region && a.users.device == b.users.device)
    #expect(a.users.language == b.users.language && a.users.loggedIn == b.users.loggedIn)
    #expect(a.watches.user == b.watches.user && a.watches.video == b.watches.video)
    #expect(a.watches.time == b.watches.time && a.watches.watchSeconds == b.watches.watchSeconds)
    #expect(a.watches.source == b.watches.source && a.watches.userOffsets == b.watches.userOffsets)
    #expect(a.impressions.user == b.impressions.user && a.impressions.video == b.impressions.video)
    #expect(a.impressions.time == b.impressions.time && a.impressions.request == b.impressions.request)
    #expect(a.impressions.position == b.impressions.position && a.impressions.clicked == b.impressions.clicked)
    #expect(a.impressions.watchSeconds == b.impressions.watchSeconds)
    #expect(a.searches.user == b.searches.user && a.searches.time == b.searches.time)
    #expect(a.searches.query == b.searches.query && a.searches.userOffsets == b.searches.userOffsets)
  }

  @Test("a SQLite workspace copied in through COPY loads back through binary COPY as the same columns")
  func roundTrip() throws {
    let (sqlite, columns) = try Self.world()
    #expect(
      columns.watches.count > 1_000 && columns.impressions.count > 1_000 && columns.searches.count > 100,
      "\(columns.watches.count), \(columns.impressions.count), \(columns.searches.count)")
    let postgres = try PostgresWorkspace(url: try Self.freshDatabase(), create: true)
    let copied = try postgres.replace(with: sqlite)
    #expect(copied == columns.eventCount)
    Self.expectEqual(try postgres.loadColumns(), columns)
    #expect(try postgres.fingerprint() == sqlite.fingerprint())
  }

  @Test("a failing import leaves the database as it was (one transaction)")
  func failedImportChangesNothing() throws {
    let (sqlite, columns) = try Self.world()
    let postgres = try PostgresWorkspace(url: try Self.freshDatabase(), create: true)
    try postgres.replace(with: sqlite)
    let before = try postgres.fingerprint()
    var broken = columns
    // Two videos with one ID: the UNIQUE constraint fails the COPY of videos, after meta went in.
    broken.videos.ids[1] = broken.videos.ids[0]
    #expect(throws: WorkspaceError.self) {
      try postgres.replace(with: broken, metadata: ["schema_version": "1", "workspace_id": "other"])
    }
    #expect(try postgres.fingerprint() == before)
    Self.expectEqual(try postgres.loadColumns(), columns)
  }

  @Test("one writer at a time by advisory lock, named; readers are not blocked")
  func writerLock() throws {
    let url = try Self.freshDatabase()
    let (sqlite, columns) = try Self.world()
    let writer = try PostgresWorkspace(url: url, create: true)
    try writer.replace(with: sqlite)
    try writer.lockWriter(activity: "training the ranking model")
    let second = try PostgresWorkspace(url: url)
    #expect {
      try second.lockWriter(activity: "importing")
    } throws: { error in
      guard case WorkspaceError.busy(_, let holder) = error else { return false }
      return holder.contains("watchnext: training the ranking model")
    }
    Self.expectEqual(try second.loadColumns(), columns)
    try writer.unlockWriter()
    try second.lockWriter(activity: "importing")
    try second.unlockWriter()
  }

  @Test("an unreachable server, a wrong password, an empty database, another schema: clear errors")
  func badConnections() throws {
    #expect {
      try PostgresWorkspace(url: "postgresql://nobody@127.0.0.1:1/none")
    } throws: { error in
      "\(error)".contains("cannot connect") && "\(error)".contains("127.0.0.1:1")
    }
    if let wrong = ProcessInfo.processInfo.environment["WATCHNEXT_TEST_POSTGRES_PASSWORD_URL"] {
      #expect {
        try PostgresWorkspace(url: wrong)
      } throws: { error in
        let message = "\(error)"
        return message.contains("password authentication failed") && !message.contains("wrong")
          && message.contains("wn_password:***@")
      }
    }
    let empty = try Self.freshDatabase()
    #expect(throws: WorkspaceError.notAWorkspace(path: empty)) { try PostgresWorkspace(url: empty) }
    let other = try PostgresWorkspace(url: empty, create: true)
    try other.connection.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    #expect(throws: WorkspaceError.incompatibleSchema(path: empty, found: 99, expected: 1)) {
      try PostgresWorkspace(url: empty)
    }
  }
}
