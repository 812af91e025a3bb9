/// Column-wise concatenation of feature blocks into the wide first layer (Paper §3.2).
public enum Concatenation {
  /// The blocks side by side: `batch × sum(widths)`.
  ///
  /// - Precondition: every block has the same number of rows.
  /// - Complexity: O(batch × total width).
  public static func forward(_ blocks: [Matrix]) -> Matrix {
    guard let first = blocks.first else { return Matrix(rows: 0, columns: 0) }
    let rows = first.rows
    precondition(blocks.allSatisfy { $0.rows == rows }, "blocks differ in batch size")
    let total = blocks.reduce(0) { $0 + $1.columns }
    var output = Matrix(rows: rows, columns: total)
    var offset = 0
    for block in blocks {
      let width = block.columns
      block.values.withUnsafeBufferPointer { source in
        output.values.withUnsafeMutableBufferPointer { target in
          for r in 0..<rows {
            for c in 0..<width { target[r * total + offset + c] = source[r * width + c] }
          }
        }
      }
      offset += width
    }
    return output
  }

  /// Splits d loss / d output back into one gradient per block.
  ///
  /// - Complexity: O(batch × total width).
  public static func backward(_ outputGradient: Matrix, widths: [Int]) -> [Matrix] {
    precondition(widths.reduce(0, +) == outputGradient.columns, "widths do not sum to the gradient width")
    var offset = 0
    let rows = outputGradient.rows
    let total = outputGradient.columns
    return widths.map { width in
      var block = Matrix(rows: rows, columns: width)
      outputGradient.values.withUnsafeBufferPointer { source in
        block.values.withUnsafeMutableBufferPointer { target in
          for r in 0..<rows {
            for c in 0..<width { target[r * width + c] = source[r * total + offset + c] }
          }
        }
      }
      offset += width
      return block
    }
  }
}
