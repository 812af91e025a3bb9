import Ranking
import Testing

@Suite("Ranking: CDF normalisation of continuous features")
struct QuantileNormalizerTests {
  @Test("uniform values map to their CDF, in [0, 1), monotonically")
  func uniform() {
    let values = (0..<1001).map { Float($0) }
    let normalizer = QuantileNormalizer(fitting: values.shuffled(), buckets: 100)
    #expect(abs(normalizer.normalize(250) - 0.25) < 0.002)
    #expect(abs(normalizer.normalize(900.5) - 0.9005) < 0.002)
    #expect(normalizer.normalize(-5) == 0)
    #expect(normalizer.normalize(5000) < 1)
    #expect(normalizer.normalize(1000) < 1)
    var previous: Float = -1
    for x in stride(from: Float(-10), through: 1010, by: 3.7) {
      let y = normalizer.normalize(x)
      #expect(y >= previous)
      #expect((0..<1).contains(y))
      previous = y
    }
  }

  @Test("a skewed feature spreads evenly; a run of equal values maps to the middle of its mass")
  func skewedAndTies() {
    // 70% zeros, then 1...300.
    let values = [Float](repeating: 0, count: 700) + (1...300).map { Float($0) }
    let normalizer = QuantileNormalizer(fitting: values, buckets: 100)
    #expect(abs(normalizer.normalize(0) - 0.35) < 0.02)
    #expect(abs(normalizer.normalize(150) - 0.85) < 0.02)
    #expect(normalizer.normalize(.nan) == 0)
  }

  @Test("a constant or empty feature normalises to 0 everywhere")
  func degenerate() {
    #expect(QuantileNormalizer(fitting: []).normalize(3) == 0)
    let constant = QuantileNormalizer(fitting: [Float](repeating: 2, count: 50))
    #expect(constant.normalize(2) == 0)
  }
}
