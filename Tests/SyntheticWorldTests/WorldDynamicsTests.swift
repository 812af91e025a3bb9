import Foundation
import NeuralCore
import SyntheticWorld
import Testing
import WatchNextTestSupport
import WorkspaceStore

@Suite("Synthetic world: the dynamics do what they say")
struct WorldDynamicsTests {
  static func make(_ dynamics: WorldDynamics) throws -> (EventColumns, LatentTruth, WorldConfig) {
    var config = SmallWorld.config
    config.users = 400
    config.days = 21
    config.dynamics = dynamics
    let workspace = try Workspace(at: TemporaryFiles.url("wn-dynamics"), create: true)
    try WorldGenerator.generate(config, into: workspace)
    let truth = try LatentTruth.load(from: WorldGenerator.truthDirectory(of: workspace))
    return (try workspace.loadColumns(), truth, config)
  }

  static func time(_ day: Float, _ config: WorldConfig) -> Int64 {
    config.startTime + Int64(Double(day) * Double(Seconds.perDay))
  }

  @Test("Mechanism names parse, and unknown ones are refused by name")
  func names() throws {
    #expect(
      try WorldDynamics(list: "all") == .all
        && WorldDynamics.all.summary == WorldDynamics.names.filter { $0 != "succession" }.joined(separator: ","))
    var allAndSuccession = WorldDynamics.all
    allAndSuccession.succession = true
    #expect(try WorldDynamics(list: "all,succession") == allAndSuccession)
    #expect(try WorldDynamics(list: "none") == .none && WorldDynamics.none.summary == "none")
    let two = try WorldDynamics(list: "drift, follow-ups")
    #expect(two.drift && two.followUps && !two.searchDiscovery && two.summary == "drift,follow-ups")
    #expect(throws: WorldError.self) { try WorldDynamics(list: "drift,teleport") }
    #expect(throws: WorldError.self) { try WorldDynamics(list: "succession") }
    #expect(try WorldDynamics(list: "drift,succession").succession)
  }

  @Test("A world configuration written before succession existed reads with it off")
  func olderConfiguration() throws {
    var every = WorldDynamics.all
    every.succession = true
    var encoded = try JSONEncoder().encode(every)
    var object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Bool])
    object.removeValue(forKey: "succession")
    encoded = try JSONSerialization.data(withJSONObject: object)
    #expect(try JSONDecoder().decode(WorldDynamics.self, from: encoded) == .all)
  }

  @Test("Succession moves tastes one way: the new topic follows the fading one through a fixed table")
  func succession() throws {
    /// For users with a new and a fading topic: the share of them whose new topic is their fading
    /// topic's most common successor, and how often some user moves back along a common step.
    func pairs(_ dynamics: WorldDynamics) throws -> (topShare: Double, reverseShare: Double) {
      let (_, truth, _) = try Self.make(dynamics)
      let k = truth.topicCount
      var counts = [Int](repeating: 0, count: k * k)
      for (old, new) in zip(truth.userFadingTopic, truth.userNewTopic) where old >= 0 && new >= 0 {
        counts[Int(old) * k + Int(new)] += 1
      }
      let total = counts.reduce(0, +)
      var top = 0
      var reverse = 0
      for a in 0..<k {
        let row = counts[(a * k)..<((a + 1) * k)]
        guard let best = row.indices.max(by: { counts[$0] < counts[$1] }), counts[best] > 0 else { continue }
        top += counts[best]
        reverse += counts[(best - a * k) * k + a]
      }
      return (Double(top) / Double(max(total, 1)), Double(reverse) / Double(max(top, 1)))
    }
    var withSuccession = WorldDynamics.all
    withSuccession.succession = true
    let on = try pairs(withSuccession)
    let without = try pairs(.all)
    #expect(on.topShare > 0.7 && on.reverseShare < 0.1, "with succession: \(on)")
    #expect(without.topShare < 0.5, "without succession: \(without)")
  }

  @Test("Late signups are silent before they sign up; without the mechanism everyone starts on day 0")
  func lateSignups() throws {
    let (columns, truth, config) = try Self.make(.all)
    let late = (0..<columns.users.count).filter { truth.userSignupDay[$0] > 1 }
    #expect(late.count > columns.users.count / 4)
    for u in late {
      let signup = Self.time(truth.userSignupDay[u], config)
      #expect(columns.watches.range(ofUser: u).allSatisfy { columns.watches.time[$0] >= signup })
      #expect(columns.searches.range(ofUser: u).allSatisfy { columns.searches.time[$0] >= signup })
    }
    let (_, still, _) = try Self.make(.none)
    #expect(still.userSignupDay.allSatisfy { $0 == 0 } && still.userNewTopic.allSatisfy { $0 == -1 })
  }

  @Test("A new interest is searched for first, watched later, and leads at the end; a fading one is gone")
  func drift() throws {
    let (columns, truth, config) = try Self.make(.all)
    let k = truth.topicCount
    let words = TopicLexicon.topics.map { Set($0.words + [$0.name]) }
    var discoverySearches = 0
    var discoveryOnTopic = 0
    var earlyWatches = 0
    var earlyOnTopic = 0
    var lateWatches = 0
    var lateOnTopic = 0
    for u in 0..<columns.users.count where truth.userNewTopic[u] >= 0 {
      let topic = Int(truth.userNewTopic[u])
      let start = Self.time(truth.userNewTopicDay[u], config)
      let discoveryEnd = start + 4 * Seconds.perDay
      for i in columns.searches.range(ofUser: u) where (start..<discoveryEnd).contains(columns.searches.time[i]) {
        discoverySearches += 1
        let tokens = columns.searches.query[i].split(separator: " ").map(String.init)
        if tokens.contains(where: { words[topic].contains($0) }) { discoveryOnTopic += 1 }
      }
      for i in columns.watches.range(ofUser: u) {
        let t = columns.watches.time[i]
        let v = Int(columns.watches.video[i])
        let onTopic = (0..<k).max { truth.videoTopics[v, $0] < truth.videoTopics[v, $1] } == topic
        if (start..<discoveryEnd).contains(t) {
          earlyWatches += 1
          earlyOnTopic += onTopic ? 1 : 0
        } else if t >= discoveryEnd + 4 * Seconds.perDay {
          lateWatches += 1
          lateOnTopic += onTopic ? 1 : 0
        }
      }
      if truth.userNewTopicDay[u] < Float(config.days) - 8 {
        let row = (0..<k).map { truth.userInterests[u, $0] }
        #expect(row.firstIndex(of: row.max() ?? 0) == topic, "user \(u): the new interest leads at the end")
      }
      if truth.userFadingTopic[u] >= 0 { #expect(truth.userInterests[u, Int(truth.userFadingTopic[u])] < 0.03) }
    }
    let searchShare = Double(discoveryOnTopic) / Double(max(discoverySearches, 1))
    let earlyShare = Double(earlyOnTopic) / Double(max(earlyWatches, 1))
    let lateShare = Double(lateOnTopic) / Double(max(lateWatches, 1))
    #expect(
      discoverySearches > 100 && searchShare > 0.6, "\(discoveryOnTopic) of \(discoverySearches) searches on topic")
    #expect(
      earlyShare < 0.25 && lateShare > 2 * earlyShare, "watches in the new topic: \(earlyShare) then \(lateShare)")
  }

  @Test("Follow-ups run one way: a channel's next upload right after a watch, far more than the reverse")
  func followUps() throws {
    func ratio(_ dynamics: WorldDynamics) throws -> Double {
      let (columns, _, _) = try Self.make(dynamics)
      let w = columns.watches
      let v = columns.videos
      var forward = 0
      var backward = 0
      for u in 0..<columns.users.count {
        let range = w.range(ofUser: u)
        for i in range.dropLast() {
          let a = Int(w.video[i])
          let b = Int(w.video[i + 1])
          guard v.channel[a] == v.channel[b], w.time[i + 1] - w.time[i] < 4 * 3600 else { continue }
          if v.uploadTime[b] > v.uploadTime[a] { forward += 1 } else { backward += 1 }
        }
      }
      return Double(forward) / Double(max(backward, 1))
    }
    let on = try ratio(.all)
    let off = try ratio(.none)
    #expect(on > 3 && on > 2 * off, "forward/backward same-channel pairs: \(on) with follow-ups, \(off) without")
  }
}
