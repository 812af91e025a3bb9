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
  public func contribution(_ group: FeatureGroup, of i: Int) -> Float { values[i, group.position] }

  /// All group contributions of candidate `i`, in ``FeatureGroup/allCases`` order.
  public func contributions(of i: Int) -> [Float] { Array(values.row(i)) }
}

extension FeatureGroup {
  /// The group's position in ``allCases``.
  public var position: Int { Self.allCases.firstIndex(of: self) ?? 0 }
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
        Self.applySecantSlopes(to: &multipliers, pre: pre[i], referencePre: refPre[i])
      }
      multipliers = BLAS.product(multipliers, tower[i].weights, transposeB: true)
    }
    let values = Self.groupSums(
      of: x, minus: baselineInput, times: multipliers, groupOfColumn: layout.columnGroups.map(\.position))
    let logits = post[post.count - 1].values
    return GroupContributions(logits: logits, baselineLogit: refPost[refPost.count - 1].values[0], values: values)
  }

  /// Multiplies each hidden unit's multiplier by its ReLU's secant slope between the reference
  /// and the actual pre-activation (the rescale rule; ``Matrix/scaleBySecantSlopes(pre:referencePre:)``).
  static func applySecantSlopes(to multipliers: inout Matrix, pre: Matrix, referencePre: Matrix) {
    multipliers.scaleBySecantSlopes(pre: pre, referencePre: referencePre.values)
  }

  /// `batch × groups`: for each row, `Σ (x − x₀) ⊙ m` over the columns of each group, as
  /// `((x − x₀) ⊙ m) · G` with `G` the columns' 0/1 group-membership matrix (one small GEMM).
  /// `multipliers` holds one column per column of `x` in `columns` (all of them by default).
  static func groupSums(
    of x: Matrix, columns: Range<Int>? = nil, minus reference: [Float], times multipliers: consuming Matrix,
    groupOfColumn: [Int]
  ) -> Matrix {
    let groups = FeatureGroup.allCases.count
    let range = columns ?? 0..<x.columns
    let (span, first) = (range.count, range.lowerBound)
    precondition(multipliers.rows == x.rows && multipliers.columns == span, "multipliers of another shape")
    multipliers.scaleByDifference(of: x, columns: range, minus: reference)
    var membership = Matrix(rows: span, columns: groups)
    for c in 0..<span { membership.values[c * groups + groupOfColumn[first + c]] = 1 }
    return BLAS.product(multipliers, membership)
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
