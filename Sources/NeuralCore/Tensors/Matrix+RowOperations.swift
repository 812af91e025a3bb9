/// Elementwise and row-wise operations that the attribution methods run on whole activation
/// matrices (hundreds of thousands of elements per request), vectorised through
/// ``VectorKernels``.
extension Matrix {
  /// `self += other`, element by element.
  ///
  /// - Precondition: the shapes are equal.
  /// - Complexity: O(rows × columns).
  public mutating func add(_ other: Matrix) {
    precondition(
      rows == other.rows && columns == other.columns,
      "shapes differ: \(rows)x\(columns) vs \(other.rows)x\(other.columns)")
    let count = values.count
    other.values.withUnsafeBufferPointer { x in
      values.withUnsafeMutableBufferPointer { y in
        guard let xBase = x.baseAddress, let yBase = y.baseAddress else { return }
        VectorKernels.addScaled(xBase, scale: 1, into: yBase, count: count)
      }
    }
  }

  /// `row` added to every row.
  ///
  /// - Precondition: `row.count == columns`.
  /// - Complexity: O(rows × columns).
  public mutating func addToEveryRow(_ row: [Float]) {
    precondition(row.count == columns, "a row of \(row.count) for \(columns) columns")
    let (height, width) = (rows, columns)
    row.withUnsafeBufferPointer { x in
      values.withUnsafeMutableBufferPointer { y in
        guard let xBase = x.baseAddress, let yBase = y.baseAddress else { return }
        for r in 0..<height { VectorKernels.addScaled(xBase, scale: 1, into: yBase + r * width, count: width) }
      }
    }
  }

  /// For each row `r`, `Σ_j self[r, j] · other[r, j]`.
  ///
  /// - Precondition: the shapes are equal.
  /// - Complexity: O(rows × columns).
  public func rowDots(_ other: Matrix) -> [Float] {
    precondition(
      rows == other.rows && columns == other.columns,
      "shapes differ: \(rows)x\(columns) vs \(other.rows)x\(other.columns)")
    let (height, width) = (rows, columns)
    var result = [Float](repeating: 0, count: height)
    values.withUnsafeBufferPointer { a in
      other.values.withUnsafeBufferPointer { b in
        guard let aBase = a.baseAddress, let bBase = b.baseAddress else { return }
        for r in 0..<height { result[r] = VectorKernels.dot(aBase + r * width, bBase + r * width, count: width) }
      }
    }
    return result
  }

  /// Each element times its column's input minus the reference: `self[r, c] *= x[r, f + c] −
  /// reference[f + c]` for `f = columns.lowerBound` (the attribution's "difference from
  /// reference" of the input columns `columns` of `x`).
  ///
  /// - Precondition: `x.rows == rows`, `columns.count == self.columns`, `columns` inside `x`'s
  ///   columns and `reference.count == x.columns`.
  /// - Complexity: O(rows × columns), in SIMD chunks of 8.
  public mutating func scaleByDifference(of x: Matrix, columns range: Range<Int>, minus reference: [Float]) {
    precondition(x.rows == rows && range.count == columns, "inputs of another shape")
    precondition(range.lowerBound >= 0 && range.upperBound <= x.columns, "columns \(range) outside \(x.columns)")
    precondition(reference.count == x.columns, "a reference of \(reference.count) for \(x.columns) columns")
    let (height, width, inputWidth, first) = (rows, columns, x.columns, range.lowerBound)
    x.values.withUnsafeBufferPointer { input in
      reference.withUnsafeBufferPointer { x0 in
        values.withUnsafeMutableBufferPointer { m in
          guard let inputBase = input.baseAddress, let x0Base = x0.baseAddress, let mBase = m.baseAddress else {
            return
          }
          for r in 0..<height {
            VectorKernels.scaleByDifference(
              mBase + r * width, of: inputBase + r * inputWidth + first, minus: x0Base + first, count: width)
          }
        }
      }
    }
  }

  /// Each element times its ReLU's secant slope between a reference and an actual
  /// pre-activation: `(relu(a) − relu(a₀)) / (a − a₀)`, or the gradient's 0/1 where
  /// `|a − a₀| ≤ 1e-6` (DeepLIFT's rescale rule, which makes the attribution through the ReLU
  /// exact). `pre` holds one row of actual pre-activations per row; `referencePre` is one row.
  ///
  /// - Precondition: `pre` has this matrix's shape and `referencePre.count == columns`.
  /// - Complexity: O(rows × columns), branch-free in SIMD chunks of 8.
  public mutating func scaleBySecantSlopes(pre: Matrix, referencePre: [Float]) {
    precondition(pre.rows == rows && pre.columns == columns, "pre-activations of another shape")
    precondition(referencePre.count == columns, "a reference of \(referencePre.count) for \(columns) columns")
    let (height, width) = (rows, columns)
    pre.values.withUnsafeBufferPointer { a in
      referencePre.withUnsafeBufferPointer { a0 in
        values.withUnsafeMutableBufferPointer { m in
          guard let aBase = a.baseAddress, let a0Base = a0.baseAddress, let mBase = m.baseAddress else { return }
          for r in 0..<height {
            VectorKernels.scaleBySecantSlopes(
              mBase + r * width, actual: aBase + r * width, reference: a0Base, count: width)
          }
        }
      }
    }
  }
}
