/// Schemes for the initial values of a weight matrix.
public enum WeightInitializer: String, Sendable, Codable, CaseIterable {
  /// He (Kaiming) normal: std `sqrt(2 / fanIn)`; for layers followed by ReLU.
  case he
  /// Glorot (Xavier) uniform: `U(-a, a)` with `a = sqrt(6 / (fanIn + fanOut))`.
  case glorot
  /// All zeros.
  case zeros

  /// A `fanIn × fanOut` matrix drawn from this scheme.
  ///
  /// - Complexity: O(fanIn × fanOut).
  public func matrix(fanIn: Int, fanOut: Int, using generator: inout SeededGenerator) -> Matrix {
    var result = Matrix(rows: fanIn, columns: fanOut)
    switch self {
    case .he:
      let std = (2.0 / Double(max(fanIn, 1))).squareRoot()
      for i in 0..<result.count { result.values[i] = Float(generator.nextGaussian() * std) }
    case .glorot:
      let limit = (6.0 / Double(max(fanIn + fanOut, 1))).squareRoot()
      for i in 0..<result.count { result.values[i] = Float((generator.nextUnit() * 2 - 1) * limit) }
    case .zeros:
      break
    }
    return result
  }
}
