import NeuralCore

extension RankingGradients {
  /// The gradient of no impressions, shaped as `model`'s: a rank's empty share of a step.
  static func zero(_ model: RankingModel) -> RankingGradients {
    RankingGradients(
      loss: 0, tower: model.tower.map(DenseLayer.Gradients.zero(of:)),
      tables: [SparseRowGradient?](repeating: nil, count: model.tables.count))
  }

  /// The global batch's gradient from every rank's share (``Collective/combine(_:tables:)``),
  /// each share weighted by its importance weight `Σ w_i` (the weighted loss's denominator), so
  /// that the result is the gradient of the loss over the whole global batch.
  func combined(over collective: any Collective, weight: Double, model: RankingModel) -> RankingGradients {
    guard collective.size > 1 else { return self }
    let tables = model.tables.map { GradientShare.Table(rows: $0.table.rows, width: $0.table.columns) }
    let share = GradientShare(
      weight: weight, dense: [[loss]] + tower.map(\.weights.values) + tower.map(\.bias),
      sparse: zip(self.tables, tables).map { g, t in
        g ?? SparseRowGradient(rows: [], values: Matrix(rows: 0, columns: t.width))
      })
    let global = collective.combine(share, tables: tables)
    var result = self
    result.loss = global.dense[0][0]
    for i in tower.indices {
      result.tower[i].weights.values = global.dense[1 + i]
      result.tower[i].bias = global.dense[1 + tower.count + i]
      result.tower[i].input = Matrix(rows: 0, columns: 0)
    }
    // A table no rank touched stays absent, as in one process.
    result.tables = global.sparse.map { $0.rows.isEmpty ? nil : $0 }
    return result
  }
}
