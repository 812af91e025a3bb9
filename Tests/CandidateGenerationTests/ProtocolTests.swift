import NeuralCore
import Testing
import WorkspaceStore

@testable import CandidateGeneration

@Suite("Protocols, rolled-back inputs, metrics and selection")
struct ProtocolTests {
  @Test("Leave-last-out: last watch is the test target, the one before validation, the rest training")
  func leaveLastOut() throws {
    let columns = try Fixtures.handMade()
    let split = try EvaluationSplit(columns: columns, protocol: .leaveLastOut)
    // User a watched v0..v3 (indexes 0..3); user b watched v1..v3 (indexes 4..6).
    #expect(split.trainingEnd == [2, 5])
    #expect(split.test.map(\.videos) == [[3], [3]])
    #expect(split.test.map(\.historyEnd) == [3, 6])
    #expect(split.validation.map(\.videos) == [[2], [2]])
    #expect(split.validation.map(\.historyEnd) == [2, 5])
  }

  @Test("Temporal: the test target is the next watch at or after the cutoff; training stops before validation")
  func temporal() throws {
    let columns = try Fixtures.handMade()
    let split = try EvaluationSplit(columns: columns, protocol: .temporal(cutoff: 350, validationDays: 0))
    #expect(split.test.map(\.videos) == [[3]], "only user a watches at or after 350")
    #expect(split.test.first?.historyEnd == 3)
    #expect(split.trainingEnd == [3, 7], "user b watched only before the cutoff")
    #expect(throws: CandidateError.self) {
      try EvaluationSplit(columns: columns, protocol: .temporal(cutoff: 10_000, validationDays: 0))
    }
  }

  @Test("Cold start: a user with no watch before the cutoff is a cold target for their first watch, not a test one")
  func coldStart() throws {
    let columns = try Fixtures.handMade(lateUser: true)
    let split = try EvaluationSplit(columns: columns, protocol: .temporal(cutoff: 350, validationDays: 0))
    #expect(split.test.map(\.user) == [0], "user a has a history; b has no watch after the cutoff")
    #expect(split.coldTest.map(\.user) == [2])
    #expect(split.coldTest.first?.videos == [2])
    #expect(split.coldTest.first?.historyEnd == columns.watches.userOffsets[2], "no watch history")
    #expect(split.coldTest.first?.time == 350, "the search at 300 is visible")
    #expect(split.trainingEnd[2] == columns.watches.userOffsets[2], "nothing of c's trains")
    #expect(split.withoutUsers({ $0 == 2 }, columns: columns).coldTest.isEmpty)
    let lastOut = try EvaluationSplit(columns: columns, protocol: .leaveLastOut)
    #expect(lastOut.coldTest.isEmpty)
  }

  @Test("Inputs are rolled back: only watches and searches before the label's time are visible")
  func rolledBack() throws {
    let columns = try Fixtures.handMade()
    var config = CandidateConfig()
    config.historyLength = 2
    let split = try EvaluationSplit(columns: columns, protocol: .leaveLastOut)
    let space = FeatureSpace(columns: columns, split: split, config: config)
    let lookup = CandidateFeatureLookup(columns: columns, space: space)
    // Label: user a's third watch (v2 at time 300): history v0, v1; search "early words" only.
    let query = CandidateQuery(user: 0, historyEnd: 2, time: 300, exampleAge: 0, label: 0)
    let batch = CandidateBatch(queries: [query], columns: columns, lookup: lookup, config: config)
    let history = batch.watches[0].map { space.videos.keys[Int($0)] }
    #expect(Set(history) == ["v0", "v1"])
    let tokens = Set(batch.tokens[0].map { space.tokens.keys[Int($0)] })
    #expect(tokens == ["early", "words", "early words"])
    // History length caps the bag at the most recent watches (v1, v2); v2 is a validation watch,
    // outside the training vocabulary, so it is dropped from the bag.
    let later = CandidateQuery(user: 0, historyEnd: 3, time: 400, exampleAge: 0, label: 0)
    let capped = CandidateBatch(queries: [later], columns: columns, lookup: lookup, config: config)
    #expect(space.videos.index(of: "v2") == Vocabulary<String>.outOfVocabulary)
    #expect(capped.watches[0].map { space.videos.keys[Int($0)] } == ["v1"])
    #expect(batch.dense.columns == 4 && batch.dense[0, 0] == 1 && batch.dense[0, 1] == Float(0.3))
  }

  @Test("A search gap withholds searches made just before the label")
  func searchGap() throws {
    let columns = try Fixtures.handMade()
    var config = CandidateConfig()
    let split = try EvaluationSplit(columns: columns, protocol: .temporal(cutoff: 400, validationDays: 0))
    let space = FeatureSpace(columns: columns, split: split, config: config)
    let lookup = CandidateFeatureLookup(columns: columns, space: space)
    // Label at 400: searches at 150 ("early words") and 350 ("late words").
    let query = CandidateQuery(user: 0, historyEnd: 3, time: 400, exampleAge: 0, label: 0)
    func tokens() -> Set<String> {
      Set(
        CandidateBatch(queries: [query], columns: columns, lookup: lookup, config: config).tokens[0].map {
          space.tokens.keys[Int($0)]
        })
    }
    #expect(tokens().contains("late"))
    config.searchGapSeconds = 100
    #expect(tokens() == ["early", "words", "early words"])
  }

  @Test("Random held-out labelling leaves the label out of the bag but keeps later watches")
  func heldOut() throws {
    let columns = try Fixtures.handMade()
    // Every watch in the vocabulary: a temporal split whose cutoff is after the last watch of user b.
    let split = try EvaluationSplit(columns: columns, protocol: .temporal(cutoff: 400, validationDays: 0))
    let space = FeatureSpace(columns: columns, split: split, config: CandidateConfig())
    let lookup = CandidateFeatureLookup(columns: columns, space: space)
    #expect(space.videos.contains("v2"))
    // User a: label v1 (position 1) held out; inputs v0, v2, v3 (v2 and v3 come later).
    let query = CandidateQuery(user: 0, historyEnd: 4, time: 10_000, exampleAge: 0, label: 0, heldOut: 1)
    let batch = CandidateBatch(queries: [query], columns: columns, lookup: lookup, config: CandidateConfig())
    #expect(Set(batch.watches[0].map { space.videos.keys[Int($0)] }) == ["v0", "v2", "v3"])
  }

  @Test(
    "Training examples: next-watch rolls the history back to the label; random held-out leaves it out of all the training watches",
    arguments: CandidateConfig.LabelSelection.allCases)
  func trainingExamples(selection: CandidateConfig.LabelSelection) throws {
    let columns = try Fixtures.handMade()
    let split = try EvaluationSplit(columns: columns, protocol: .temporal(cutoff: 400, validationDays: 0))
    var config = CandidateConfig()
    config.labelSelection = selection
    let space = FeatureSpace(columns: columns, split: split, config: config)
    let generator = BoundCandidateModel(
      model: CandidateModel(config: config, space: space), space: space, columns: columns)
    var random = SeededGenerator(seed: 1)
    guard
      case .queries(let queries) = TrainingPlan.make(
        generator: generator, split: split, config: config, random: &random)
    else {
      Issue.record("the mean bag trains on single queries")
      return
    }
    // User a's training watches are positions 0-2 (v0-v2 at 100-300), user b's 4-6 (v1-v3 at 100-300).
    #expect(split.trainingEnd == [3, 7])
    let labelPositions = queries.map { $0.heldOut >= 0 ? $0.heldOut : $0.historyEnd }
    for (query, p) in zip(queries, labelPositions) {
      let end = split.trainingEnd[Int(query.user)]
      let batch = CandidateBatch(queries: [query], columns: columns, lookup: generator.lookup, config: config)
      let history = Set(batch.watches[0].map { space.videos.keys[Int($0)] })
      let tokens = Set(batch.tokens[0].map { space.tokens.keys[Int($0)] })
      let labelVideo = columns.videos.ids[Int(columns.watches.video[p])]
      switch selection {
      case .nextWatch:
        #expect(query.heldOut == -1 && query.time == columns.watches.time[p])
        #expect(!history.contains(labelVideo))
        #expect(batch.watches[0].count == p - Int(columns.watches.userOffsets[Int(query.user)]), "only earlier watches")
      case .randomHeldOut:
        #expect(query.historyEnd == end && query.heldOut == p)
        #expect(!history.contains(labelVideo))
        #expect(
          batch.watches[0].count == end - Int(columns.watches.userOffsets[Int(query.user)]) - 1, "every other watch")
        // User a's search at 350 comes after its last training watch (300): it stays out.
        if query.user == 0 { #expect(tokens == ["early", "words", "early words"]) }
      }
    }
    // Random held-out labels every training watch; next-watch starts at each user's second.
    #expect(labelPositions.sorted() == (selection == .randomHeldOut ? [0, 1, 2, 4, 5, 6] : [1, 2, 5, 6]))
    // With labelFirstWatch, next-watch labels the first watches too, each with an empty history.
    config.labelFirstWatch = true
    guard
      case .queries(let all) = TrainingPlan.make(generator: generator, split: split, config: config, random: &random)
    else { return }
    #expect(all.map { $0.heldOut >= 0 ? $0.heldOut : $0.historyEnd }.sorted() == [0, 1, 2, 4, 5, 6])
    if selection == .nextWatch {
      let firsts = all.filter { $0.historyEnd == columns.watches.userOffsets[Int($0.user)] }
      #expect(firsts.count == 2)
      let batch = CandidateBatch(queries: firsts, columns: columns, lookup: generator.lookup, config: config)
      #expect(batch.watches[0].isEmpty && batch.watches[1].isEmpty)
    }
  }

  @Test("Metrics by hand: one relevant item at rank 2")
  func metrics() {
    let result = RankedListMetrics.evaluate(lists: [[3, 1, 2], [5, 6, 7]], relevant: [[1], [9]], ks: [1, 2, 3])
    #expect(result[0].recall == 0 && result[1].recall == 0.5 && result[2].hitRate == 0.5)
    #expect(abs(result[2].map - 0.25) < 1e-12)
    #expect(abs(result[2].ndcg - 0.5 / log2(3.0)) < 1e-12)
  }

  @Test("Top-k selection equals a full sort, skipping excluded and non-finite scores")
  func topK() {
    var generator = SeededGenerator(seed: 5)
    var scores = (0..<1000).map { _ in Float(generator.nextGaussian()) }
    scores[17] = .nan
    scores[18] = .infinity
    let excluded: Set<Int32> = [3, 99, 500]
    let expected = (0..<1000).filter { scores[$0].isFinite && !excluded.contains(Int32($0)) }
      .sorted { scores[$0] > scores[$1] }.prefix(50).map { Int32($0) }
    #expect(TopK.select(scores, k: 50, excluded: excluded) == expected)
    // Excluding the best scores themselves, first among the first k seen and later on.
    let ranked = (0..<1000).filter { scores[$0].isFinite }.sorted { scores[$0] > scores[$1] }
    let best = Set(ranked.prefix(3).map { Int32($0) } + [Int32(0), 1])
    let withoutBest = ranked.filter { !best.contains(Int32($0)) }.prefix(50).map { Int32($0) }
    #expect(TopK.select(scores, k: 50, excluded: best) == withoutBest)
    #expect(TopK.select([1, 2], k: 5) == [1, 0])
    #expect(TopK.select([1, 2, 3], k: 2, excluded: [2]) == [1, 0])
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
