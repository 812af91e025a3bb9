/// The graph's compact copy of the vectors: one byte a value (scalar quantisation per
/// dimension, `x ≈ low + step · code`).
///
/// The HNSW walk is bound by memory loads (`perf`: the prefetches of visited vectors stall), so
/// it scores on this copy: one cache line per visited node at d = 64, against four in single
/// precision. A query's score is `Σ q·low + Σ (q·step)·code`, one multiply-add per byte. The
/// returned results are re-scored in single precision.
struct QuantizedVectors: Sendable {
  /// The codes, `count × dimension`, row-major.
  private(set) var codes: [UInt8] = []
  /// Per dimension: the value of code 0.
  private(set) var low: [Float]
  /// Per dimension: the value between adjacent codes.
  private(set) var step: [Float]
  /// The dimension.
  let dimension: Int

  /// An empty copy whose ranges cover `values` (`count × dimension`), which it does not store.
  init(dimension: Int, fittedTo values: [Float], padding: Float = 0) {
    self.dimension = dimension
    (low, step) = Self.ranges(of: values, dimension: dimension, padding: padding)
  }

  /// An empty copy with saved ranges (a loaded index re-encodes its rows with them, so it answers
  /// exactly as before it was saved).
  init(dimension: Int, low: [Float], step: [Float]) {
    self.dimension = dimension
    self.low = low
    self.step = step
  }

  /// Per dimension, `low` and `step` covering the values, widened by `padding` of the span on each
  /// side (so later inserts rarely fall outside).
  private static func ranges(of values: [Float], dimension: Int, padding: Float) -> ([Float], [Float]) {
    var minimum = [Float](repeating: .infinity, count: dimension)
    var maximum = [Float](repeating: -.infinity, count: dimension)
    for (i, value) in values.enumerated() {
      let c = i % dimension
      minimum[c] = min(minimum[c], value)
      maximum[c] = max(maximum[c], value)
    }
    var low = [Float](repeating: 0, count: dimension)
    var step = [Float](repeating: 0, count: dimension)
    for c in 0..<dimension where minimum[c] <= maximum[c] {
      let span = maximum[c] - minimum[c]
      let pad = padding * max(span, 1e-3 * max(abs(minimum[c]), abs(maximum[c])))
      low[c] = minimum[c] - pad
      step[c] = (span + 2 * pad) / 255
    }
    return (low, step)
  }

  /// Whether `value` in dimension `c` is within the codes' range (half a step of slack, so the
  /// fitted extremes are never rejected by rounding).
  @inline(__always)
  private func covers(_ value: Float, _ c: Int) -> Bool {
    value >= low[c] - 0.5 * step[c] && value <= low[c] + 255.5 * step[c]
  }

  @inline(__always)
  private func code(_ value: Float, _ c: Int) -> UInt8 {
    guard step[c] > 0 else { return value > low[c] ? 255 : 0 }
    return UInt8(max(0, min(255, ((value - low[c]) / step[c]).rounded())))
  }

  /// Values outside the ranges, saturated to the nearest end, since the last fit.
  private(set) var saturated = 0

  /// Whether so many values are saturated (over 1%) that the ranges should be refitted. A few
  /// outliers are kept saturated instead: widening the ranges for one would coarsen every row.
  /// The walk then scores an outlier approximately, and the exact re-scoring of the answer puts it
  /// where it belongs.
  var needsRefit: Bool { saturated * 100 > codes.count }

  /// Makes room for `rows` rows in huge-page-advised memory (before a build or load appends them).
  mutating func reserve(rows: Int) {
    var reserved: [UInt8] = HugePageArrays.empty(capacity: rows * dimension)
    reserved.append(contentsOf: codes)
    codes = reserved
  }

  /// Appends one row, saturating values outside the ranges; returns whether any was.
  @discardableResult
  mutating func append(_ row: some Collection<Float>) -> Bool {
    let before = saturated
    for (c, value) in row.enumerated() {
      if !covers(value, c) { saturated += 1 }
      codes.append(code(value, c))
    }
    return saturated > before
  }

  /// Refits the ranges to `values` (padded by a quarter of the span, since this runs when inserts
  /// fell outside) and re-encodes every row.
  mutating func rebuild(from values: [Float]) {
    (low, step) = Self.ranges(of: values, dimension: dimension, padding: 0.25)
    codes = HugePageArrays.empty(capacity: values.count)
    saturated = 0
    for (i, value) in values.enumerated() { codes.append(code(value, i % dimension)) }
  }

  /// A query's per-dimension weights `q·step` and constant `Σ q·low`: its score against a row
  /// is `constant + Σ weights·codes`.
  func weights(for query: [Float]) -> (weights: [Float], constant: Float) {
    assert(query.count == dimension, "query of dimension \(query.count), codes of \(dimension)")
    var constant: Float = 0
    var weights = [Float](repeating: 0, count: dimension)
    for c in 0..<dimension {
      weights[c] = query[c] * step[c]
      constant += query[c] * low[c]
    }
    return (weights, constant)
  }

  /// The most a query's code score can differ from its exact inner product with a row that has
  /// no saturated value: each value is off by at most half a step, so the score by at most
  /// `½ Σ |q·step|`, widened a little for float rounding.
  func errorBound(for query: [Float]) -> Float {
    var sum: Float = 0
    for c in 0..<dimension { sum += abs(query[c] * step[c]) }
    return sum * 0.5 * 1.001 + Float.leastNormalMagnitude
  }

  /// Bytes held.
  var memoryBytes: Int { codes.count + 2 * dimension * MemoryLayout<Float>.stride }
}
