import Foundation
import NeuralCore

/// The recency-weighted history bag: `Σ_t α_t e_t` over a bag's watches (oldest first), with
/// `α = softmax` of a learned logit per position counted back from the newest watch. All logits
/// at 0 is the paper's mean bag; training learns how fast older watches fade.
enum RecencyBag {
  /// The weights of a bag of `n` watches: softmax of the last `n` logits.
  static func weights(count n: Int, logits: [Float]) -> [Float] {
    guard n > 0 else { return [] }
    let slice = logits[(logits.count - n)...]
    let top = slice.max() ?? 0
    let e = slice.map { Foundation.exp($0 - top) }
    let sum = e.reduce(0, +)
    return e.map { $0 / sum }
  }

  /// One weighted mean per bag.
  ///
  /// - Complexity: O(total IDs × dimension).
  static func forward(_ bags: Bags, table: EmbeddingTable, logits: [Float]) -> Matrix {
    let d = table.dimension
    var out = Matrix(rows: bags.count, columns: d)
    for b in 0..<bags.count {
      let bag = bags[b]
      let alpha = weights(count: bag.count, logits: logits)
      for (t, id) in bag.enumerated() {
        let row = Int(id) * d
        for c in 0..<d { out.values[b * d + c] += alpha[t] * table.table.values[row + c] }
      }
    }
    return out
  }

  /// The table's sparse gradient and the logits' gradient, from d loss / d output.
  static func backward(_ bags: Bags, table: EmbeddingTable, logits: [Float], outputGradient: Matrix) -> (
    table: SparseRowGradient, logits: [Float]
  ) {
    let d = table.dimension
    var contributions = Matrix(rows: bags.ids.count, columns: d)
    var logitGradient = [Float](repeating: 0, count: logits.count)
    for b in 0..<bags.count {
      let bag = bags[b]
      let alpha = weights(count: bag.count, logits: logits)
      let start = bags.offsets[b]
      var dAlpha = [Float](repeating: 0, count: bag.count)
      for (t, id) in bag.enumerated() {
        let row = Int(id) * d
        for c in 0..<d {
          let g = outputGradient.values[b * d + c]
          contributions.values[(start + t) * d + c] = alpha[t] * g
          dAlpha[t] += g * table.table.values[row + c]
        }
      }
      let mean = zip(alpha, dAlpha).reduce(Float(0)) { $0 + $1.0 * $1.1 }
      let first = logits.count - bag.count
      for t in 0..<bag.count { logitGradient[first + t] += alpha[t] * (dAlpha[t] - mean) }
    }
    let sparse = SparseRowGradient(accumulating: contributions, into: bags.ids, tableRows: table.vocabularySize)
    return (sparse, logitGradient)
  }
}
