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

  @Test("Each value lands where a linear scan of the quantiles puts it: between two, or in the middle of a run")
  func againstLinearScan() {
    var generator = SystemRandomNumberGenerator()
    for trial in 0..<200 {
      // Small integer values, so that runs of equal quantiles are common.
      let values = (0..<(5 + trial % 40)).map { _ in Float(Int.random(in: 0..<12, using: &generator)) }
      let normalizer = QuantileNormalizer(fitting: values, buckets: 1 + trial % 17)
      let q = normalizer.quantiles
      let n = q.count - 1
      for x in stride(from: Float(-1), through: 13, by: 0.5) {
        let firstAtLeast = q.firstIndex { $0 >= x } ?? q.count
        let firstAbove = q.firstIndex { $0 > x } ?? q.count
        var expected: Float
        if n == 0 || q[0] >= q[n] {
          expected = 0
        } else if x < q[0] {
          expected = 0
        } else if x > q[n] {
          expected = QuantileNormalizer.upperBound
        } else if firstAbove > firstAtLeast {
          expected = Float(firstAtLeast + firstAbove - 1) / 2 / Float(n)
        } else {
          let low = firstAtLeast - 1
          expected = (Float(low) + (x - q[low]) / (q[firstAtLeast] - q[low])) / Float(n)
        }
        expected = min(max(expected, 0), QuantileNormalizer.upperBound)
        #expect(abs(normalizer.normalize(x) - expected) < 1e-6, "quantiles \(q), x \(x)")
      }
    }
  }
}
