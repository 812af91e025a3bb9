/// An inverted-dropout mask: each element kept with probability `1 − rate` and scaled by
/// `1 / (1 − rate)`, so that evaluation needs no rescaling. The same mask multiplies the
/// forward value and its gradient; a mask drawn from the same seed is the same mask, which is
/// what lets a gradient check run with dropout on.
public struct DropoutMask: Sendable, Equatable {
  /// Per-element factor, `0` or `1 / (1 − rate)`; empty when nothing is dropped.
  public var factors: [Float]

  /// No dropout.
  public static let identity = DropoutMask(factors: [])

  init(factors: [Float]) { self.factors = factors }

  /// A mask over `count` elements.
  ///
  /// - Precondition: `rate` in `[0, 1)`.
  public init(count: Int, rate: Float, generator: inout SeededGenerator) {
    precondition(rate >= 0 && rate < 1, "dropout rate must be in [0, 1)")
    guard rate > 0 else {
      factors = []
      return
    }
    let keep = 1 / (1 - rate)
    factors = (0..<count).map { _ in generator.nextUnit() < Double(rate) ? 0 : keep }
  }

  /// `m ⊙ mask` (also the backward pass, applied to the gradient).
  ///
  /// - Complexity: O(count).
  public func apply(_ m: Matrix) -> Matrix {
    guard !factors.isEmpty else { return m }
    precondition(factors.count == m.count, "dropout mask over \(factors.count) elements, matrix has \(m.count)")
    var out = m
    for i in 0..<out.count { out.values[i] *= factors[i] }
    return out
  }
}
