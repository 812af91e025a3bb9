import NeuralCore

/// Each feature group's share of every candidate's logit, measured against a fixed reference
/// input (the model's ``RankingModel/baselineInput``: the mean training input).
///
/// The method is DeepLIFT's rescale rule: the network is linear between the ReLUs, and each ReLU
/// is replaced by the slope of the secant between its reference and actual pre-activations, so the
/// contributions are exactly complete: `Σ_g c_g = z − z(baseline)` for every candidate, up to float
/// rounding. Cost: one forward pass for the batch, one for the reference and one backward pass.
public struct GroupContributions: Sendable {
  /// The model's logit `z` of each candidate.
  public var logits: [Float]
  /// The logit of the reference input.
  public var baselineLogit: Float
  /// `candidates × FeatureGroup.allCases.count`: group `g`'s contribution to candidate `i`'s logit.
  public var values: Matrix

  /// Contribution of `group` to candidate `i`.
  public func contribution(_ group: FeatureGroup, of i: Int) -> Float { values[i, group.index] }

  /// All group contributions of candidate `i`, in ``FeatureGroup/allCases`` order.
  public func contributions(of i: Int) -> [Float] { Array(values.row(i)) }
}

extension FeatureGroup {
  /// The group's position in ``allCases``.
  public var index: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}

extension RankingModel {
  /// Per-group contributions for the inputs `x` (rows are candidates).
  ///
  /// - Complexity: O(batch × parameters): the cost of about two forward passes.
  public func contributions(_ x: Matrix) -> GroupContributions {
    let reference = Matrix(rows: 1, columns: layout.width, values: baselineInput)
    let (pre, post) = preAndPostActivations(x)
    let (refPre, refPost) = preAndPostActivations(reference)
    let batch = x.rows
    var multipliers = Matrix(rows: batch, columns: 1, repeating: 1)
    for i in tower.indices.reversed() {
      if i != tower.count - 1 {
        let width = pre[i].columns
        pre[i].values.withUnsafeBufferPointer { a in
          post[i].values.withUnsafeBufferPointer { h in
            refPre[i].values.withUnsafeBufferPointer { a0 in
              refPost[i].values.withUnsafeBufferPointer { h0 in
                multipliers.values.withUnsafeMutableBufferPointer { m in
                  for r in 0..<batch {
                    for c in 0..<width {
                      let delta = a[r * width + c] - a0[c]
                      let slope: Float =
                        abs(delta) > 1e-6 ? (h[r * width + c] - h0[c]) / delta : (a[r * width + c] > 0 ? 1 : 0)
                      m[r * width + c] *= slope
                    }
                  }
                }
              }
            }
          }
        }
      }
      multipliers = BLAS.product(multipliers, tower[i].weights, transposeB: true)
    }
    let groups = FeatureGroup.allCases.count
    let groupIndex = layout.columnGroups.map(\.index)
    var values = Matrix(rows: batch, columns: groups)
    let width = layout.width
    values.values.withUnsafeMutableBufferPointer { out in
      x.values.withUnsafeBufferPointer { xs in
        multipliers.values.withUnsafeBufferPointer { ms in
          baselineInput.withUnsafeBufferPointer { x0 in
            groupIndex.withUnsafeBufferPointer { g in
              for r in 0..<batch {
                for c in 0..<width { out[r * groups + g[c]] += (xs[r * width + c] - x0[c]) * ms[r * width + c] }
              }
            }
          }
        }
      }
    }
    let logits = post[post.count - 1].values
    return GroupContributions(logits: logits, baselineLogit: refPost[refPost.count - 1].values[0], values: values)
  }

  /// Each layer's pre-activation and output (after ReLU for hidden layers).
  private func preAndPostActivations(_ x: Matrix) -> (pre: [Matrix], post: [Matrix]) {
    var pre: [Matrix] = []
    var post: [Matrix] = []
    var input = x
    for (i, layer) in tower.enumerated() {
      let a = layer.forward(input)
      pre.append(a)
      input = i == tower.count - 1 ? a : ReLU.forward(a)
      post.append(input)
    }
    return (pre, post)
  }
}
