/// A dense Float32 matrix in row-major order with an explicit shape.
///
/// The storage is one flat array: element `(r, c)` lives at `r * columns + c`.
/// Every matrix product in the engine goes through ``BLAS``.
public struct Matrix: Sendable, Equatable {
  /// Number of rows.
  public private(set) var rows: Int
  /// Number of columns.
  public private(set) var columns: Int
  /// Row-major values; `values.count == rows * columns`.
  public var values: [Float]

  /// A matrix of the given shape filled with one value.
  ///
  /// - Complexity: O(rows × columns).
  public init(rows: Int, columns: Int, repeating value: Float = 0) {
    precondition(rows >= 0 && columns >= 0, "negative matrix shape")
    self.rows = rows
    self.columns = columns
    self.values = [Float](repeating: value, count: rows * columns)
  }

  /// A matrix over existing row-major values.
  ///
  /// - Precondition: `values.count == rows * columns`.
  public init(rows: Int, columns: Int, values: [Float]) {
    precondition(rows >= 0 && columns >= 0 && values.count == rows * columns, "shape does not match value count")
    self.rows = rows
    self.columns = columns
    self.values = values
  }

  /// The number of elements.
  public var count: Int { values.count }

  /// Element access by row and column.
  @inlinable
  public subscript(row: Int, column: Int) -> Float {
    get { values[row * columns + column] }
    set { values[row * columns + column] = newValue }
  }

  /// The values of one row.
  ///
  /// - Complexity: O(columns).
  public func row(_ index: Int) -> ArraySlice<Float> {
    values[(index * columns)..<((index + 1) * columns)]
  }

  /// A new matrix with the rows at `indices`, in that order.
  ///
  /// - Complexity: O(indices.count × columns).
  public func gatherRows(_ indices: [Int32]) -> Matrix {
    var result = Matrix(rows: indices.count, columns: columns)
    let width = columns
    values.withUnsafeBufferPointer { source in
      result.values.withUnsafeMutableBufferPointer { target in
        for (slot, index) in indices.enumerated() {
          let from = Int(index) * width
          let to = slot * width
          for c in 0..<width { target[to + c] = source[from + c] }
        }
      }
    }
    return result
  }

  /// The rows scaled to unit length, so that inner products are cosines (a zero row stays zero).
  ///
  /// - Complexity: O(rows × columns).
  public func unitRows() -> Matrix {
    var unit = self
    for r in 0..<rows {
      let norm = row(r).reduce(0) { $0 + $1 * $1 }.squareRoot()
      guard norm > 0 else { continue }
      for c in 0..<columns { unit.values[r * columns + c] /= norm }
    }
    return unit
  }

  /// The transpose.
  ///
  /// - Complexity: O(rows × columns).
  public func transposed() -> Matrix {
    var result = Matrix(rows: columns, columns: rows)
    for r in 0..<rows {
      for c in 0..<columns { result.values[c * rows + r] = values[r * columns + c] }
    }
    return result
  }

  /// Reshapes in place without moving values.
  ///
  /// - Precondition: `rows * columns == count`.
  public mutating func reshape(rows: Int, columns: Int) {
    precondition(rows * columns == values.count, "reshape changes the element count")
    self.rows = rows
    self.columns = columns
  }
}
