import NeuralCore

/// Row counts of the model's tables, for summing sparse gradients.
struct TableSizes: Sendable {
  var watch, token, region, device, videos: Int

  init(_ model: CandidateModel) {
    watch = model.watchTable.vocabularySize
    token = model.tokenTable.vocabularySize
    region = model.regionTable.vocabularySize
    device = model.deviceTable.vocabularySize
    videos = model.videoEmbeddings.rows
  }
}

/// Gradients of the candidate-generation loss for one batch (or part of one).
struct CandidateGradients: Sendable {
  var loss: Float
  var count: Int
  var watch: SparseRowGradient?
  var token: SparseRowGradient?
  var region: SparseRowGradient?
  var device: SparseRowGradient?
  var tower: [DenseLayer.Gradients]
  var videos: SparseRowGradient
  /// The attention encoder's parameters, in ``AttentionEncoder/parameterList`` order (empty without one).
  var encoder: [[Float]] = []
  /// The recency bag's position logits (empty without one).
  var recency: [Float] = []

  /// Combines the gradients of disjoint parts of a batch into the batch-mean gradient.
  static func combine(_ parts: [CandidateGradients], tables: TableSizes) -> CandidateGradients {
    guard var result = parts.first, parts.count > 1 else { return parts[0] }
    let total = parts.reduce(0) { $0 + $1.count }
    let weights = parts.map { Float($0.count) / Float(total) }
    func sparse(_ pick: (CandidateGradients) -> SparseRowGradient?, tableRows: Int) -> SparseRowGradient? {
      let pieces = zip(parts, weights).compactMap { part, w in pick(part).map { (gradient: $0, weight: w) } }
      guard !pieces.isEmpty else { return nil }
      return SparseRowGradient.weightedSum(pieces, tableRows: tableRows)
    }
    result.loss = zip(parts, weights).reduce(0) { $0 + $1.0.loss * $1.1 }
    result.count = total
    result.watch = sparse(\.watch, tableRows: tables.watch)
    result.token = sparse(\.token, tableRows: tables.token)
    result.region = sparse(\.region, tableRows: tables.region)
    result.device = sparse(\.device, tableRows: tables.device)
    result.videos = sparse(\.videos, tableRows: tables.videos) ?? result.videos
    func weightedSum(_ pick: (CandidateGradients) -> [Float]) -> [Float] {
      var sum = [Float](repeating: 0, count: pick(parts[0]).count)
      for (part, w) in zip(parts, weights) {
        let values = pick(part)
        for i in sum.indices { sum[i] += w * values[i] }
      }
      return sum
    }
    result.encoder = result.encoder.indices.map { i in weightedSum { $0.encoder[i] } }
    result.recency = weightedSum(\.recency)
    for layer in result.tower.indices {
      var weightsSum = [Float](repeating: 0, count: result.tower[layer].weights.count)
      var biasSum = [Float](repeating: 0, count: result.tower[layer].bias.count)
      for (part, w) in zip(parts, weights) {
        let g = part.tower[layer]
        for i in weightsSum.indices { weightsSum[i] += w * g.weights.values[i] }
        for i in biasSum.indices { biasSum[i] += w * g.bias[i] }
      }
      result.tower[layer].weights.values = weightsSum
      result.tower[layer].bias = biasSum
    }
    return result
  }
}

extension CandidateModel {
  /// The loss and gradients of a batch: sampled softmax over `samples` (shared by the batch)
  /// with the log-Q correction, or the full softmax when `samples` is `nil`.
  ///
  /// - Parameter dropoutSeed: seeds the attention encoder's dropout masks (training); `nil` drops nothing.
  func gradients(
    _ batch: CandidateBatch, samples: [Int32]?, logExpectedCount: [Float], dropoutSeed: UInt64? = nil
  ) -> CandidateGradients {
    let pass = forward(batch, dropoutSeed: dropoutSeed)
    let u = pass.userVectors
    var loss: Float
    var userGradient: Matrix
    var videoGradient: SparseRowGradient
    if let samples {
      let result = SampledSoftmax.compute(
        userVectors: u, classEmbeddings: videoEmbeddings, classBias: nil, labels: batch.labels, samples: samples,
        labelLogQ: batch.labels.map { logExpectedCount[Int($0)] }, sampleLogQ: samples.map { logExpectedCount[Int($0)] }
      )
      loss = result.loss
      userGradient = result.userGradient
      videoGradient = result.classGradient
    } else {
      let logits = BLAS.product(u, videoEmbeddings, transposeB: true)
      let (value, dLogits) = SoftmaxCrossEntropy.compute(logits: logits, labels: batch.labels)
      loss = value
      userGradient = BLAS.product(dLogits, videoEmbeddings)
      let dense = BLAS.product(dLogits, u, transposeA: true)
      videoGradient = SparseRowGradient(rows: Array(0..<Int32(videoEmbeddings.rows)), values: dense)
    }
    var towerGradients = [DenseLayer.Gradients?](repeating: nil, count: tower.count)
    var gradient = userGradient
    for i in stride(from: tower.count - 1, through: 0, by: -1) {
      if !isLinear(i) {
        // Through the dropout mask, then the ReLU: a dropped unit's output is 0, so the ReLU
        // passes nothing there either.
        gradient = ReLU.backward(output: pass.activations[i + 1], outputGradient: pass.towerMasks[i].apply(gradient))
      }
      let g = tower[i].backward(input: pass.activations[i], outputGradient: gradient)
      towerGradients[i] = g
      gradient = g.input
    }
    var blocks = Concatenation.backward(gradient, widths: pass.blockWidths)[...]
    let f = config.features
    var watch: SparseRowGradient?
    var encoderGradients: [[Float]] = []
    var recencyGradient: [Float] = []
    if f.watches {
      let g = blocks.removeFirst()
      switch (config.historyEncoder, encoder, pass.encoder) {
      case (.attention, let encoder?, let cache?):
        var rowGradient = Matrix(rows: batch.sequences.ids.count, columns: g.columns)
        let d = g.columns
        for (i, r) in batch.sequenceRows.enumerated() where r >= 0 {
          for c in 0..<d { rowGradient.values[Int(r) * d + c] += g.values[i * d + c] }
        }
        let result = encoder.backward(cache, outputGradient: rowGradient, tableRows: watchTable.vocabularySize)
        watch = result.table
        encoderGradients = result.parameters
      case (.recency, _, _):
        let result = RecencyBag.backward(batch.watches, table: watchTable, logits: recencyLogits, outputGradient: g)
        watch = result.table
        recencyGradient = result.logits
      default:
        watch = watchTable.bagMeanBackward(batch.watches, outputGradient: g)
      }
    }
    if f.watches && config.recentWatches > 0, let bag = watch {
      let recent = watchTable.bagMeanBackward(batch.recent, outputGradient: blocks.removeFirst())
      watch = SparseRowGradient.weightedSum(
        [(gradient: bag, weight: 1), (gradient: recent, weight: 1)], tableRows: watchTable.vocabularySize)
    }
    if config.tieEmbeddings {
      // The output embeddings are the watch table: both uses add to its gradient.
      let pieces = [watch, videoGradient].compactMap { $0 }.map { (gradient: $0, weight: Float(1)) }
      watch = SparseRowGradient.weightedSum(pieces, tableRows: watchTable.vocabularySize)
      videoGradient = SparseRowGradient(rows: [], values: Matrix(rows: 0, columns: videoEmbeddings.columns))
    }
    let token = f.searches ? tokenTable.bagMeanBackward(batch.tokens, outputGradient: blocks.removeFirst()) : nil
    var region: SparseRowGradient?
    var device: SparseRowGradient?
    if f.demographics {
      region = regionTable.bagMeanBackward(batch.regions, outputGradient: blocks.removeFirst())
      device = deviceTable.bagMeanBackward(batch.devices, outputGradient: blocks.removeFirst())
    }
    return CandidateGradients(
      loss: loss, count: batch.count, watch: watch, token: token, region: region, device: device,
      tower: towerGradients.compactMap { $0 }, videos: videoGradient, encoder: encoderGradients,
      recency: recencyGradient)
  }
}
