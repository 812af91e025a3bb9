import Foundation
import SyntheticWorld
import Testing
import WatchNextTestSupport
import WorkspaceStore

/// One small world shared by the tests (generation is deterministic).
enum SmallWorld {
  static var config: WorldConfig {
    var config = WorldConfig()
    config.users = 300
    config.videos = 600
    config.days = 10
    return config
  }

  static func make(seed: UInt64 = 42) throws -> (Workspace, EventColumns, LatentTruth) {
    var config = config
    config.seed = seed
    let url = TemporaryFiles.url("wn-world")
    let workspace = try Workspace(at: url, create: true)
    try WorldGenerator.generate(config, into: workspace)
    let truth = try LatentTruth.load(from: WorldGenerator.truthDirectory(of: workspace))
    return (workspace, try workspace.loadColumns(), truth)
  }
}

@Suite("Synthetic world: determinism and the structure the paper relies on")
struct SyntheticWorldTests {
  @Test("The same seed gives the same world; another seed gives another")
  func determinism() throws {
    let (_, a, _) = try SmallWorld.make(seed: 7)
    let (_, b, _) = try SmallWorld.make(seed: 7)
    let (_, c, _) = try SmallWorld.make(seed: 8)
    #expect(a.watches.video == b.watches.video && a.impressions.clicked == b.impressions.clicked)
    #expect(a.videos.titles == b.videos.titles && a.searches.query == b.searches.query)
    #expect(a.watches.video != c.watches.video)
  }

  @Test("Catalogue: readable titles, Zipf-sized channels, fresh uploads during the window, series")
  func catalogue() throws {
    let (workspace, columns, truth) = try SmallWorld.make()
    let videos = try workspace.videos()
    #expect(
      videos.allSatisfy {
        $0.title.split(separator: " ").count >= 2
          && ($0.title.first?.isLetter == true || $0.title.first?.isNumber == true)
      })
    var sizes: [Int32: Int] = [:]
    for c in columns.videos.channel { sizes[c, default: 0] += 1 }
    let sorted = sizes.values.sorted(by: >)
    #expect(
      sorted[0] >= 4 * sorted[sorted.count / 2], "largest channel \(sorted[0]) vs median \(sorted[sorted.count / 2])")
    let start = SmallWorld.config.startTime
    let fresh = columns.videos.uploadTime.filter { $0 >= start }.count
    #expect(fresh > videos.count / 3 && fresh < videos.count)
    #expect(truth.videoSeries.contains { $0 >= 0 } && videos.contains { $0.title.contains("Episode 2") })
    let durations = columns.videos.durationSeconds.sorted()
    #expect(durations[durations.count / 2] > 200 && durations.last ?? 0 > 3 * (durations[durations.count / 2]))
  }

  @Test("Every title is unique, and a title's sequel number is never a search word")
  func uniqueTitles() throws {
    let (_, columns, _) = try SmallWorld.make()
    #expect(Set(columns.videos.titles).count == columns.videos.count)
    // The world numbers repeated titles ("… 2"): more than a few of the 600 videos must need it.
    let numbered = columns.videos.titles.filter {
      !$0.contains("Episode") && $0.split(separator: " ").last.map { Int($0) != nil } ?? false
    }
    #expect(numbered.count >= 10, "\(numbered.count) numbered titles")
    for query in columns.searches.query {
      #expect(!query.split(separator: " ").contains { Int($0) != nil }, "query \(query)")
    }
  }

  @Test("Clicks follow affinity, position, freshness and fatigue")
  func clickDrivers() throws {
    let (_, columns, truth) = try SmallWorld.make()
    let imp = columns.impressions
    var clickedAffinity: [Float] = []
    var skippedAffinity: [Float] = []
    var byPosition = [[Int]](repeating: [0, 0], count: 10)
    var byAge = [[Int]](repeating: [0, 0], count: 2)  // < 1 day, > 7 days
    var byRepeat = [[Int]](repeating: [0, 0], count: 2)  // first impression, third or later
    for u in 0..<columns.users.count {
      var seen: [Int32: Int] = [:]
      for i in imp.range(ofUser: u) {
        let v = imp.video[i]
        let clicked = imp.clicked[i] ? 1 : 0
        let affinity = truth.affinity(user: u, video: Int(v))
        if imp.clicked[i] { clickedAffinity.append(affinity) } else { skippedAffinity.append(affinity) }
        byPosition[Int(imp.position[i])][0] += clicked
        byPosition[Int(imp.position[i])][1] += 1
        let age = Double(imp.time[i] - columns.videos.uploadTime[Int(v)]) / 86_400
        if age < 1 { byAge[0][0] += clicked; byAge[0][1] += 1 }
        if age > 7 { byAge[1][0] += clicked; byAge[1][1] += 1 }
        let earlier = seen[v, default: 0]
        if earlier == 0 { byRepeat[0][0] += clicked; byRepeat[0][1] += 1 }
        if earlier >= 2 { byRepeat[1][0] += clicked; byRepeat[1][1] += 1 }
        seen[v] = earlier + 1
      }
    }
    func mean(_ x: [Float]) -> Float { x.reduce(0, +) / Float(max(x.count, 1)) }
    func rate(_ pair: [Int]) -> Double { Double(pair[0]) / Double(max(pair[1], 1)) }
    #expect(mean(clickedAffinity) > mean(skippedAffinity) + 1, "\(mean(clickedAffinity)) vs \(mean(skippedAffinity))")
    #expect(rate(byPosition[0]) > 1.5 * rate(byPosition[9]), "position bias")
    #expect(rate(byAge[0]) > 1.5 * rate(byAge[1]), "freshness spike: \(rate(byAge[0])) vs \(rate(byAge[1]))")
    #expect(rate(byRepeat[0]) > 1.5 * rate(byRepeat[1]), "fatigue: \(rate(byRepeat[0])) vs \(rate(byRepeat[1]))")
  }

  @Test("Watch time grows with affinity; watches come from all three sources")
  func watchTime() throws {
    let (_, columns, truth) = try SmallWorld.make()
    let w = columns.watches
    var high: [Double] = []
    var low: [Double] = []
    var sources = Set<UInt8>()
    for i in 0..<w.count {
      let u = Int(w.user[i])
      let v = Int(w.video[i])
      let fraction = Double(w.watchSeconds[i]) / Double(columns.videos.durationSeconds[v])
      if truth.affinity(user: u, video: v) > 2 {
        high.append(fraction)
      } else if truth.affinity(user: u, video: v) < 0 {
        low.append(fraction)
      }
      sources.insert(w.source[i])
    }
    let meanHigh = high.reduce(0, +) / Double(max(high.count, 1))
    let meanLow = low.reduce(0, +) / Double(max(low.count, 1))
    #expect(meanHigh > meanLow + 0.2, "completion \(meanHigh) vs \(meanLow)")
    #expect(sources == Set(WatchSource.allCases.map(\.rawValue)))
  }

  @Test("Series are watched in order: episode k+1 after episode k far more often than before it")
  func asymmetry() throws {
    let (_, columns, truth) = try SmallWorld.make()
    var forward = 0
    var backward = 0
    for u in 0..<columns.users.count {
      var firstWatch: [Int: Int64] = [:]
      for i in columns.watches.range(ofUser: u) where firstWatch[Int(columns.watches.video[i])] == nil {
        firstWatch[Int(columns.watches.video[i])] = columns.watches.time[i]
      }
      for (video, time) in firstWatch where truth.videoSeries[video] >= 0 {
        // The next episode is the video of the same series with episode + 1.
        for (other, otherTime) in firstWatch
        where truth.videoSeries[other] == truth.videoSeries[video]
          && truth.videoEpisode[other] == truth.videoEpisode[video] + 1
        {
          if otherTime > time { forward += 1 } else { backward += 1 }
        }
      }
    }
    #expect(forward > 20 && forward > 4 * backward, "forward \(forward), backward \(backward)")
  }

  @Test("Search tokens come from the titles of the videos searched for")
  func searches() throws {
    let (_, columns, _) = try SmallWorld.make()
    let s = columns.searches
    #expect(s.count > 100)
    var matched = 0
    for u in 0..<columns.users.count {
      for i in s.range(ofUser: u) {
        // The search watch follows the search within two minutes.
        let watches = columns.watches.range(ofUser: u).filter {
          columns.watches.time[$0] >= s.time[i] && columns.watches.time[$0] <= s.time[i] + 120
            && columns.watches.source[$0] == WatchSource.search.rawValue
        }
        guard let w = watches.first else { continue }
        let title = Set(QueryTokenizer.words(columns.videos.titles[Int(columns.watches.video[w])]))
        if QueryTokenizer.words(s.query[i]).contains(where: title.contains) { matched += 1 }
      }
    }
    #expect(Double(matched) > 0.5 * Double(s.count), "\(matched) of \(s.count)")
  }

  @Test("Generating into a non-empty workspace is refused")
  func refusesNonEmpty() throws {
    let (workspace, _, _) = try SmallWorld.make()
    #expect(throws: WorldError.self) { try WorldGenerator.generate(SmallWorld.config, into: workspace) }
  }
}
