import CandidateGeneration
import Foundation
import NeuralCore
import Ranking
import Testing
import WatchNextTestSupport
import WorkspaceStore

/// A world's columns with its logged impressions removed, as a watch-only export would be.
func withoutImpressions(_ columns: EventColumns) -> EventColumns {
  var stripped = columns
  stripped.impressions = ImpressionColumns(users: columns.users.count)
  return stripped
}

@Suite("Derived impressions: ranking from watches alone")
struct DerivedImpressionsTests {
  struct Setup {
    var columns: EventColumns
    var split: EvaluationSplit
    var generator: BoundCandidateModel
    var dataset: RankingDataset
    var config: RankingConfig
  }

  static let shared: Result<Setup, any Error> = Result {
    let (_, logged) = try RankingSetup.world(users: 120, videos: 160, days: 6, seed: 9)
    let columns = withoutImpressions(logged)
    let split = try EvaluationSplit(columns: columns, protocol: .leaveLastOut)
    let generator = try CandidateTrainer.train(
      columns: columns, split: split, config: TestConfigs.smallCandidate()
    ).generator
    var config = TestConfigs.smallRanking()
    config.derivedImpressions.slateSize = 60
    config.derivedImpressions.negativesPerRequest = 8
    config.derivedImpressions.requestsPerUser = 20
    let dataset = try RankingDataset.make(
      columns: columns, builder: RankingFeatureBuilder(columns: columns, coWatchEnd: split.trainingEnd),
      generator: generator, split: split, config: config)
    return Setup(columns: columns, split: split, generator: generator, dataset: dataset, config: config)
  }

  @Test("Each derived page holds its watch as the one click, from the CG model's own unwatched top N")
  func pages() throws {
    let s = try Self.shared.get()
    let examples = s.dataset.training
    #expect(s.dataset.source == .derived)
    #expect(examples.requestCount > 0)
    var perUser: [Int32: Int] = [:]
    for range in examples.candidateRanges() {
      let r = Int(examples.request[range.lowerBound])
      let user = examples.requestUser[r]
      perUser[user, default: 0] += 1
      let end = examples.requestHistoryEnd[r]
      #expect(range.filter { examples.clicked[$0] }.count == 1, "one click per page")
      let label = s.columns.watches.video[end]
      let clicked = try #require(range.first { examples.clicked[$0] })
      #expect(examples.video[clicked] == label, "the click is the watch at the request")
      #expect(examples.requestTime[r] == s.columns.watches.time[end])
      #expect(end < s.split.trainingEnd[Int(user)], "only training watches become requests")
      let history = Set(s.columns.watches.video[s.columns.watches.userOffsets[Int(user)]..<end])
      for c in range {
        #expect(!history.contains(examples.video[c]), "watched videos are never on the page")
        #expect(examples.value(.candidateRank, of: c) < Float(s.config.derivedImpressions.slateSize))
        if !examples.clicked[c] { #expect(examples.video[c] != label) }
      }
      #expect(range.count <= 1 + s.config.derivedImpressions.negativesPerRequest)
    }
    #expect(perUser.values.allSatisfy { $0 <= s.config.derivedImpressions.requestsPerUser })
    #expect(s.dataset.validation.requestCount <= s.split.validation.count)
  }

  @Test("Co-watch counts are causal and count only the training watches")
  func coWatchCausal() throws {
    let s = try Self.shared.get()
    let counts = CoWatchCounts(columns: s.columns, end: s.split.trainingEnd, window: 3)
    let watches = s.columns.watches
    // Brute force over a few pairs.
    var checked = 0
    for u in 0..<min(20, s.columns.users.count) {
      let range = watches.userOffsets[u]..<s.split.trainingEnd[u]
      guard range.count >= 2 else { continue }
      let a = watches.video[range.lowerBound]
      let b = watches.video[range.lowerBound + 1]
      guard a != b else { continue }
      let t = watches.time[range.lowerBound + 1]
      // b follows a; the neighbours of b's ID (mostly never after a) probe the successor range's edges.
      for probe in [b, b - 1, b + 1, a] {
        var before = 0
        var all = 0
        for v in 0..<s.columns.users.count {
          let r = watches.userOffsets[v]..<s.split.trainingEnd[v]
          for i in r where watches.video[i] == a {
            for j in (i + 1)..<min(r.upperBound, i + 4) where watches.video[j] == probe && probe != a {
              all += 1
              if watches.time[j] < t { before += 1 }
            }
          }
        }
        #expect(counts.count(from: a, to: probe, before: .max) == all)
        #expect(counts.count(from: a, to: probe, before: t) == before, "a pair completed at t is not seen at t")
        if probe == b { #expect(all >= 1) }
      }
      #expect(counts.count(from: -1, to: b, before: .max) == 0)
      #expect(counts.count(from: a, to: -1, before: .max) == 0)
      checked += 1
    }
    #expect(checked > 5)
  }

  @Test("Co-watch counts merged over a sorted candidate list equal one count per candidate")
  func coWatchMerged() throws {
    let s = try Self.shared.get()
    let counts = CoWatchCounts(columns: s.columns, end: s.split.trainingEnd, window: 3)
    let watches = s.columns.watches
    var generator = SeededGenerator(seed: 17)
    var nonzero = 0
    for w in stride(from: 0, to: watches.count, by: max(1, watches.count / 60)) {
      let a = watches.video[w]
      // The videos watched right after a's watches (its successors), random videos, repeats and -1.
      var targets: [Int32] = [-1]
      for i in 0..<watches.count - 1 where watches.video[i] == a { targets.append(watches.video[i + 1]) }
      for _ in 0..<40 { targets.append(Int32(generator.next() % UInt64(s.columns.videos.count))) }
      targets += targets.prefix(5)
      let sorted = targets.enumerated().map { (video: $1, slot: $0) }.sorted { $0.video < $1.video }
      for time in [watches.time[w], watches.time[w] + 86_400, Int64.max] {
        var merged = [Int](repeating: 0, count: targets.count)
        counts.addCounts(in: counts.successors(of: a), toSorted: sorted, before: time, into: &merged)
        let single = targets.map { counts.count(from: a, to: $0, before: time) }
        #expect(merged == single, "a = \(a), time \(time)")
        nonzero += single.filter { $0 > 0 }.count
      }
    }
    #expect(nonzero > 50, "the targets include real successors")
  }

  @Test("Learning happens: the trained model's validation loss beats the untrained network's")
  func learns() throws {
    let s = try Self.shared.get()
    let result = try RankingTrainer.train(columns: s.columns, dataset: s.dataset, config: s.config)
    let space = RankingFeatureSpace(columns: s.columns, training: s.dataset.training, config: s.config)
    let lookup = RankingFeatureLookup(columns: s.columns, space: space)
    let untrained = RankingModel(config: s.config, space: space)
    let before = RankingTrainer.loss(of: untrained, on: s.dataset.validation, columns: s.columns, lookup: lookup)
    let after = result.history.first { $0.epoch == result.bestEpoch }?.validationLoss ?? .infinity
    #expect(after < 0.8 * before, "validation loss \(after) vs untrained \(before)")
  }

  @Test("The CG order's HR@10 in the two-stage comparison is the CG model's own top 10")
  func candidateOrderMatches() throws {
    let s = try Self.shared.get()
    let result = try RankingTrainer.train(columns: s.columns, dataset: s.dataset, config: s.config)
    let builder = RankingFeatureBuilder(columns: s.columns, coWatchEnd: s.split.trainingEnd)
    let comparison = TwoStageEvaluation.compare(
      model: result.model, targets: s.split.test, builder: builder, generator: s.generator,
      lookup: RankingFeatureLookup(columns: s.columns, space: result.model.space), n: 60)
    let lists = s.generator.recommend(s.split.test, k: 10, excludeHistory: true)
    let reference = RankedListMetrics.evaluate(lists: lists, relevant: s.split.test.map(\.videos), ks: [10])[0]
    #expect(abs(comparison.candidateOrder.hitRate10.mean - reference.hitRate) < 1e-9)
    #expect(abs(comparison.candidateOrder.ndcg10.mean - reference.ndcg) < 1e-9)
    #expect(comparison.targets == s.split.test.count)
    #expect(comparison.twoStage.hitRate10.mean <= comparison.recallAtN + 1e-9)
  }

  @Test("Cross-fitting: a fold's model never trains on its users, and makes their pages")
  func crossFitted() throws {
    let s = try Self.shared.get()
    let fold = s.split.withoutUsers({ $0 % 2 == 0 }, columns: s.columns)
    for u in 0..<s.columns.users.count where u % 2 == 0 {
      #expect(fold.trainingEnd[u] == s.columns.watches.userOffsets[u], "no training watch of a held-out user")
    }
    #expect(fold.validation.allSatisfy { $0.user % 2 == 1 } && fold.test.allSatisfy { $0.user % 2 == 1 })
    #expect(
      fold.trainingEnd.indices.filter { $0 % 2 == 1 }.allSatisfy { fold.trainingEnd[$0] == s.split.trainingEnd[$0] })
    var config = TestConfigs.smallCandidate()
    config.epochs = 1
    let evenModel = try CandidateTrainer.train(columns: s.columns, split: fold, config: config).generator
    let oddModel = try CandidateTrainer.train(
      columns: s.columns, split: s.split.withoutUsers({ $0 % 2 == 1 }, columns: s.columns), config: config
    ).generator
    let dataset = try RankingDataset(
      derivedFrom: s.columns, split: s.split,
      builder: RankingFeatureBuilder(columns: s.columns, coWatchEnd: s.split.trainingEnd),
      generator: s.generator, foldGenerators: [evenModel, oddModel], config: s.config)
    let examples = dataset.training
    var checked = 0
    for range in examples.candidateRanges().prefix(40) {
      let r = Int(examples.request[range.lowerBound])
      let user = examples.requestUser[r]
      let model = user % 2 == 0 ? evenModel : oddModel
      let target = PredictionTarget(
        user: user, historyEnd: examples.requestHistoryEnd[r], time: examples.requestTime[r], videos: [])
      let u = model.userVectors([target])
      let c = range.lowerBound
      let cls = Int(model.lookup.classOfVideo[Int(examples.video[c])])
      guard cls >= 0 else { continue }
      var dot: Float = 0
      for d in 0..<u.columns { dot += u[0, d] * model.model.videoEmbeddings[cls, d] }
      #expect(abs(dot - examples.value(.candidateScore, of: c)) < 1e-3 * max(1, abs(dot)), "the fold's own score")
      checked += 1
    }
    #expect(checked > 10)
  }
}
