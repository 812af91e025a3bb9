/// The graph's compact copy of the vectors: IEEE half precision, 2 bytes a value, scaled by a
/// power of two so that any finite embedding fits the half range.
///
/// The HNSW search is bound by memory loads (`perf`: the prefetches of visited vectors stall),
/// so the graph walk scores in half precision, which halves the cache lines per visited node
/// (2 instead of 4 at d = 64). A half keeps 11 significant bits, so a score moves by about
/// 5·10⁻⁴ of its magnitude; the returned results are re-scored in single precision. The scale is
/// a power of two, so scaling itself is exact and never reorders scores.
struct HalfVectors: Sendable {
  /// The half bit patterns, `count × dimension`, row-major.
  private(set) var bits: [UInt16] = []
  /// Stored values are `x × scale`.
  private(set) var scale: Float = 1
  /// `1 / scale`: multiplies a query–item dot product back to the original units.
  var unscale: Float { 1 / scale }

  /// The largest magnitude a stored value may reach before the copy is rescaled (halves reach
  /// 65,504; the headroom lets later inserts grow 64× without a rescale).
  private static let ceiling: Float = 16_384

  /// The power of two that maps `largestMagnitude` to [128, 256).
  static func scale(forLargestMagnitude largestMagnitude: Float) -> Float {
    guard largestMagnitude > 0, largestMagnitude.isFinite else { return 1 }
    return Float(sign: .plus, exponent: 7 - largestMagnitude.exponent, significand: 1)
  }

  /// Converts every row of `values` with the scale fitted to their largest magnitude.
  init(_ values: [Float]) {
    rebuild(from: values)
  }

  /// An empty copy whose scale fits values up to `largestMagnitude` (a build sets it from all
  /// its rows before appending them).
  init(fittedTo largestMagnitude: Float) {
    scale = Self.scale(forLargestMagnitude: largestMagnitude)
  }

  /// Appends one row. Returns false, appending nothing, when the row is too large for the current
  /// scale; the caller then rebuilds from all rows.
  mutating func append(_ row: some Collection<Float>) -> Bool {
    let largest = row.reduce(0) { max($0, abs($1)) }
    guard largest * scale <= Self.ceiling else { return false }
    let scale = self.scale
    bits.append(contentsOf: row.lazy.map { Float16($0 * scale).bitPattern })
    return true
  }

  /// Re-converts every value with a scale fitted to `values`.
  mutating func rebuild(from values: [Float]) {
    scale = Self.scale(forLargestMagnitude: values.reduce(0) { max($0, abs($1)) })
    let scale = self.scale
    bits = values.map { Float16($0 * scale).bitPattern }
  }

  /// Bytes held.
  var memoryBytes: Int { bits.count * MemoryLayout<UInt16>.stride }
}
