import NeuralCore

extension RankingModel {
  /// Per-group contributions for `inputs`, the same as ``contributions(_:)-(Matrix)`` on
  /// `inputs.matrix`, computed faster when every row is one request's (a served list).
  ///
  /// The query-side columns (`layout.candidateWidth..<width`) are the same in every row: they go
  /// through the first layer once (`q W_q + b`, broadcast to every row), and only the candidate
  /// columns `X_c` are multiplied per row. With `M` the rows' multipliers at the first layer's
  /// output (the rescale rule's backward pass through the hidden layers; the first layer is
  /// linear, so it needs no rule), column `c`'s contribution to row `r` is
  /// `(X[r, c] − x₀[c]) (M W_cᵀ)[r, c]`, summed by group; the query groups' contributions are
  /// `M D`, where `D` (first-layer width × groups) sums `(q − q₀) ⊙ W_q` by group, once (as
  /// `Dᵀ = S W_q`, `S` holding each query column's difference in its group's row). Rows of
  /// several requests take the general method.
  /// - Complexity: the forward pass of the candidate columns and the hidden layers, the backward
  ///   pass of the hidden layers, one product `M W_cᵀ` (rows × first-layer width × candidate
  ///   columns) and O(first-layer width × query columns).
  public func contributions(_ inputs: Inputs) -> GroupContributions {
    let x = inputs.matrix
    let split = layout.candidateWidth
    guard x.rows > 1, let first = tower.first, split > 0, split < x.columns,
      inputs.requestOfRow.allSatisfy({ $0 == inputs.requestOfRow[0] })
    else { return contributions(x) }
    let width = x.columns
    let hidden = first.outputs
    let rows = x.rows
    let groups = FeatureGroup.allCases.count
    let candidateRange = 0..<split
    let queryRange = split..<width
    // The first layer's pre-activation: the candidate columns per row, the query row's part and
    // the bias once.
    var queryPart = Matrix(rows: 1, columns: hidden, values: first.bias)
    BLAS.multiply(Self.firstRow(of: x), columns: queryRange, first.weights, rows: queryRange, into: &queryPart, beta: 1)
    var firstPre = Matrix(rows: rows, columns: hidden)
    BLAS.multiply(x, columns: candidateRange, first.weights, rows: candidateRange, into: &firstPre)
    firstPre.addToEveryRow(queryPart.values)
    let reference = Matrix(rows: 1, columns: width, values: baselineInput)
    let (pre, post) = activations(firstPre: firstPre)
    let (refPre, refPost) = activations(firstPre: first.forward(reference))
    var multipliers = Matrix(rows: rows, columns: 1, repeating: 1)
    for i in tower.indices.reversed() {
      if i != tower.count - 1 { Self.applySecantSlopes(to: &multipliers, pre: pre[i], referencePre: refPre[i]) }
      if i > 0 { multipliers = BLAS.product(multipliers, tower[i].weights, transposeB: true) }
    }
    // Candidate columns: (X_c − x₀) ⊙ (M W_cᵀ), summed by group.
    var candidateMultipliers = Matrix(rows: rows, columns: split)
    BLAS.multiply(multipliers, transposedRows: candidateRange, of: first.weights, into: &candidateMultipliers)
    var values = Self.groupSums(
      of: x, columns: candidateRange, minus: baselineInput, times: candidateMultipliers,
      groupOfColumn: layout.columnGroups.map(\.position))
    // Query columns: Dᵀ = S W_q (groups × first-layer width), with S[g, c] = q[c] − q₀[c] for
    // the query columns c of group g, once; then one product with the multipliers, M D.
    var deltaByGroup = Matrix(rows: groups, columns: width)
    for c in queryRange {
      deltaByGroup.values[layout.columnGroups[c].position * width + c] = x.values[c] - baselineInput[c]
    }
    var byGroup = Matrix(rows: groups, columns: hidden)
    BLAS.multiply(deltaByGroup, columns: queryRange, first.weights, rows: queryRange, into: &byGroup)
    values.add(BLAS.product(multipliers, byGroup, transposeB: true))
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

  /// The first row of `x`, as a matrix of its own.
  private static func firstRow(of x: Matrix) -> Matrix {
    Matrix(rows: 1, columns: x.columns, values: Array(x.values[0..<x.columns]))
  }
}
