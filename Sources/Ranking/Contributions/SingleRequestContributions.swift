import NeuralCore

extension RankingModel {
  /// Per-group contributions for `inputs`, the same as ``contributions(_:)-(Matrix)`` on
  /// `inputs.matrix`, computed faster when every row is one request's (a served list).
  ///
  /// The first layer's pre-activation is a sum over input blocks, `z₁ = Σ_b X_b W_b + b₁`, so it
  /// is computed group by group and each candidate group's share `S_g = Σ_{b ∈ g} X_b W_b` is
  /// kept. With `M` the rows' multipliers at the first layer's output (the rescale rule's
  /// backward pass through the hidden layers), group `g`'s contribution to row `r` is then
  /// `Σ_j M[r, j] (S_g[r, j] − S_g(x₀)[j])`: no backward product through the first layer. The
  /// query-side columns (`layout.candidateWidth..<width`) are the same in every row: they go
  /// through the first layer once (`q W_q`), and their groups' contributions are `M D`, where `D`
  /// (first-layer width × groups) sums `(q − q₀) ⊙ W_q` by group. Rows of several requests take
  /// the general method.
  /// - Complexity: the forward pass of the candidate columns and the hidden layers, the backward
  ///   pass of the hidden layers, and O(rows × first-layer width × groups).
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
    let reference = Matrix(rows: 1, columns: width, values: baselineInput)
    // Each candidate group's share of the first layer, for the rows and for the reference.
    let candidateBlocks = layout.blocks.filter { $0.offset < split }
    let shared = Set(candidateBlocks.map(\.group.position)).sorted()
    var shares: [Matrix] = []
    var referenceShares = Matrix(rows: shared.count, columns: hidden)
    for (k, g) in shared.enumerated() {
      var share = Matrix(rows: rows, columns: hidden)
      var referenceShare = Matrix(rows: 1, columns: hidden)
      var started = false
      for block in candidateBlocks where block.group.position == g {
        let range = block.offset..<(block.offset + block.width)
        BLAS.multiply(x, columns: range, first.weights, rows: range, into: &share, beta: started ? 1 : 0)
        BLAS.multiply(
          reference, columns: range, first.weights, rows: range, into: &referenceShare, beta: started ? 1 : 0)
        started = true
      }
      shares.append(share)
      referenceShares.values.replaceSubrange((k * hidden)..<((k + 1) * hidden), with: referenceShare.values)
    }
    // The first layer's pre-activations: the shares, plus the query row's part and the bias.
    let queryRange = split..<width
    var queryPart = Matrix(rows: 1, columns: hidden)
    BLAS.multiply(Self.firstRow(of: x), columns: queryRange, first.weights, rows: queryRange, into: &queryPart)
    var refFirstPre = Matrix(rows: 1, columns: hidden)
    BLAS.multiply(reference, columns: queryRange, first.weights, rows: queryRange, into: &refFirstPre)
    queryPart.add(Matrix(rows: 1, columns: hidden, values: first.bias))
    refFirstPre.add(Matrix(rows: 1, columns: hidden, values: first.bias))
    var firstPre = Matrix(rows: rows, columns: hidden)
    firstPre.addToEveryRow(queryPart.values)
    for (k, share) in shares.enumerated() {
      firstPre.add(share)
      refFirstPre.add(Matrix(rows: 1, columns: hidden, values: Array(referenceShares.row(k))))
    }
    let (pre, post) = activations(firstPre: firstPre)
    let (refPre, refPost) = activations(firstPre: refFirstPre)
    var multipliers = Matrix(rows: rows, columns: 1, repeating: 1)
    for i in tower.indices.reversed() {
      if i != tower.count - 1 { Self.applySecantSlopes(to: &multipliers, pre: pre[i], referencePre: refPre[i]) }
      if i > 0 { multipliers = BLAS.product(multipliers, tower[i].weights, transposeB: true) }
    }
    // Candidate groups: Σ_j M[r, j] S_g[r, j] − Σ_j M[r, j] S_g(x₀)[j].
    let referenceTerms = BLAS.product(multipliers, referenceShares, transposeB: true)
    var values = Matrix(rows: rows, columns: groups)
    for (k, g) in shared.enumerated() {
      let dots = multipliers.rowDots(shares[k])
      for r in 0..<rows { values.values[r * groups + g] = dots[r] - referenceTerms.values[r * shared.count + k] }
    }
    // Query columns: (q − q₀) ⊙ W_q summed by group once, then one product with the multipliers.
    var byGroup = Matrix(rows: hidden, columns: groups)
    for c in split..<width {
      let delta = x.values[c] - baselineInput[c]
      guard delta != 0 else { continue }
      let g = layout.columnGroups[c].position
      let row = c * hidden
      for j in 0..<hidden { byGroup.values[j * groups + g] += delta * first.weights.values[row + j] }
    }
    values.add(BLAS.product(multipliers, byGroup))
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
