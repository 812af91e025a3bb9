import Foundation
import NeuralCore
import Ranking
import Testing

@Suite("Ranking configuration files")
struct RankingConfigFileTests {
  @Test("A partial --ranking-config keeps the defaults for what it does not name (as candidate configs do)")
  func partial() throws {
    let config = try JSONDecoder().decode(RankingConfig.self, from: Data(#"{"epochs": 7}"#.utf8))
    var expected = RankingConfig()
    expected.epochs = 7
    #expect(config == expected)
    let derived = try JSONDecoder().decode(
      RankingConfig.self, from: Data(#"{"derivedImpressions": {"slateSize": 50}}"#.utf8))
    #expect(derived.derivedImpressions.slateSize == 50 && derived.derivedImpressions.negativesPerRequest == 20)
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(RankingConfig.self, from: Data(#"{"epochs": "seven"}"#.utf8))
    }
  }
}
