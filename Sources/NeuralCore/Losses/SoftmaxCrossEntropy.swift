import Foundation

/// Full softmax cross-entropy over all classes (Paper §3.1); for small corpora and as
/// the reference that ``SampledSoftmax`` approximates.
public enum SoftmaxCrossEntropy {
  /// Mean loss over the batch and d loss / d logits.
  ///
  /// - Parameters:
  ///   - logits: `batch × classes`.
  ///   - labels: the true class of each row.
  /// - Complexity: O(batch × classes).
  public static func compute(logits: Matrix, labels: [Int32]) -> (loss: Float, gradient: Matrix) {
    precondition(labels.count == logits.rows, "one label per row")
    var gradient = logits
    var total: Double = 0
    let classes = logits.columns
    let scale = 1 / Float(max(logits.rows, 1))
    gradient.values.withUnsafeMutableBufferPointer { g in
      for r in 0..<logits.rows {
        let base = r * classes
        var maximum = -Float.infinity
        for c in 0..<classes { maximum = max(maximum, g[base + c]) }
        var sum: Float = 0
        for c in 0..<classes {
          let e = Foundation.exp(g[base + c] - maximum)
          g[base + c] = e
          sum += e
        }
        let label = Int(labels[r])
        let labelProbability = g[base + label] / sum
        total -= Double(Foundation.log(max(labelProbability, .leastNormalMagnitude)))
        for c in 0..<classes { g[base + c] = g[base + c] / sum * scale }
        g[base + label] -= scale
      }
    }
    return (Float(total / Double(max(logits.rows, 1))), gradient)
  }
}
