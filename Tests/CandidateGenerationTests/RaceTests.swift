import CandidateGeneration
import Testing
import WorkspaceStore

@Suite("The defaults' race keeps the contender that validates best")
struct RaceTests {
  static func contenders() -> (good: CandidateContender, poor: CandidateContender) {
    var good = CandidateConfig()
    good.features = .watchesOnly
    good.towerWidths = [32]
    good.watchEmbeddingDimension = 32
    good.fullSoftmax = true
    good.epochs = 4
    good.batchSize = 128
    good.learningRate = 0.01
    var poor = good
    poor.epochs = 1
    poor.learningRate = 1e-7
    return (
      CandidateContender(name: "good", config: good, summary: "trains"),
      CandidateContender(name: "poor", config: poor, summary: "barely moves")
    )
  }

  @Test("Whichever order they run in, the better contender is kept, and it is the model its own run trains")
  func keepsTheBetter() throws {
    let (_, columns) = try Fixtures.world(users: 150, videos: 200, days: 8)
    let split = try EvaluationSplit(columns: columns, protocol: .leaveLastOut)
    let (good, poor) = Self.contenders()
    let alone = try CandidateTrainer.train(columns: columns, split: split, config: good.config)
    let targets = Array(split.validation.prefix(50))
    for order in [[good, poor], [poor, good]] {
      var seen: [String] = []
      let race = try CandidateRace.run(
        columns: columns, split: split, contenders: order,
        progress: { contender, _ in if seen.last != contender.name { seen.append(contender.name) } })
      #expect(seen == order.map(\.name))
      #expect(race.contender.name == "good")
      #expect(race.entries.map(\.name) == order.map(\.name))
      let recalls = Dictionary(uniqueKeysWithValues: race.entries.map { ($0.name, $0.validationRecall) })
      #expect((recalls["good"] ?? 0) > (recalls["poor"] ?? 1))
      #expect(race.winner.history.map(\.loss) == alone.history.map(\.loss))
      #expect(race.winner.history.map(\.validationRecall) == alone.history.map(\.validationRecall))
      #expect(
        race.winner.generator.recommend(targets, k: 20, excludeHistory: true)
          == alone.generator.recommend(targets, k: 20, excludeHistory: true))
    }
  }

  @Test("A race without contenders is a configuration error")
  func empty() throws {
    let (_, columns) = try Fixtures.world(users: 30, videos: 40, days: 4)
    let split = try EvaluationSplit(columns: columns, protocol: .leaveLastOut)
    #expect(throws: CandidateError.self) { try CandidateRace.run(columns: columns, split: split, contenders: []) }
  }

  @Test("Leave-last-out races an order-reading sequence model and an order-free set model; temporal trains the paper's")
  func fittedContenders() throws {
    let fitted = CandidateConfig.fitted(to: .leaveLastOut, videos: 1_682)
    #expect(fitted.contenders.map(\.name) == ["sequence", "set"])
    let sequence = try #require(fitted.contender(named: "sequence")).config
    let set = try #require(fitted.contender(named: "set")).config
    try sequence.validate()
    try set.validate()
    #expect(sequence.historyEncoder == .attention && sequence.labelSelection == .nextWatch && !sequence.labelFirstWatch)
    #expect(set.historyEncoder == .meanBag && set.labelSelection == .nextWatch && set.labelFirstWatch)
    #expect(set.towerWidths == [CandidateConfig.setModelDimension] && set.tieEmbeddings)
    // Both train on the same data the same way.
    #expect(set.examplesPerUser == sequence.examplesPerUser && set.features == sequence.features)
    #expect(set.fullSoftmax == sequence.fullSoftmax && set.learningRate == sequence.learningRate)
    #expect(fitted.config == sequence)
    let temporal = CandidateConfig.fitted(to: .temporal(), videos: 5_000)
    #expect(temporal.contenders.map(\.name) == ["paper"])
    #expect(temporal.contender(named: "set") == nil)
  }
}
