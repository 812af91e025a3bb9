/// Maps a continuous feature to [0, 1) through its empirical CDF (Paper §4.1):
/// `x~ = CDF(x)`, linear interpolation between quantiles computed in one pass.
public struct QuantileNormalizer: Sendable, Codable, Equatable {
  /// Sorted quantile values `q_0 <= ... <= q_n` at probabilities `i / n`.
  public private(set) var quantiles: [Float]

  /// The largest value the normaliser returns (just under 1, so the range is [0, 1)).
  public static let upperBound: Float = 1 - 1e-6

  /// Quantiles of `values` (NaN ignored) at `buckets + 1` evenly spaced probabilities.
  ///
  /// The values are sorted once; a feature with no finite value gets a single quantile of 0.
  /// - Complexity: O(n log n).
  public init(fitting values: [Float], buckets: Int = 100) {
    let sorted = values.filter(\.isFinite).sorted()
    guard let first = sorted.first, let last = sorted.last else {
      quantiles = [0]
      return
    }
    let n = max(buckets, 1)
    quantiles = (0...n).map { i in
      let position = Double(i) / Double(n) * Double(sorted.count - 1)
      let low = Int(position)
      let high = min(low + 1, sorted.count - 1)
      let fraction = Float(position - Double(low))
      return sorted[low] + (sorted[high] - sorted[low]) * fraction
    }
    quantiles[0] = first
    quantiles[n] = last
  }

  /// A normaliser over given quantiles (loading, tests).
  public init(quantiles: [Float]) { self.quantiles = quantiles.isEmpty ? [0] : quantiles }

  /// `CDF(x)` in [0, 1): 0 at or below the smallest quantile, just under 1 at or above the largest;
  /// a run of equal quantiles maps to the middle of its probability range; NaN and a constant
  /// feature map to 0.
  ///
  /// - Complexity: O(log quantiles).
  public func normalize(_ x: Float) -> Float {
    let n = quantiles.count - 1
    guard n > 0, x.isFinite || x.isInfinite, !x.isNaN else { return 0 }
    guard let first = quantiles.first, let last = quantiles.last, first < last else { return 0 }
    if x < first { return 0 }
    if x > last { return Self.upperBound }
    // The first quantile >= x and the first quantile > x (a second search only when x equals one).
    let firstAtLeast = Self.firstIndex(in: quantiles, from: 0) { $0 < x }
    let firstAbove =
      quantiles[firstAtLeast] == x ? Self.firstIndex(in: quantiles, from: firstAtLeast) { $0 <= x } : firstAtLeast
    let p: Float
    if firstAbove > firstAtLeast {
      // x equals a run of quantiles: the middle of the run.
      p = Float(firstAtLeast + firstAbove - 1) / 2 / Float(n)
    } else {
      let low = firstAtLeast - 1
      let span = quantiles[firstAtLeast] - quantiles[low]
      let fraction = span > 0 ? (x - quantiles[low]) / span : 0
      p = (Float(low) + fraction) / Float(n)
    }
    return min(max(p, 0), Self.upperBound)
  }

  /// The first index at or after `start` whose value is not `before` (the values that are
  /// `before` come first): a binary search whose halving step is a select, not a branch (the
  /// ranking features normalise thousands of values per request).
  @inline(__always)
  static func firstIndex(in sorted: [Float], from start: Int, where before: (Float) -> Bool) -> Int {
    var base = start
    var length = sorted.count - start
    while length > 1 {
      let half = length / 2
      base = before(sorted[base + half - 1]) ? base + half : base
      length -= half
    }
    return length == 1 && before(sorted[base]) ? base + 1 : base
  }
}
