import Foundation
import NeuralCore
import Testing

@Suite("The negative distribution in configuration files")
struct DistributionCodingTests {
  @Test("Written as a person edits it, and read back; the older synthesized form still reads")
  func roundTrip() throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = .sortedKeys
    let cases: [(NegativeSampler.Distribution, String)] = [
      (.uniform, "\"uniform\""), (.unigram, "\"unigram\""), (.unigramPower(0.75), "{\"unigramPower\":0.75}"),
    ]
    for (distribution, text) in cases {
      #expect(String(decoding: try encoder.encode(distribution), as: UTF8.self) == text)
      #expect(try JSONDecoder().decode(NegativeSampler.Distribution.self, from: Data(text.utf8)) == distribution)
    }
    for (old, distribution) in [
      ("{\"unigramPower\":{\"_0\":0.5}}", NegativeSampler.Distribution.unigramPower(0.5)),
      ("{\"uniform\":{}}", .uniform), ("{\"unigram\":{}}", .unigram),
    ] {
      #expect(try JSONDecoder().decode(NegativeSampler.Distribution.self, from: Data(old.utf8)) == distribution)
    }
    #expect(throws: DecodingError.self) {
      try JSONDecoder().decode(NegativeSampler.Distribution.self, from: Data("\"zipf\"".utf8))
    }
  }
}
