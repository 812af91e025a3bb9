/// Walker/Vose alias table: draws from a fixed discrete distribution in O(1).
public struct AliasTable: Sendable {
  private var threshold: [Double]
  private var alias: [Int32]
  /// The normalised probability of each outcome.
  public let probabilities: [Double]

  /// A table over non-negative weights that are not all zero.
  ///
  /// - Throws: ``NeuralCoreError/invalidDistribution(_:)`` on negative, non-finite or all-zero weights.
  /// - Complexity: O(n).
  public init(weights: [Double]) throws(NeuralCoreError) {
    let total = weights.reduce(0, +)
    guard !weights.isEmpty, total > 0, total.isFinite, weights.allSatisfy({ $0 >= 0 && $0.isFinite }) else {
      throw .invalidDistribution("weights must be finite, non-negative and not all zero")
    }
    let n = weights.count
    probabilities = weights.map { $0 / total }
    var scaled = probabilities.map { $0 * Double(n) }
    threshold = [Double](repeating: 1, count: n)
    alias = Array(0..<Int32(n))
    var small: [Int] = []
    var large: [Int] = []
    for i in 0..<n { if scaled[i] < 1 { small.append(i) } else { large.append(i) } }
    while let s = small.popLast(), let l = large.last {
      threshold[s] = scaled[s]
      alias[s] = Int32(l)
      scaled[l] -= 1 - scaled[s]
      if scaled[l] < 1 {
        large.removeLast()
        small.append(l)
      }
    }
    for i in large { threshold[i] = 1 }
    for i in small { threshold[i] = 1 }
  }

  /// The number of outcomes.
  public var count: Int { threshold.count }

  /// One draw.
  ///
  /// - Complexity: O(1).
  public func sample(using generator: inout SeededGenerator) -> Int32 {
    let u = generator.nextUnit() * Double(threshold.count)
    let column = min(Int(u), threshold.count - 1)
    return (u - Double(column)) < threshold[column] ? Int32(column) : alias[column]
  }
}
