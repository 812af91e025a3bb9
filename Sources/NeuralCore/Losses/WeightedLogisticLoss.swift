import Foundation

/// Weighted logistic regression (Paper §4.2): positives weighted by watch time,
/// negatives by one, so that the learned odds approximate expected watch time.
///
/// Loss = Σ w_i · (softplus(z_i) − y_i z_i) / Σ w_i.
public enum WeightedLogisticLoss {
  /// The loss and d loss / d logits.
  ///
  /// - Parameters:
  ///   - logits: `z_i`, one per example.
  ///   - labels: `y_i` in {0, 1}.
  ///   - weights: `w_i > 0`.
  /// - Complexity: O(n).
  public static func compute(logits: [Float], labels: [Float], weights: [Float]) -> (loss: Float, gradient: [Float]) {
    precondition(logits.count == labels.count && labels.count == weights.count, "length mismatch")
    let totalWeight = weights.reduce(Double(0)) { $0 + Double($1) }
    guard totalWeight > 0 else { return (0, [Float](repeating: 0, count: logits.count)) }
    var loss: Double = 0
    var gradient = [Float](repeating: 0, count: logits.count)
    for i in logits.indices {
      let z = Double(logits[i])
      let softplus = z > 0 ? z + Foundation.log1p(Foundation.exp(-z)) : Foundation.log1p(Foundation.exp(z))
      loss += Double(weights[i]) * (softplus - Double(labels[i]) * z)
      let sigmoid = 1 / (1 + Foundation.exp(-z))
      gradient[i] = Float(Double(weights[i]) * (sigmoid - Double(labels[i])) / totalWeight)
    }
    return (Float(loss / totalWeight), gradient)
  }
}
