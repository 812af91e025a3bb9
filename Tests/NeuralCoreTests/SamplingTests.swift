import NeuralCore
import Testing

@Suite("Negative sampling")
struct SamplingTests {
  @Test(
    "Alias table draws each outcome at its probability", arguments: [[1.0, 2.0, 3.0, 4.0], [0.0, 5.0, 0.5, 0.0, 1.0]])
  func aliasFrequencies(weights: [Double]) throws {
    let table = try AliasTable(weights: weights)
    var generator = SeededGenerator(seed: 21)
    let draws = 200_000
    var counts = [Int](repeating: 0, count: weights.count)
    for _ in 0..<draws { counts[Int(table.sample(using: &generator))] += 1 }
    let total = weights.reduce(0, +)
    for (i, weight) in weights.enumerated() {
      let p = weight / total
      let observed = Double(counts[i]) / Double(draws)
      // Five standard deviations of a binomial proportion.
      let tolerance = 5 * (p * (1 - p) / Double(draws)).squareRoot() + 1e-9
      #expect(abs(observed - p) <= tolerance, "outcome \(i): \(observed) vs \(p)")
    }
  }

  @Test("Alias table rejects distributions it cannot draw from")
  func aliasRejects() {
    #expect(throws: NeuralCoreError.self) { try AliasTable(weights: []) }
    #expect(throws: NeuralCoreError.self) { try AliasTable(weights: [0, 0]) }
    #expect(throws: NeuralCoreError.self) { try AliasTable(weights: [1, -1]) }
    #expect(throws: NeuralCoreError.self) { try AliasTable(weights: [1, .nan]) }
  }

  @Test("Unigram^alpha flattens the distribution and logQ is log of the expected count")
  func unigramPower() throws {
    let frequencies = [1000, 100, 10, 0]
    let unigram = try NegativeSampler(frequencies: frequencies, distribution: .unigram, samplesPerBatch: 50)
    let flattened = try NegativeSampler(frequencies: frequencies, distribution: .unigramPower(0.5), samplesPerBatch: 50)
    let ratioUnigram = exp(Double(unigram.logExpectedCount[0] - unigram.logExpectedCount[2]))
    let ratioFlat = exp(Double(flattened.logExpectedCount[0] - flattened.logExpectedCount[2]))
    #expect(abs(ratioUnigram - 1000.5 / 10.5) < 1e-2 * ratioUnigram)
    #expect(abs(ratioFlat - (1000.5 / 10.5).squareRoot()) < 1e-2 * ratioFlat)
    let expectedTotal = unigram.logExpectedCount.reduce(0.0) { $0 + exp(Double($1)) }
    #expect(abs(expectedTotal - 50) < 1e-3)
    var generator = SeededGenerator(seed: 5)
    #expect(unigram.sample(using: &generator).count == 50)
  }

  @Test("A seed reproduces the same draws")
  func determinism() throws {
    let sampler = try NegativeSampler(frequencies: [5, 3, 2, 9], distribution: .unigram, samplesPerBatch: 100)
    var a = SeededGenerator(seed: 77)
    var b = SeededGenerator(seed: 77)
    #expect(sampler.sample(using: &a) == sampler.sample(using: &b))
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
