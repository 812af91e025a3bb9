#if canImport(Accelerate)
  import Accelerate
#else
  import CBLAS
#endif

/// The one facade over the platform BLAS (Accelerate on Apple platforms, OpenBLAS elsewhere).
public enum BLAS {
  /// `C = alpha * op(A) * op(B) + beta * C` for row-major matrices.
  ///
  /// `op(A)` is `m × k`, `op(B)` is `k × n` and `C` is `m × n`.
  /// Internal: pointers come from the callers' own buffers inside NeuralCore; other modules
  /// use ``multiply(_:_:transposeA:transposeB:into:alpha:beta:)`` and ``product(_:_:transposeA:transposeB:)``.
  /// - Complexity: O(m × n × k).
  static func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
    alpha: Float, a: UnsafePointer<Float>, lda: Int,
    b: UnsafePointer<Float>, ldb: Int,
    beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
  ) {
    guard m > 0, n > 0 else { return }
    assert(
      k >= 0 && lda >= max(1, transposeA ? m : k) && ldb >= max(1, transposeB ? k : n) && ldc >= n,
      "gemm: leading dimensions \(lda), \(ldb), \(ldc) too small for \(m)x\(n)x\(k)")
    cblas_sgemm(
      CblasRowMajor, transposeA ? CblasTrans : CblasNoTrans, transposeB ? CblasTrans : CblasNoTrans,
      Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
  }

  /// ``gemm(transposeA:transposeB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)`` on row-major blocks
  /// inside flat arrays: each block starts at its element offset and has its own leading
  /// dimension (a head's slice of the projected rows, one sequence's weights). Asserts that
  /// every block lies inside its array.
  static func gemm(
    transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
    a: [Float], at aOffset: Int, lda: Int, b: [Float], at bOffset: Int, ldb: Int,
    beta: Float, c: inout [Float], at cOffset: Int, ldc: Int
  ) {
    guard m > 0, n > 0 else { return }
    func fits(_ count: Int, _ offset: Int, rows: Int, columns: Int, _ ld: Int) -> Bool {
      offset >= 0 && (rows == 0 || columns == 0 || offset + (rows - 1) * ld + columns <= count)
    }
    assert(fits(a.count, aOffset, rows: transposeA ? k : m, columns: transposeA ? m : k, lda), "gemm: A outside")
    assert(fits(b.count, bOffset, rows: transposeB ? n : k, columns: transposeB ? k : n, ldb), "gemm: B outside")
    assert(fits(c.count, cOffset, rows: m, columns: n, ldc), "gemm: C outside")
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        c.withUnsafeMutableBufferPointer { pc in
          guard let aBase = pa.baseAddress, let bBase = pb.baseAddress, let cBase = pc.baseAddress else { return }
          gemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: aBase + aOffset,
            lda: lda, b: bBase + bOffset, ldb: ldb, beta: beta, c: cBase + cOffset, ldc: ldc)
        }
      }
    }
  }

  /// Matrix product of two ``Matrix`` values: `alpha * op(a) * op(b) + beta * c`, written into `c`.
  ///
  /// - Complexity: O(m × n × k).
  public static func multiply(
    _ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false,
    into c: inout Matrix, alpha: Float = 1, beta: Float = 0
  ) {
    let m = transposeA ? a.columns : a.rows
    let k = transposeA ? a.rows : a.columns
    let kb = transposeB ? b.columns : b.rows
    let n = transposeB ? b.rows : b.columns
    precondition(k == kb, "inner dimensions differ: \(k) vs \(kb)")
    precondition(c.rows == m && c.columns == n, "output shape \(c.rows)x\(c.columns), expected \(m)x\(n)")
    a.values.withUnsafeBufferPointer { pa in
      b.values.withUnsafeBufferPointer { pb in
        c.values.withUnsafeMutableBufferPointer { pc in
          guard let aBase = pa.baseAddress, let bBase = pb.baseAddress, let cBase = pc.baseAddress else { return }
          gemm(
            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
            alpha: alpha, a: aBase, lda: max(a.columns, 1), b: bBase, ldb: max(b.columns, 1),
            beta: beta, c: cBase, ldc: max(n, 1))
        }
      }
    }
  }

  /// `c = a[:, columns] * b[rows, :] + beta * c`: the product of a column block of `a` and the
  /// matching row block of `b`, read in place (one feature block's share of a layer's
  /// pre-activation, without copying either block out).
  ///
  /// - Precondition: `columns` lies inside `a`, `rows` inside `b`, both have the same count,
  ///   and `c` is `a.rows × b.columns`.
  /// - Complexity: O(a.rows × columns.count × b.columns).
  public static func multiply(
    _ a: Matrix, columns: Range<Int>, _ b: Matrix, rows: Range<Int>, into c: inout Matrix, beta: Float = 0
  ) {
    precondition(columns.count == rows.count, "block widths differ: \(columns.count) vs \(rows.count)")
    precondition(columns.lowerBound >= 0 && columns.upperBound <= a.columns, "columns \(columns) outside \(a.columns)")
    precondition(rows.lowerBound >= 0 && rows.upperBound <= b.rows, "rows \(rows) outside \(b.rows)")
    precondition(c.rows == a.rows && c.columns == b.columns, "output shape \(c.rows)x\(c.columns)")
    guard !columns.isEmpty else {
      if beta != 1 { for i in c.values.indices { c.values[i] *= beta } }
      return
    }
    gemm(
      transposeA: false, transposeB: false, m: a.rows, n: b.columns, k: columns.count, alpha: 1,
      a: a.values, at: columns.lowerBound, lda: max(a.columns, 1), b: b.values, at: rows.lowerBound * b.columns,
      ldb: max(b.columns, 1), beta: beta, c: &c.values, at: 0, ldc: max(c.columns, 1))
  }

  /// `c = a * b[rows, :]ᵀ`: the product of `a` and the transpose of a row block of `b`, read in
  /// place (the multipliers at a layer's output taken back to one block of its inputs).
  ///
  /// - Precondition: `rows` lies inside `b`, `a.columns == b.columns`, and `c` is
  ///   `a.rows × rows.count`.
  /// - Complexity: O(a.rows × a.columns × rows.count).
  public static func multiply(_ a: Matrix, transposedRows rows: Range<Int>, of b: Matrix, into c: inout Matrix) {
    precondition(rows.lowerBound >= 0 && rows.upperBound <= b.rows, "rows \(rows) outside \(b.rows)")
    precondition(a.columns == b.columns, "inner dimensions differ: \(a.columns) vs \(b.columns)")
    precondition(c.rows == a.rows && c.columns == rows.count, "output shape \(c.rows)x\(c.columns)")
    gemm(
      transposeA: false, transposeB: true, m: a.rows, n: rows.count, k: a.columns, alpha: 1,
      a: a.values, at: 0, lda: max(a.columns, 1), b: b.values, at: rows.lowerBound * b.columns,
      ldb: max(b.columns, 1), beta: 0, c: &c.values, at: 0, ldc: max(c.columns, 1))
  }

  /// A new matrix `op(a) * op(b)`.
  public static func product(
    _ a: Matrix, _ b: Matrix, transposeA: Bool = false, transposeB: Bool = false
  ) -> Matrix {
    var c = Matrix(rows: transposeA ? a.columns : a.rows, columns: transposeB ? b.rows : b.columns)
    multiply(a, b, transposeA: transposeA, transposeB: transposeB, into: &c)
    return c
  }

  /// Sets how many threads the BLAS may use per call (no effect with Accelerate).
  public static func setThreadCount(_ count: Int) {
    #if !canImport(Accelerate)
      CBLAS_setThreadCount(Int32(max(1, count)))
    #endif
  }
}
