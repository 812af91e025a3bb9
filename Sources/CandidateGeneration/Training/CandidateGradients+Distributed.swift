import NeuralCore

extension CandidateGradients {
  /// The gradient of no examples, shaped as `model`'s: what a rank with an empty share of a
  /// step contributes (weight 0), so that it still takes part in the exchange.
  static func zero(_ model: CandidateModel) -> CandidateGradients {
    let f = model.config.features
    func empty(_ width: Int) -> SparseRowGradient {
      SparseRowGradient(rows: [], values: Matrix(rows: 0, columns: width))
    }
    return CandidateGradients(
      loss: 0, count: 0, watch: f.watches ? empty(model.watchTable.table.columns) : nil,
      token: f.searches ? empty(model.tokenTable.table.columns) : nil,
      region: f.demographics ? empty(model.regionTable.table.columns) : nil,
      device: f.demographics ? empty(model.deviceTable.table.columns) : nil,
      tower: model.tower.map(DenseLayer.Gradients.zero(of:)),
      videos: empty(model.videoEmbeddings.columns),
      encoder: model.encoder.map { encoder in
        encoder.parameterList.map { [Float](repeating: 0, count: encoder[keyPath: $0.path].count) }
      } ?? [],
      recency: model.recencyLogits.isEmpty ? [] : [Float](repeating: 0, count: model.recencyLogits.count))
  }

  /// The global batch's gradient from every rank's share of it (``Collective/combine(_:tables:)``):
  /// the loss, tower, encoder and recency logits through one allreduce, the five tables' rows
  /// through allgatherv; `count` becomes the global batch's examples.
  func combined(over collective: any Collective, model: CandidateModel) -> CandidateGradients {
    guard collective.size > 1 else { return self }
    let tables = [
      model.watchTable.table, model.tokenTable.table, model.regionTable.table, model.deviceTable.table,
      model.videoEmbeddings,
    ].map { GradientShare.Table(rows: $0.rows, width: $0.columns) }
    func rows(_ g: SparseRowGradient?, _ t: Int) -> SparseRowGradient {
      g ?? SparseRowGradient(rows: [], values: Matrix(rows: 0, columns: tables[t].width))
    }
    let dense = [[loss]] + tower.map(\.weights.values) + tower.map(\.bias) + encoder + [recency]
    let share = GradientShare(
      weight: Double(count), dense: dense,
      sparse: [rows(watch, 0), rows(token, 1), rows(region, 2), rows(device, 3), rows(videos, 4)])
    let global = collective.combine(share, tables: tables)
    var result = self
    result.loss = global.dense[0][0]
    result.count = Int(global.weight.rounded())
    let layers = tower.count
    for i in 0..<layers {
      result.tower[i].weights.values = global.dense[1 + i]
      result.tower[i].bias = global.dense[1 + layers + i]
      result.tower[i].input = Matrix(rows: 0, columns: 0)
    }
    result.encoder = Array(global.dense[(1 + 2 * layers)..<(1 + 2 * layers + encoder.count)])
    result.recency = global.dense[1 + 2 * layers + encoder.count]
    // A table the model does not use stays absent, as in one process.
    result.watch = watch.map { _ in global.sparse[0] }
    result.token = token.map { _ in global.sparse[1] }
    result.region = region.map { _ in global.sparse[2] }
    result.device = device.map { _ in global.sparse[3] }
    result.videos = global.sparse[4]
    return result
  }
}
