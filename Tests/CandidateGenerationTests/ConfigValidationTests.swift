import Testing

@testable import CandidateGeneration

@Suite("Candidate configuration: absurd values are errors, not allocation failures")
struct ConfigValidationTests {
  @Test(
    "Each absurd setting names its field",
    arguments: ["towerWidths", "negatives", "patience", "threads", "embedding dimensions", "recentWatches"])
  func absurd(field: String) {
    var config = CandidateConfig()
    switch field {
    case "towerWidths": config.towerWidths = [100_000_000]
    case "negatives": config.negatives = 100_000_000
    case "patience": config.patience = -1
    case "threads": config.threads = 5_000
    case "embedding dimensions": config.watchEmbeddingDimension = 1_000_000
    default: config.recentWatches = 51
    }
    do {
      try config.validate()
      Issue.record("accepted an absurd \(field)")
    } catch {
      guard case .invalidConfiguration(let named, _) = error else {
        Issue.record("\(error)")
        return
      }
      #expect(named == field)
    }
  }

  @Test("The defaults and the fitted defaults are valid")
  func defaultsValid() throws {
    try CandidateConfig().validate()
    let small = CandidateConfig.fitted(to: .leaveLastOut, videos: 1_682).config
    try small.validate()
    #expect(small.historyEncoder == .attention && small.tieEmbeddings && small.fullSoftmax)
    #expect(small.features == .watchesOnly)
    #expect(CandidateConfig.fitted(to: .leaveLastOut, videos: 1_682, searches: 5).config.features == .withSearches)
    let large = CandidateConfig.fitted(to: .leaveLastOut, videos: 200_000).config
    try large.validate()
    #expect(!large.fullSoftmax)
    #expect(
      CandidateConfig.fitted(to: .temporal(), videos: 5_000).config == CandidateConfig())
  }

  @Test("Feature sets have one name each, read back from the name or the figure's label")
  func featureSetNames() {
    for set in CandidateConfig.Features.named {
      #expect(CandidateConfig.Features(named: set.name) == set.features)
      #expect(CandidateConfig.Features(named: set.label) == set.features)
      #expect(set.features.name == set.name)
    }
    #expect(CandidateConfig.Features(named: "everything") == nil)
    #expect(CandidateConfig.Features(watches: true, searches: false, exampleAge: true, demographics: false).name == nil)
    #expect(CandidateConfig.Features.paperSets.map(\.name) == ["watches", "+searches", "+example age", "all"])
  }

  @Test("Adagrad runs at its step scale times the learning rate, Adam at the learning rate")
  func optimizerStep() {
    var config = CandidateConfig()
    config.learningRate = 0.002
    #expect(config.optimizerLearningRate == 0.002)
    config.optimizer = .adagrad
    #expect(config.optimizerLearningRate == 0.002 * CandidateConfig.adagradStepScale)
  }
}
