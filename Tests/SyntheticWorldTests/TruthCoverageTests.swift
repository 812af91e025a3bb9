import SyntheticWorld
import Testing
import WatchNextTestSupport
import WorkspaceStore

@Suite("The latent truth knows its own world only")
struct TruthCoverageTests {
  @Test("a world covers its truth; after appending a user and a video it does not (evaluate then leaves it out)")
  func coverage() throws {
    let (workspace, columns) = try TemporaryWorld.make(users: 40, videos: 60, days: 3, seed: 9, prefix: "wn-cover")
    let truth = try LatentTruth.load(from: WorldGenerator.truthDirectory(of: workspace))
    #expect(truth.covers(columns))
    try workspace.write { w in
      try w.upsert(
        Video(id: "new", title: "New", channel: "c", topic: "t", language: "en", durationSeconds: 60, uploadTime: 0))
      try w.upsert(User(id: "newcomer"))
      try w.insert(Watch(user: "newcomer", video: "new", time: 1, watchSeconds: 10, source: .external))
    }
    #expect(!truth.covers(try workspace.loadColumns()))
  }
}
