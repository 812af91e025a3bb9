import Foundation
import NeuralCore
import Ranking
import Testing
import WatchNextTestSupport
import WorkspaceStore

@Suite("Ranking: features see only the past of their request")
struct FeatureBuilderTests {
  /// One user; four videos of one channel; a watch, then two pages of impressions.
  static func handMade() throws -> EventColumns {
    let url = TemporaryFiles.url("wn-rank-hand")
    let workspace = try Workspace(at: url, create: true)
    try workspace.write { w in
      for v in 0..<4 {
        try w.upsert(
          Video(
            id: "v\(v)", title: "video \(v)", channel: "c1", topic: v < 3 ? "t1" : "t2", language: "en",
            durationSeconds: Double(100 * (v + 1)), uploadTime: 0))
      }
      try w.upsert(User(id: "a", age: nil, gender: "f", region: "US", device: "tv"))
      try w.upsert(User(id: "b", age: 40, gender: "m", region: "DE", device: "mobile"))
      try w.insert(Watch(user: "a", video: "v0", time: 100, watchSeconds: 50, source: .external))
      // Page 1 at t = 200: v1 clicked (watched at 205), v2 shown at 210, after that watch.
      try w.insert(
        Impression(user: "a", video: "v1", time: 200, requestID: 1, position: 0, clicked: true, watchSeconds: 60))
      try w.insert(
        Impression(user: "a", video: "v2", time: 210, requestID: 1, position: 1, clicked: false, watchSeconds: 0))
      try w.insert(Watch(user: "a", video: "v1", time: 205, watchSeconds: 60, source: .recommendation))
      // Page 2 at t = 86,600 (a day later).
      try w.insert(
        Impression(user: "a", video: "v2", time: 86_600, requestID: 2, position: 0, clicked: false, watchSeconds: 0))
      try w.insert(
        Impression(user: "a", video: "v3", time: 86_601, requestID: 2, position: 1, clicked: false, watchSeconds: 0))
      try w.insert(Watch(user: "b", video: "v1", time: 150, watchSeconds: 20, source: .external))
    }
    return try workspace.loadColumns()
  }

  @Test("impression and query features on two pages")
  func pages() throws {
    let columns = try Self.handMade()
    let examples = RankingFeatureBuilder(columns: columns).loggedImpressions()
    #expect(examples.requestCount == 2)
    #expect(examples.count == 4)
    #expect(examples.clicked == [true, false, false, false])
    #expect(examples.watchSeconds == [60, 0, 0, 0])
    // Page 1: one earlier watch (v0); the click's watch at 205 is not visible, even to v2 shown at 210.
    #expect(examples.value(.historyLength, ofRequest: 0) == 1)
    #expect(examples.value(.channelWatches, of: 0) == 1)
    #expect(examples.value(.channelWatches, of: 1) == 1)
    #expect(examples.value(.earlierImpressions, of: 1) == 0)
    #expect(examples.value(.daysSinceImpression, of: 1) == RankingFeatureBuilder.neverDays)
    #expect(examples.value(.topicWatches, of: 0) == 1)
    #expect(examples.value(.duration, of: 0) == 200)
    // Unknown age falls back to the median of known ages.
    #expect(examples.value(.age, ofRequest: 0) == 40)
    // Page 2: two watches, v2 was shown once before (at 210), v3's channel watched twice, its topic never.
    #expect(examples.value(.historyLength, ofRequest: 1) == 2)
    #expect(examples.value(.earlierImpressions, of: 2) == 1)
    #expect(abs(examples.value(.daysSinceImpression, of: 2) - Float(86_600 - 210) / 86_400) < 1e-5)
    #expect(examples.value(.channelWatches, of: 3) == 2)
    #expect(examples.value(.topicWatches, of: 3) == 0)
    #expect(examples.value(.daysSinceTopicWatch, of: 3) == RankingFeatureBuilder.neverDays)
    // Popularity: v1 was watched by b at 150 and by a at 205, both within the week before page 2.
    #expect(examples.value(.viewsLastWeek, of: 0) == 1)
    #expect(examples.requestHistoryEnd[0] == columns.watches.range(ofUser: 0).lowerBound + 1)
  }

  @Test("views in the last week and day from one search equal the two windows counted apart")
  func recentViews() throws {
    let columns = try RankingSetup.get().columns
    let popularity = PopularityTimeline(columns: columns)
    var generator = SeededGenerator(seed: 3)
    let times = columns.watches.time.sorted()
    let first = try #require(times.first)
    let last = try #require(times.last)
    // At watch times (a window edge on a watch), between them, before all and after all.
    let probes =
      stride(from: 0, to: times.count, by: max(1, times.count / 40)).map { times[$0] }
      + [first - 1, first, last, last + 1, last + 8 * 86_400, (first + last) / 2 + 43_200]
    var nonzeroDays = 0
    let videos = Array(Int32(-1)...Int32(columns.videos.count)).shuffled(using: &generator) + [3, 3, -7]
    for time in probes {
      let batch = popularity.recentViews(of: videos, before: time)
      for (video, both) in zip(videos, batch) {
        #expect(both.week == popularity.views(of: video, before: time))
        #expect(both.day == popularity.views(of: video, before: time, window: 86_400))
        if both.day > 0 { nonzeroDays += 1 }
      }
    }
    #expect(nonzeroDays > 100, "the probes reach watched days")
  }

  @Test("serving state of a user includes every earlier event")
  func servingState() throws {
    let columns = try Self.handMade()
    let builder = RankingFeatureBuilder(columns: columns)
    let (activity, end) = builder.activity(ofUser: 0, before: .max)
    #expect(activity.watchCount == 2)
    #expect(activity.impressions[2]?.count == 2)
    #expect(end == columns.watches.range(ofUser: 0).upperBound)
  }
}
