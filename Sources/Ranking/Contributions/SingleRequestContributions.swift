import NeuralCore

extension RankingModel {
  /// Per-group contributions for `inputs`, the same as ``contributions(_:)-(Matrix)`` on
  /// `inputs.matrix`, computed faster when every row is one request's (a served list).
  ///
  /// The query-side columns (`layout.candidateWidth..<width`) are then the same in every row, so
  /// the first layer takes them once: its pre-activation is `X_c W_c + (q W_q + b)`, and the
  /// query groups' contributions are `M₁ D`, where `M₁` holds the rows' multipliers at the first
  /// layer's output and `D` (first-layer width × groups) sums `(q − q₀) ⊙ W_q` by group. The
  /// candidate-side columns go as in the general method. Rows of several requests take the
  /// general method.
  /// - Complexity: the general method's, less the query columns' share of the first layer for
  ///   every row but one.
  public func contributions(_ inputs: Inputs) -> GroupContributions {
    let x = inputs.matrix
    let split = layout.candidateWidth
    guard x.rows > 1, let first = tower.first, split > 0, split < x.columns,
      inputs.requestOfRow.allSatisfy({ $0 == inputs.requestOfRow[0] })
    else { return contributions(x) }
    let width = x.columns
    let hidden = first.outputs
    let reference = Matrix(rows: 1, columns: width, values: baselineInput)
    // The first layer, split into its candidate and query rows (the weights are inputs × outputs).
    let candidateWeights = Matrix(
      rows: split, columns: hidden, values: Array(first.weights.values[0..<(split * hidden)]))
    let queryWeights = Matrix(
      rows: width - split, columns: hidden, values: Array(first.weights.values[(split * hidden)...]))
    let candidates = Self.columns(of: x, 0..<split)
    let query = Matrix(rows: 1, columns: width - split, values: Array(x.values[split..<width]))
    let queryPart = BLAS.product(query, queryWeights)
    var firstPre = BLAS.product(candidates, candidateWeights)
    for r in 0..<x.rows {
      for j in 0..<hidden { firstPre.values[r * hidden + j] += queryPart.values[j] + first.bias[j] }
    }
    let (pre, post) = activations(firstPre: firstPre)
    let (refPre, refPost) = activations(firstPre: first.forward(reference))
    var multipliers = Matrix(rows: x.rows, columns: 1, repeating: 1)
    for i in tower.indices.reversed() {
      if i != tower.count - 1 { Self.applySecantSlopes(to: &multipliers, pre: pre[i], referencePre: refPre[i]) }
      if i > 0 { multipliers = BLAS.product(multipliers, tower[i].weights, transposeB: true) }
    }
    // Candidate columns: the general rule on their block.
    let candidateMultipliers = BLAS.product(multipliers, candidateWeights, transposeB: true)
    var values = Self.groupSums(
      of: candidates, minus: Array(baselineInput[0..<split]), times: candidateMultipliers,
      groupOfColumn: layout.columnGroups[0..<split].map(\.position))
    // Query columns: (q − q₀) ⊙ W_q summed by group once, then one product with the multipliers.
    let groups = FeatureGroup.allCases.count
    var byGroup = Matrix(rows: hidden, columns: groups)
    for c in split..<width {
      let delta = x.values[c] - baselineInput[c]
      guard delta != 0 else { continue }
      let g = layout.columnGroups[c].position
      let row = (c - split) * hidden
      for j in 0..<hidden { byGroup.values[j * groups + g] += delta * queryWeights.values[row + j] }
    }
    let queryValues = BLAS.product(multipliers, byGroup)
    for i in values.values.indices { values.values[i] += queryValues.values[i] }
    return GroupContributions(
      logits: post[post.count - 1].values, baselineLogit: refPost[refPost.count - 1].values[0], values: values)
  }

  /// Each layer's pre-activation and output, given the first layer's pre-activation.
  private func activations(firstPre: Matrix) -> (pre: [Matrix], post: [Matrix]) {
    var pre = [firstPre]
    var post = [tower.count == 1 ? firstPre : ReLU.forward(firstPre)]
    for i in tower.indices.dropFirst() {
      let a = tower[i].forward(post[i - 1])
      pre.append(a)
      post.append(i == tower.count - 1 ? a : ReLU.forward(a))
    }
    return (pre, post)
  }

  /// The columns `range` of `x`, as a matrix of their own.
  private static func columns(of x: Matrix, _ range: Range<Int>) -> Matrix {
    var out = Matrix(rows: x.rows, columns: range.count)
    for r in 0..<x.rows {
      out.values.replaceSubrange(
        (r * range.count)..<((r + 1) * range.count),
        with: x.values[(r * x.columns + range.lowerBound)..<(r * x.columns + range.upperBound)])
    }
    return out
  }
}
