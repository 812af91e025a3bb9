#if canImport(Accelerate)
  import Accelerate
#else
  import CBLAS
#endif

/// The few LAPACK routines the engine needs (OpenBLAS's LAPACK; Accelerate's on Apple platforms),
/// for symmetric positive-definite systems: the closed forms of the EASE and ALS baselines.
public enum LAPACK {
  /// Why a factorisation failed.
  public struct NotPositiveDefinite: Error, Sendable, CustomStringConvertible {
    /// The LAPACK `info` value.
    public var info: Int
    /// The reason, for messages.
    public var description: String { "matrix is not positive definite (LAPACK info \(info))" }
  }

  /// Replaces a symmetric positive-definite `matrix` by its inverse (Cholesky, then `potri`).
  ///
  /// - Complexity: O(n³).
  public static func invertPositiveDefinite(_ matrix: inout Matrix) throws(NotPositiveDefinite) {
    precondition(matrix.rows == matrix.columns, "only a square matrix has an inverse")
    var n = Int32(matrix.rows)
    var info: Int32 = 0
    var uplo = CChar(UInt8(ascii: "L"))
    matrix.values.withUnsafeMutableBufferPointer { a in
      guard let base = a.baseAddress else { return }
      spotrf_(&uplo, &n, base, &n, &info)
      if info == 0 { spotri_(&uplo, &n, base, &n, &info) }
    }
    guard info == 0 else { throw NotPositiveDefinite(info: Int(info)) }
    // potri fills one triangle (the row-major upper one for column-major "L"); mirror it.
    let size = matrix.rows
    for i in 0..<size {
      for j in (i + 1)..<size { matrix.values[j * size + i] = matrix.values[i * size + j] }
    }
  }

  /// Solves `A x = b` for a symmetric positive-definite `A` (`n × n`, row-major, overwritten) and
  /// one right-hand side `b` (overwritten by `x`).
  ///
  /// - Complexity: O(n³).
  public static func solvePositiveDefinite(_ a: inout [Float], _ b: inout [Float], n: Int) throws(NotPositiveDefinite) {
    precondition(a.count == n * n && b.count == n, "shapes do not match")
    var size = Int32(n)
    var one: Int32 = 1
    var info: Int32 = 0
    var uplo = CChar(UInt8(ascii: "L"))
    a.withUnsafeMutableBufferPointer { ap in
      b.withUnsafeMutableBufferPointer { bp in
        guard let aBase = ap.baseAddress, let bBase = bp.baseAddress else { return }
        sposv_(&uplo, &size, &one, aBase, &size, bBase, &size, &info)
      }
    }
    guard info == 0 else { throw NotPositiveDefinite(info: Int(info)) }
  }
}
