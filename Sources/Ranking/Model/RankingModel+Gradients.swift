import NeuralCore

/// Gradients of the weighted logistic loss for one batch.
public struct RankingGradients: Sendable {
  /// The batch loss.
  public var loss: Float
  /// Per tower layer, bottom first.
  public var tower: [DenseLayer.Gradients]
  /// Per ``IDSpace``: the touched rows of its table (nil when none).
  public var tables: [SparseRowGradient?]
}

extension RankingModel {
  /// Labels and weights of candidates `rows` under the configured weighting
  /// (``RankingConfig/Weighting/target(clicked:watchSeconds:)``).
  public func targets(_ examples: RankingExamples, rows: some Collection<Int>) -> (labels: [Float], weights: [Float]) {
    var labels: [Float] = []
    var weights: [Float] = []
    labels.reserveCapacity(rows.count)
    weights.reserveCapacity(rows.count)
    for i in rows {
      let target = config.weighting.target(clicked: examples.clicked[i], watchSeconds: examples.watchSeconds[i])
      labels.append(target.label)
      weights.append(target.weight)
    }
    return (labels, weights)
  }

  /// The loss of a batch and its gradient with respect to every parameter.
  ///
  /// - Complexity: one forward and one backward pass, O(batch × parameters used).
  public func gradients(_ inputs: Inputs, labels: [Float], weights: [Float]) -> RankingGradients {
    let acts = activations(inputs.matrix)
    let (loss, dz) = WeightedLogisticLoss.compute(logits: acts[acts.count - 1].values, labels: labels, weights: weights)
    var gradient = Matrix(rows: dz.count, columns: 1, values: dz)
    var towerGradients = [DenseLayer.Gradients?](repeating: nil, count: tower.count)
    for i in tower.indices.reversed() {
      if i != tower.count - 1 { gradient = ReLU.backward(output: acts[i + 1], outputGradient: gradient) }
      let g = tower[i].backward(input: acts[i], outputGradient: gradient)
      towerGradients[i] = g
      gradient = g.input
    }
    var parts = [[(gradient: SparseRowGradient, weight: Float)]](repeating: [], count: IDSpace.allCases.count)
    let blocks = Concatenation.backward(gradient, widths: layout.blocks.map(\.width))
    let requests = inputs.history.count
    /// Sums the rows of a query-side block's gradient per distinct request.
    func perRequest(_ rowGradient: Matrix) -> Matrix {
      var summed = Matrix(rows: requests, columns: rowGradient.columns)
      let w = rowGradient.columns
      for (b, local) in inputs.requestOfRow.enumerated() {
        for c in 0..<w { summed.values[local * w + c] += rowGradient.values[b * w + c] }
      }
      return summed
    }
    for (block, blockGradient) in zip(layout.blocks, blocks) {
      switch block.content {
      case .categorical(let feature) where feature.isQuery:
        let bags = Bags(single: inputs.queryCategorical[feature.rawValue])
        let g = tables[feature.space.rawValue].bagMeanBackward(bags, outputGradient: perRequest(blockGradient))
        parts[feature.space.rawValue].append((g, 1))
      case .categorical(let feature):
        let bags = Bags(single: inputs.candidateCategorical[feature.rawValue])
        let g = tables[feature.space.rawValue].bagMeanBackward(bags, outputGradient: blockGradient)
        parts[feature.space.rawValue].append((g, 1))
      case .history:
        let g = tables[IDSpace.videos.rawValue].bagMeanBackward(
          inputs.history, outputGradient: perRequest(blockGradient))
        parts[IDSpace.videos.rawValue].append((g, 1))
      case .candidate, .query: break
      }
    }
    let tableGradients: [SparseRowGradient?] = IDSpace.allCases.map { id in
      let pieces = parts[id.rawValue].filter { !$0.gradient.rows.isEmpty }
      guard !pieces.isEmpty else { return nil }
      return pieces.count == 1
        ? pieces[0].gradient : SparseRowGradient.weightedSum(pieces, tableRows: tables[id.rawValue].vocabularySize)
    }
    return RankingGradients(loss: loss, tower: towerGradients.compactMap { $0 }, tables: tableGradients)
  }
}
