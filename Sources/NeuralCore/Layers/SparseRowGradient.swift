/// A gradient that touches only some rows of a table: `values` row `i` is the
/// gradient of table row `rows[i]`. Rows are unique, in order of first appearance (deterministic).
public struct SparseRowGradient: Sendable, Equatable {
  /// The touched table rows, unique.
  public var rows: [Int32]
  /// The gradient of each touched row, `rows.count × width`.
  public var values: Matrix

  /// A gradient over given rows and values.
  public init(rows: [Int32], values: Matrix) {
    precondition(rows.count == values.rows, "one gradient row per table row")
    self.rows = rows
    self.values = values
  }

  /// Sums row contributions into a table of `tableRows` rows with a slot map instead of a sort:
  /// O(n × width + tableRows). `scale` multiplies every contribution.
  ///
  /// - Precondition: every target is in `0..<tableRows`.
  public init(accumulating contributions: Matrix, into targets: [Int32], tableRows: Int, scale: Float = 1) {
    precondition(contributions.rows == targets.count, "one target per contribution row")
    let width = contributions.columns
    var slots = SlotMap(tableRows: tableRows)
    for target in targets { slots.slot(for: target) }
    var summed = Matrix(rows: slots.rows.count, columns: width)
    contributions.values.withUnsafeBufferPointer { source in
      summed.values.withUnsafeMutableBufferPointer { target in
        for (position, row) in targets.enumerated() {
          let to = Int(slots.existingSlot(row)) * width
          let from = position * width
          for c in 0..<width { target[to + c] += scale * source[from + c] }
        }
      }
    }
    self.init(rows: slots.rows, values: summed)
  }

  /// The weighted sum of several sparse gradients over one table.
  ///
  /// - Complexity: O(Σ touched rows × width + tableRows).
  public static func weightedSum(_ parts: [(gradient: SparseRowGradient, weight: Float)], tableRows: Int)
    -> SparseRowGradient
  {
    let width = parts.first?.gradient.values.columns ?? 0
    var slots = SlotMap(tableRows: tableRows)
    for part in parts { for row in part.gradient.rows { slots.slot(for: row) } }
    var summed = Matrix(rows: slots.rows.count, columns: width)
    summed.values.withUnsafeMutableBufferPointer { target in
      for part in parts {
        part.gradient.values.values.withUnsafeBufferPointer { source in
          guard let sBase = source.baseAddress, let tBase = target.baseAddress else { return }
          for (position, row) in part.gradient.rows.enumerated() {
            let to = Int(slots.existingSlot(row)) * width
            VectorKernels.addScaled(sBase + position * width, scale: part.weight, into: tBase + to, count: width)
          }
        }
      }
    }
    return SparseRowGradient(rows: slots.rows, values: summed)
  }

  /// The dense equivalent for a table with `tableRows` rows (tests and small tables).
  ///
  /// - Complexity: O(tableRows × width).
  public func dense(tableRows: Int) -> Matrix {
    var result = Matrix(rows: tableRows, columns: values.columns)
    for (slot, row) in rows.enumerated() {
      for c in 0..<values.columns { result[Int(row), c] += values[slot, c] }
    }
    return result
  }
}

/// Maps table rows to dense slots in order of first appearance.
struct SlotMap {
  private var slotOfRow: [Int32]
  /// The rows, by slot.
  private(set) var rows: [Int32] = []

  init(tableRows: Int) { slotOfRow = [Int32](repeating: -1, count: tableRows) }

  /// The slot of `row`, assigning the next one when new.
  @discardableResult
  mutating func slot(for row: Int32) -> Int32 {
    let existing = slotOfRow[Int(row)]
    if existing >= 0 { return existing }
    let slot = Int32(rows.count)
    slotOfRow[Int(row)] = slot
    rows.append(row)
    return slot
  }

  /// The slot of a row already added.
  func existingSlot(_ row: Int32) -> Int32 { slotOfRow[Int(row)] }
}
