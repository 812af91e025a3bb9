import Application
import CandidateGeneration
import Foundation
import Importers
import Recommendation
import SyntheticWorld
import Testing
import WatchNextTestSupport
import WorkspaceStore

/// The test server's URL (`.ci/run` starts one; without it these tests are skipped).
enum PostgresServer {
  static let url = ProcessInfo.processInfo.environment["WATCHNEXT_TEST_POSTGRES"]

  /// A fresh database on the server and a workspace directory naming it.
  static func workspace() throws -> URL {
    let base = try #require(url)
    let name = "wn_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
    try PostgresConnection(url: base).execute("CREATE DATABASE \(name)")
    let database = base[..<(base.range(of: "/", options: .backwards)?.upperBound ?? base.endIndex)] + name
    let directory = TemporaryFiles.url("wn-pgws")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    try Data(database.utf8).write(to: WorkspaceLayout(directory: directory).postgresURL)
    return directory
  }
}

@Suite(
  "A workspace in PostgreSQL: staged writes, a session, training and recommending",
  .enabled(if: PostgresServer.url != nil, "needs WATCHNEXT_TEST_POSTGRES (a server)"))
struct PostgresSessionTests {
  @Test("generate, append and a failed append through the staging; the session trains and recommends")
  func endToEnd() throws {
    let url = try PostgresServer.workspace()
    var world = WorldConfig()
    world.users = 150
    world.videos = 200
    world.days = 5
    try StagedWorkspace.run(into: url, mode: .create) { try WorldGenerator.generate(world, into: $0) }
    let workspace = try Workspace(at: url)
    #expect(workspace.postgresURL != nil)
    let generated = try workspace.fingerprint()
    #expect(generated.watches > 500)
    #expect(FileManager.default.fileExists(atPath: WorkspaceLayout(directory: url).truth.path), "truth kept")
    // Creating over events is refused; a failing append leaves the database as it was.
    #expect(throws: StagedWorkspaceError.self) {
      try StagedWorkspace.run(into: url, mode: .create) { _ in }
    }
    struct Boom: Error {}
    #expect(throws: Boom.self) {
      try StagedWorkspace.run(into: url, mode: .append) { staged in
        try staged.write { w in
          _ = try w.upsert(User(id: "newcomer"))
          try w.insertSearch(user: 0, time: 1, query: "never kept")
        }
        throw Boom()
      }
    }
    #expect(try workspace.fingerprint() == generated)
    // An append keeps the workspace's identity and every earlier event.
    let before = try workspace.loadColumns()
    let log = TemporaryFiles.url("more", extension: "csv")
    try Data("user,video,time\nnewcomer,new-video,1900000000\n".utf8).write(to: log)
    _ = try StagedWorkspace.run(into: url, mode: .append) { try CSVEventImporter().importFile(log, into: $0) }
    let appended = try workspace.fingerprint()
    #expect(appended.id == generated.id && appended.watches == generated.watches + 1)
    let after = try workspace.loadColumns()
    #expect(Array(after.videos.ids.prefix(before.videos.count)) == before.videos.ids)
    #expect(after.watches.count == before.watches.count + 1)
    // The session on it: train the candidate model and recommend.
    var session = try WorkspaceSession.open(url)
    _ = try session.trainCandidates(config: TestConfigs.tinyCandidate(), split: try session.split(), progress: { _ in })
    let recommender = try session.recommender()
    let list = try recommender.recommend(userID: before.users.ids[0], k: 5)
    #expect(list.ranked.count >= 5)
  }
}
