import Foundation

/// Draws the negatives of sampled softmax from a background distribution (Paper §3.1)
/// and supplies the `logQ` correction for every class.
public struct NegativeSampler: Sendable {
  /// The background distribution of negatives.
  public enum Distribution: Sendable, Equatable {
    /// Every class equally likely.
    case uniform
    /// Proportional to class frequency.
    case unigram
    /// Proportional to frequency raised to `alpha` (0.75 is the word2vec choice).
    case unigramPower(Double)
  }

  private let table: AliasTable
  /// Samples drawn per call of ``sample(using:)``.
  public let samplesPerBatch: Int
  /// `log(samplesPerBatch × p_j)`, the log expected count of class `j` in one draw set.
  public let logExpectedCount: [Float]

  /// A sampler over classes with the given frequencies.
  ///
  /// - Throws: ``NeuralCoreError/invalidDistribution(_:)`` when no class has weight.
  public init(frequencies: [Int], distribution: Distribution, samplesPerBatch: Int) throws(NeuralCoreError) {
    let weights: [Double]
    switch distribution {
    case .uniform: weights = [Double](repeating: 1, count: frequencies.count)
    // Unseen classes keep a small weight so that every class can be a negative.
    case .unigram: weights = frequencies.map { Double($0) + 0.5 }
    case .unigramPower(let alpha): weights = frequencies.map { Foundation.pow(Double($0) + 0.5, alpha) }
    }
    table = try AliasTable(weights: weights)
    self.samplesPerBatch = samplesPerBatch
    logExpectedCount = table.probabilities.map { Float(Foundation.log($0 * Double(samplesPerBatch))) }
  }

  /// The number of classes.
  public var classCount: Int { table.count }

  /// `samplesPerBatch` draws with replacement.
  ///
  /// - Complexity: O(samplesPerBatch).
  public func sample(using generator: inout SeededGenerator) -> [Int32] {
    (0..<samplesPerBatch).map { _ in table.sample(using: &generator) }
  }
}
