/// Nearest-rank percentiles of a sample, sorted once: the latency and throughput summaries of the
/// benchmarks and `bench recommend` (the p-quantile of n values is the `⌊p·n⌋`-th smallest,
/// counted from 0, so the p99 of 200 timings is the second largest).
public struct Percentiles: Sendable {
  /// The values, ascending.
  public let sorted: [Double]

  /// The percentiles of `values` (which may be empty: every statistic is then 0).
  public init(_ values: [Double]) {
    sorted = values.sorted()
  }

  /// The value at quantile `q` in [0, 1].
  public func at(_ q: Double) -> Double {
    guard let last = sorted.indices.last else { return 0 }
    return sorted[min(last, max(0, Int(q * Double(sorted.count))))]
  }

  /// The median (the upper one of an even count).
  public var median: Double { at(0.5) }

  /// The arithmetic mean.
  public var mean: Double { sorted.isEmpty ? 0 : sorted.reduce(0, +) / Double(sorted.count) }
}
