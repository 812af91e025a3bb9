/// A gradient that touches only some rows of a table: `values` row `i` is the
/// gradient of table row `rows[i]`. Rows are unique and ascending.
public struct SparseRowGradient: Sendable, Equatable {
  /// The touched table rows, unique and ascending.
  public var rows: [Int32]
  /// The gradient of each touched row, `rows.count × width`.
  public var values: Matrix

  /// A gradient over given rows and values.
  public init(rows: [Int32], values: Matrix) {
    precondition(rows.count == values.rows, "one gradient row per table row")
    self.rows = rows
    self.values = values
  }

  /// Sums row contributions that may repeat: `contributions` row `i` is added to table row `targets[i]`.
  ///
  /// - Complexity: O(n log n + n × width).
  public init(accumulating contributions: Matrix, into targets: [Int32]) {
    precondition(contributions.rows == targets.count, "one target per contribution row")
    let order = targets.indices.sorted { targets[$0] < targets[$1] }
    var uniqueRows: [Int32] = []
    uniqueRows.reserveCapacity(targets.count)
    var slotOf = [Int](repeating: 0, count: targets.count)
    for position in order {
      let row = targets[position]
      if uniqueRows.last != row { uniqueRows.append(row) }
      slotOf[position] = uniqueRows.count - 1
    }
    let width = contributions.columns
    var summed = Matrix(rows: uniqueRows.count, columns: width)
    contributions.values.withUnsafeBufferPointer { source in
      summed.values.withUnsafeMutableBufferPointer { target in
        for position in 0..<targets.count {
          let to = slotOf[position] * width
          let from = position * width
          for c in 0..<width { target[to + c] += source[from + c] }
        }
      }
    }
    self.init(rows: uniqueRows, values: summed)
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
