import Dispatch
import NeuralCore
import Synchronization

/// Exact maximum-inner-product search (Paper §3.1 serving, and the reference for the ANN):
/// blocked matrix products through BLAS and a bounded heap per query, in parallel over query blocks.
public struct ExactSearch: Sendable {
  /// The items, one row each.
  public let vectors: Matrix

  /// An index over `vectors`.
  ///
  /// - Throws: ``RetrievalError/nonFiniteValue(row:)`` for NaN or infinite entries.
  public init(vectors: Matrix) throws(RetrievalError) {
    for r in 0..<vectors.rows where !vectors.row(r).allSatisfy(\.isFinite) { throw .nonFiniteValue(row: r) }
    self.vectors = vectors
  }

  /// The top `k` items by inner product for each query row, best first, skipping `excluded[i]` for query `i`.
  ///
  /// - Complexity: O(queries × items × dimension) in GEMMs plus O(queries × items × log k).
  public func search(
    _ queries: Matrix, k: Int, excluded: [Set<Int32>] = [], threads: Int = 2
  ) throws(RetrievalError) -> [[SearchResult]] {
    guard queries.columns == vectors.columns else {
      throw .dimensionMismatch(expected: vectors.columns, found: queries.columns)
    }
    let blockSize = 64
    let blocks = (queries.rows + blockSize - 1) / blockSize
    let results = Mutex<[[SearchResult]]>(Array(repeating: [], count: queries.rows))
    let vectors = self.vectors
    @Sendable func run(_ block: Int) {
      let lower = block * blockSize
      let upper = min(lower + blockSize, queries.rows)
      let part = Matrix(
        rows: upper - lower, columns: queries.columns,
        values: Array(queries.values[(lower * queries.columns)..<(upper * queries.columns)]))
      let scores = BLAS.product(part, vectors, transposeB: true)
      var local: [[SearchResult]] = []
      for row in 0..<(upper - lower) {
        let skip = lower + row < excluded.count ? excluded[lower + row] : []
        local.append(
          TopK.select(scores.row(row), k: k, excluded: skip).map { SearchResult(id: $0, score: scores[row, Int($0)]) })
      }
      results.withLock { all in
        for (offset, list) in local.enumerated() { all[lower + offset] = list }
      }
    }
    if threads > 1 && blocks > 1 {
      DispatchQueue.concurrentPerform(iterations: blocks) { run($0) }
    } else {
      for b in 0..<blocks { run(b) }
    }
    return results.withLock { $0 }
  }
}
