import NeuralCore

/// Lloyd's k-means under squared Euclidean distance, the assignment step as blocked GEMMs
/// (`argmax_c x·c − |c|²/2`). Used for the partition index's cells and its quantiser's codebooks.
enum KMeans {
  /// `k` centroids of the rows of `x` after `iterations` rounds, started from `k` distinct rows
  /// drawn with `generator`. A centroid left empty takes the row of lowest assignment score.
  static func centroids(of x: Matrix, k: Int, iterations: Int, generator: inout SeededGenerator) -> Matrix {
    let n = x.rows
    let d = x.columns
    var order = Array(0..<n)
    for i in stride(from: n - 1, to: 0, by: -1) { order.swapAt(i, Int(generator.next() % UInt64(i + 1))) }
    var centroids = x.gatherRows(order.prefix(k).map(Int32.init))
    for _ in 0..<iterations {
      let (assignment, scores) = assign(x, to: centroids)
      var sums = Matrix(rows: k, columns: d)
      var counts = [Int](repeating: 0, count: k)
      for r in 0..<n {
        let c = Int(assignment[r])
        counts[c] += 1
        for j in 0..<d { sums.values[c * d + j] += x.values[r * d + j] }
      }
      // Empty cells restart at the rows with the lowest assignment scores.
      let worst = counts.contains(0) ? scores.indices.sorted { scores[$0] < scores[$1] } : []
      var next = 0
      for c in 0..<k {
        if counts[c] == 0, next < worst.count {
          let r = worst[next]
          next += 1
          for j in 0..<d { centroids.values[c * d + j] = x.values[r * d + j] }
        } else if counts[c] > 0 {
          for j in 0..<d { centroids.values[c * d + j] = sums.values[c * d + j] / Float(counts[c]) }
        }
      }
    }
    return centroids
  }

  /// Each row's nearest centroid (squared Euclidean), and the row's score `x·c − |c|²/2` against
  /// it (higher is nearer).
  ///
  /// - Complexity: O(rows × k × dimension) in GEMMs of 4,096 rows.
  static func assign(_ x: Matrix, to centroids: Matrix) -> (assignment: [Int32], scores: [Float]) {
    let k = centroids.rows
    let d = x.columns
    let halfNorms = (0..<k).map { c in centroids.row(c).reduce(0) { $0 + $1 * $1 } / 2 }
    var assignment = [Int32](repeating: 0, count: x.rows)
    var best = [Float](repeating: -.infinity, count: x.rows)
    let block = 4096
    var start = 0
    while start < x.rows {
      let end = min(start + block, x.rows)
      let part = Matrix(rows: end - start, columns: d, values: Array(x.values[(start * d)..<(end * d)]))
      let products = BLAS.product(part, centroids, transposeB: true)
      for r in 0..<(end - start) {
        var top: Float = -.infinity
        var arg = 0
        for c in 0..<k {
          let score = products.values[r * k + c] - halfNorms[c]
          if score > top {
            top = score
            arg = c
          }
        }
        assignment[start + r] = Int32(arg)
        best[start + r] = top
      }
      start = end
    }
    return (assignment, best)
  }
}
