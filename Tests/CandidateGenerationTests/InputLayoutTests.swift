import CandidateGeneration
import Testing
import WorkspaceStore

@Suite("The exported input layout is the one the model concatenates")
struct InputLayoutTests {
  @Test(
    "Widths, offsets and order match the model's input for every feature set and encoder",
    arguments: CandidateConfig.HistoryEncoder.allCases)
  func matchesModel(encoder: CandidateConfig.HistoryEncoder) throws {
    let columns = try Fixtures.handMade()
    let split = try EvaluationSplit(columns: columns, protocol: .leaveLastOut)
    for set in CandidateConfig.Features.named {
      for recent in [0, 2] {
        var config = CandidateConfig()
        config.features = set.features
        config.historyEncoder = encoder
        config.recentWatches = recent
        let space = FeatureSpace(columns: columns, split: split, config: config)
        let layout = CandidateInputLayout(config: config, space: space)
        #expect(layout.inputWidth == CandidateModel.inputWidth(config), "\(set.name), recent \(recent)")
        for (a, b) in zip(layout.blocks, layout.blocks.dropFirst()) { #expect(b.offset == a.offset + a.width) }
        var expected = ["watches"] + (recent > 0 ? ["recentWatches"] : [])
        if set.features.searches { expected.append("searches") }
        if set.features.demographics { expected += ["region", "device", "gender", "age", "loggedIn"] }
        if set.features.exampleAge { expected.append("exampleAge") }
        #expect(layout.blocks.map(\.name) == expected)
        if set.features.demographics {
          #expect(layout.blocks.first { $0.name == "region" }?.codes == space.regions)
          #expect(layout.blocks.first { $0.name == "device" }?.codes == space.devices)
        }
        #expect(layout.towerWidths == config.towerWidths)
      }
    }
  }
}
