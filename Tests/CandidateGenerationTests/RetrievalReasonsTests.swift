import NeuralCore
import Testing
import WorkspaceStore

@testable import CandidateGeneration

/// Why a candidate was retrieved: the user tower's attribution of `u · v` to its inputs.
@Suite("Retrieval reasons: u · v split over the user tower's inputs")
struct RetrievalReasonsTests {
  /// A small world's columns, split and a model over them (untrained unless `epochs` > 0).
  static func model(_ configure: (inout CandidateConfig) -> Void = { _ in }, epochs: Int = 0) throws
    -> BoundCandidateModel
  {
    let (_, columns) = try Fixtures.world(users: 120, videos: 200, days: 6, seed: 5)
    let split = try EvaluationSplit(columns: columns, protocol: .temporal())
    var config = CandidateConfig()
    config.towerWidths = [32, 16]
    config.watchEmbeddingDimension = 16
    config.tokenEmbeddingDimension = 8
    config.negatives = 50
    config.epochs = max(epochs, 1)
    configure(&config)
    if epochs > 0 { return try CandidateTrainer.train(columns: columns, split: split, config: config).generator }
    let space = FeatureSpace(columns: columns, split: split, config: config)
    return BoundCandidateModel(model: CandidateModel(config: config, space: space), space: space, columns: columns)
  }

  /// The serving target of the user with the most watches.
  static func busiestUser(_ generator: BoundCandidateModel) -> PredictionTarget {
    let users = 0..<generator.columns.users.count
    let user =
      users.max {
        generator.columns.watches.range(ofUser: $0).count < generator.columns.watches.range(ofUser: $1).count
      } ?? 0
    return generator.servingTarget(user: Int32(user))
  }

  static func dot(_ a: some Collection<Float>, _ b: some Collection<Float>) -> Float {
    zip(a, b).reduce(0) { $0 + $1.0 * $1.1 }
  }

  /// The tower and encoder variants the completeness test covers.
  enum Variant: String, CaseIterable, Sendable {
    case meanBag = "mean bag, depth 1"
    case linear = "mean bag, depth 0"
    case deepFinalReLU = "mean bag, depth 3 with a final ReLU"
    case recency = "recency bag and the last 3 watches"
    case attention = "attention"

    func configure(_ c: inout CandidateConfig) {
      switch self {
      case .meanBag: c.towerWidths = [32, 16]
      case .linear: c.towerWidths = [16]
      case .deepFinalReLU:
        c.towerWidths = [64, 32, 32, 16]
        c.finalReLU = true
      case .recency:
        c.historyEncoder = .recency
        c.recentWatches = 3
      case .attention:
        c.historyEncoder = .attention
        c.historyLength = 8
      }
    }
  }

  @Test(
    "Complete: the reasons sum to u · v − u₀ · v for every video, whatever the encoder and depth",
    arguments: Variant.allCases)
  func completeness(variant: Variant) throws {
    let name = variant.rawValue
    let generator = try Self.model(variant.configure)
    let target = Self.busiestUser(generator)
    let reasons = generator.retrievalReasons(target)
    #expect(reasons.userVector == Array(generator.userVectors([target]).row(0)), "u is the serving user vector")
    let embeddings = generator.model.videoEmbeddings
    var worst: Float = 0
    for j in 0..<embeddings.rows {
      let v = embeddings.row(j)
      let sum = reasons.contributions(to: v).reduce(0, +)
      let expected = Self.dot(reasons.userVector, v) - reasons.baselineScore(v)
      worst = max(worst, abs(sum - expected) / max(1, abs(expected)))
    }
    #expect(worst < 1e-4, "\(name): worst relative gap \(worst)")
    #expect(reasons.reasons.contains { if case .watch = $0.input { true } else { false } }, "one reason per watch")
    #expect(reasons.reasons.contains { if case .searchToken = $0.input { true } else { false } })
    #expect(reasons.reasons.contains { $0.input == .age })
  }

  @Test("One watch and no other input: everything u · v − u₀ · v holds is that watch's")
  func oneWatch() throws {
    let generator = try Self.model { $0.features = .watchesOnly }
    let columns = generator.columns
    let user = (0..<columns.users.count).first { columns.watches.range(ofUser: $0).count >= 2 } ?? 0
    let start = columns.watches.range(ofUser: user).lowerBound
    let target = PredictionTarget(
      user: Int32(user), historyEnd: start + 1, time: columns.watches.time[start], videos: [])
    let reasons = generator.retrievalReasons(target)
    #expect(reasons.reasons.map(\.input) == [.watch(video: columns.watches.video[start])])
    let v = generator.model.videoEmbeddings.row(7)
    let only = reasons.contributions(to: v)[0]
    let expected = Self.dot(reasons.userVector, v) - reasons.baselineScore(v)
    #expect(abs(only - expected) <= 1e-5 * max(1, abs(expected)))
  }

  @Test(
    "Attention: each watch is credited with what it added to the earlier ones, so through a linear tower its share stays when later watches come"
  )
  func attentionPositions() throws {
    let generator = try Self.model {
      $0.features = .watchesOnly
      $0.historyEncoder = .attention
      $0.historyLength = 8
      $0.towerWidths = [16]
    }
    let columns = generator.columns
    let user = try #require(
      (0..<columns.users.count).first { u in
        let first = columns.watches.range(ofUser: u).prefix(5).map { columns.watches.video[$0] }
        return first.count == 5 && Set(first).count == 5
          && first.allSatisfy { generator.lookup.classOfVideo[Int($0)] >= 0 }
      })
    let start = columns.watches.range(ofUser: user).lowerBound
    let v = generator.model.videoEmbeddings.row(3)
    var earlier: [RetrievalReasons.Input: Float] = [:]
    var earlierScore: Float?
    for k in 1...5 {
      let target = PredictionTarget(
        user: Int32(user), historyEnd: start + k, time: columns.watches.time[start + k - 1] + 1, videos: [])
      let reasons = generator.retrievalReasons(target)
      let contributions = reasons.contributions(to: v)
      #expect(reasons.reasons.count == k, "one reason per watch")
      let shares = Dictionary(uniqueKeysWithValues: zip(reasons.reasons.map(\.input), contributions))
      let score = Self.dot(reasons.userVector, v)
      let total = score - reasons.baselineScore(v)
      #expect(abs(contributions.reduce(0, +) - total) <= 1e-4 * max(1, abs(total)), "complete at \(k) watches")
      for (input, share) in earlier {
        let now = try #require(shares[input])
        #expect(abs(now - share) <= 1e-4 * max(1, abs(share)), "an earlier watch's share moved at \(k) watches")
      }
      let newest = try #require(shares[.watch(video: columns.watches.video[start + k - 1])])
      let added = score - (earlierScore ?? reasons.baselineScore(v))
      #expect(abs(newest - added) <= 1e-4 * max(1, abs(added)), "the newest watch's share is the score's change")
      earlier = shares
      earlierScore = score
    }
  }

  /// For each user with 4 or more watches: the top candidate's score drop when every watch of
  /// the most-attributed video is left out of the bag, and when the least-attributed one is, with
  /// the most-attributed video's number of watches.
  static func removalDrops(_ generator: BoundCandidateModel) -> [(top: Float, bottom: Float, occurrences: Int)] {
    let columns = generator.columns
    var drops: [(top: Float, bottom: Float, occurrences: Int)] = []
    for user in 0..<columns.users.count where columns.watches.range(ofUser: user).count >= 4 {
      let target = generator.servingTarget(user: Int32(user))
      guard let top = generator.scoredRecommendations([target], k: 1, excludeHistory: true)[0].first else { continue }
      let v = generator.model.videoEmbeddings.row(Int(generator.lookup.classOfVideo[Int(top.video)]))
      let reasons = generator.retrievalReasons(target)
      let pulls = zip(reasons.reasons, reasons.contributions(to: v)).compactMap { reason, c -> (Int32, Float, Int)? in
        if case .watch(let video) = reason.input { (video, c, reason.occurrences) } else { nil }
      }
      guard pulls.count >= 2, let most = pulls.max(by: { $0.1 < $1.1 }), let least = pulls.min(by: { $0.1 < $1.1 })
      else { continue }
      let query = CandidateQuery(
        user: target.user, historyEnd: target.historyEnd, time: target.time, exampleAge: 0, label: -1)
      let batch = CandidateBatch(
        queries: [query], columns: columns, lookup: generator.lookup, config: generator.model.config)
      func score(without video: Int32) -> Float {
        var edited = batch
        let removed = generator.lookup.classOfVideo[Int(video)]
        edited.watches = Bags([edited.watches[0].filter { $0 != removed }])
        return Self.dot(generator.model.userVectors(edited).row(0), v)
      }
      drops.append((top.score - score(without: most.0), top.score - score(without: least.0), most.2))
    }
    return drops
  }

  @Test(
    "Removing the watch that pulled a candidate most lowers its score: always through a linear tower, mostly through a deep one"
  )
  func removingTheTopWatch() throws {
    // Linear: a single watch with the largest share pulls above the bag's mean, so leaving it out lowers u · v.
    let linear = Self.removalDrops(
      try Self.model(
        {
          $0.features = .watchesOnly; $0.towerWidths = [16]
        }, epochs: 4))
    let single = linear.filter { $0.occurrences == 1 }
    #expect(single.count >= 20)
    #expect(single.allSatisfy { $0.top > 0 }, "drops \(single.map(\.top).filter { $0 <= 0 })")
    // Deep: the ReLUs that turn over when a watch leaves are outside the attribution, so only mostly.
    let deep = Self.removalDrops(
      try Self.model(
        {
          $0.features = .watchesOnly; $0.towerWidths = [64, 16]
        }, epochs: 4))
    #expect(deep.count >= 20)
    let lowered = deep.filter { $0.top > 0 }.count
    #expect(Double(lowered) > 0.75 * Double(deep.count), "lowered \(lowered) of \(deep.count)")
    let meanTop = deep.map(\.top).reduce(0, +) / Float(deep.count)
    let meanBottom = deep.map(\.bottom).reduce(0, +) / Float(deep.count)
    #expect(meanTop > meanBottom, "mean drop \(meanTop) for the most-attributed watch, \(meanBottom) for the least")
  }
}
