import CandidateGeneration
import Foundation
import SyntheticWorld
import WatchNextTestSupport
import WorkspaceStore

enum Fixtures {
  /// A small synthetic world's columns.
  static func world(users: Int = 200, videos: Int = 300, days: Int = 8, seed: UInt64 = 3) throws -> (
    Workspace, EventColumns
  ) {
    try TemporaryWorld.make(users: users, videos: videos, days: days, seed: seed, prefix: "wn-cg")
  }

  /// A hand-made workspace: two users, four videos, watches and searches at known times; with
  /// `lateUser`, a third user "c" whose only watch (v2) is at time 400 and whose only search is at 300.
  static func handMade(lateUser: Bool = false) throws -> EventColumns {
    let url = TemporaryFiles.url("wn-cg-hand")
    let workspace = try Workspace(at: url, create: true)
    try workspace.write { w in
      for v in 0..<4 {
        try w.upsert(
          Video(
            id: "v\(v)", title: "video \(v)", channel: "c", topic: "t", language: "en", durationSeconds: 100,
            uploadTime: 0))
      }
      try w.upsert(User(id: "a", age: 30, gender: "f", region: "US", device: "tv"))
      try w.upsert(User(id: "b", age: 60, gender: "m", region: "DE", device: "mobile"))
      for (i, v) in ["v0", "v1", "v2", "v3"].enumerated() {
        try w.insert(Watch(user: "a", video: v, time: Int64(100 * (i + 1)), watchSeconds: 50, source: .external))
      }
      for (i, v) in ["v1", "v2", "v3"].enumerated() {
        try w.insert(Watch(user: "b", video: v, time: Int64(100 * (i + 1)), watchSeconds: 50, source: .external))
      }
      try w.insert(Search(user: "a", time: 150, query: "early words"))
      try w.insert(Search(user: "a", time: 350, query: "late words"))
      if lateUser {
        try w.upsert(User(id: "c", age: 20, gender: nil, region: "US", device: "tv"))
        try w.insert(Watch(user: "c", video: "v2", time: 400, watchSeconds: 50, source: .external))
        try w.insert(Search(user: "c", time: 300, query: "new words"))
      }
    }
    return try workspace.loadColumns()
  }
}
