import CandidateGeneration
import Foundation
import Testing
import WorkspaceStore

@Suite("Configuration files")
struct ConfigurationFileTests {
  @Test("A partial preset keeps the defaults for what it does not name; a bad value is an error")
  func partialPreset() throws {
    let config = try JSONDecoder().decode(CandidateConfig.self, from: Data(#"{"towerWidths": [32], "epochs": 3}"#.utf8))
    #expect(config.towerWidths == [32] && config.epochs == 3)
    #expect(config.negatives == CandidateConfig().negatives && config.labelSelection == .nextWatch)
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(CandidateConfig.self, from: Data(#"{"epochs": "many"}"#.utf8))
    }
  }
}
