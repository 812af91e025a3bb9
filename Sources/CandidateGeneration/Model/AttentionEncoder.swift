import NeuralCore

/// One pre-norm Transformer block: `x + dropout(attention(norm(x)))`, then
/// `x + dropout(W₂ relu(W₁ norm(x)))`.
public struct AttentionBlock: Sendable, Equatable {
  /// Normalisation before the attention.
  public var attentionNorm: LayerNorm
  /// Causal self-attention.
  public var attention: CausalSelfAttention
  /// Normalisation before the feed-forward net.
  public var feedForwardNorm: LayerNorm
  /// Feed-forward inner layer (ReLU after it).
  public var inner: DenseLayer
  /// Feed-forward outer layer.
  public var outer: DenseLayer
}

/// The causal self-attention history encoder (the SASRec design; Kang & McAuley 2018): the
/// last `length` watches, oldest first, embedded through the watch table plus a learned
/// embedding of each position (counted from the oldest watch read), then pre-norm Transformer
/// blocks and a final normalisation. Row `t` of a sequence depends on watches `0…t` only and is
/// exactly what a sequence of those `t + 1` watches would give at its newest row, so one forward
/// pass over a window of watches encodes the history before each of its labels.
public struct AttentionEncoder: Sendable, Equatable {
  /// Position embeddings, `length × width`; row `t` is the `t`-th oldest watch read.
  public var positions: Matrix
  /// The blocks, bottom first.
  public var blocks: [AttentionBlock]
  /// Normalisation of the top block's output.
  public var finalNorm: LayerNorm
  /// Dropout rate on the embedded input and on each sub-layer's output (training only).
  public var dropout: Float

  /// A freshly initialised encoder.
  public init(width: Int, length: Int, blocks count: Int, heads: Int, dropout: Float, generator: inout SeededGenerator)
  {
    positions = Matrix(rows: length, columns: width)
    let std = 1 / Double(width).squareRoot()
    for i in 0..<positions.count { positions.values[i] = Float(generator.nextGaussian() * std) }
    blocks = (0..<count).map { _ in
      AttentionBlock(
        attentionNorm: LayerNorm(width: width),
        attention: CausalSelfAttention(width: width, heads: heads, generator: &generator),
        feedForwardNorm: LayerNorm(width: width),
        inner: DenseLayer(inputs: width, outputs: width, initializer: .he, generator: &generator),
        outer: DenseLayer(inputs: width, outputs: width, initializer: .glorot, generator: &generator))
    }
    finalNorm = LayerNorm(width: width)
    self.dropout = dropout
  }

  /// The longest sequence the encoder reads.
  public var length: Int { positions.rows }
  /// The row width.
  public var width: Int { positions.columns }

  /// Every trainable tensor of the encoder with a stable name, in one fixed order: the order of
  /// gradients, optimizer state and saved tensors.
  public static func parameters(blocks: Int) -> [(name: String, path: WritableKeyPath<AttentionEncoder, [Float]>)] {
    var list: [(String, WritableKeyPath<AttentionEncoder, [Float]>)] = [("positions", \.positions.values)]
    for b in 0..<blocks {
      let p = "block_\(b)_"
      list += [
        (p + "attention_norm_gain", \.blocks[b].attentionNorm.gain),
        (p + "attention_norm_bias", \.blocks[b].attentionNorm.bias),
        (p + "query_weights", \.blocks[b].attention.query.weights.values),
        (p + "query_bias", \.blocks[b].attention.query.bias),
        (p + "key_weights", \.blocks[b].attention.key.weights.values),
        (p + "key_bias", \.blocks[b].attention.key.bias),
        (p + "value_weights", \.blocks[b].attention.value.weights.values),
        (p + "value_bias", \.blocks[b].attention.value.bias),
        (p + "output_weights", \.blocks[b].attention.output.weights.values),
        (p + "output_bias", \.blocks[b].attention.output.bias),
        (p + "feed_forward_norm_gain", \.blocks[b].feedForwardNorm.gain),
        (p + "feed_forward_norm_bias", \.blocks[b].feedForwardNorm.bias),
        (p + "inner_weights", \.blocks[b].inner.weights.values),
        (p + "inner_bias", \.blocks[b].inner.bias),
        (p + "outer_weights", \.blocks[b].outer.weights.values),
        (p + "outer_bias", \.blocks[b].outer.bias),
      ]
    }
    list += [("final_norm_gain", \.finalNorm.gain), ("final_norm_bias", \.finalNorm.bias)]
    return list
  }

  /// This encoder's parameter list.
  public var parameterList: [(name: String, path: WritableKeyPath<AttentionEncoder, [Float]>)] {
    Self.parameters(blocks: blocks.count)
  }

  struct BlockCache {
    var attentionNorm: LayerNorm.Cache
    var attention: CausalSelfAttention.Cache
    var attentionDropout: DropoutMask
    var feedForwardNorm: LayerNorm.Cache
    var normalized: Matrix
    var hidden: Matrix
    var feedForwardDropout: DropoutMask
  }

  /// The forward pass's intermediates.
  struct Cache {
    var items: [Int32]
    var positionOfRow: [Int32]
    var inputDropout: DropoutMask
    var blocks: [BlockCache]
    var finalNorm: LayerNorm.Cache
  }

  /// Encodes packed sequences of watch classes (one bag per sequence, oldest first, at most
  /// ``length`` each): one output row per watch.
  ///
  /// - Parameter dropoutSeed: seeds the dropout masks in training; `nil` (serving) drops nothing.
  func forward(_ sequences: Bags, table: EmbeddingTable, dropoutSeed: UInt64?) -> (output: Matrix, cache: Cache) {
    let d = width
    let rows = sequences.ids.count
    var positionOfRow = [Int32](repeating: 0, count: rows)
    var offsets = [0]
    for s in 0..<sequences.count {
      let start = sequences.offsets[s]
      let n = sequences.offsets[s + 1] - start
      precondition(n <= length, "a sequence of \(n) watches is longer than the encoder's \(length)")
      for t in 0..<n { positionOfRow[start + t] = Int32(t) }
      offsets.append(start + n)
    }
    var x = table.table.gatherRows(sequences.ids)
    for r in 0..<rows {
      let p = Int(positionOfRow[r]) * d
      for c in 0..<d { x.values[r * d + c] += positions.values[p + c] }
    }
    var generator = SeededGenerator(seed: dropoutSeed ?? 0)
    let rate = dropoutSeed == nil ? 0 : dropout
    let inputDropout = DropoutMask(count: x.count, rate: rate, generator: &generator)
    x = inputDropout.apply(x)
    var caches: [BlockCache] = []
    for block in blocks {
      let (h1, c1) = block.attentionNorm.forward(x)
      let (a, ca) = block.attention.forward(h1, offsets: offsets)
      let m1 = DropoutMask(count: a.count, rate: rate, generator: &generator)
      let attended = m1.apply(a)
      for i in 0..<x.count { x.values[i] += attended.values[i] }
      let (h2, c2) = block.feedForwardNorm.forward(x)
      let hidden = ReLU.forward(block.inner.forward(h2))
      let m2 = DropoutMask(count: x.count, rate: rate, generator: &generator)
      let f = m2.apply(block.outer.forward(hidden))
      for i in 0..<x.count { x.values[i] += f.values[i] }
      caches.append(
        BlockCache(
          attentionNorm: c1, attention: ca, attentionDropout: m1, feedForwardNorm: c2, normalized: h2, hidden: hidden,
          feedForwardDropout: m2))
    }
    let (output, cf) = finalNorm.forward(x)
    return (
      output,
      Cache(
        items: sequences.ids, positionOfRow: positionOfRow, inputDropout: inputDropout, blocks: caches, finalNorm: cf)
    )
  }

  /// Gradients from the forward cache and d loss / d output: the watch table's (sparse) and
  /// each parameter's, in ``parameterList`` order.
  func backward(_ cache: Cache, outputGradient: Matrix, tableRows: Int) -> (
    table: SparseRowGradient, parameters: [[Float]]
  ) {
    let final = finalNorm.backward(cache.finalNorm, outputGradient: outputGradient)
    var g = final.input
    var perBlock: [[[Float]]] = Array(repeating: [], count: blocks.count)
    for b in stride(from: blocks.count - 1, through: 0, by: -1) {
      let block = blocks[b]
      let c = cache.blocks[b]
      let df = c.feedForwardDropout.apply(g)
      let outer = block.outer.backward(input: c.hidden, outputGradient: df)
      let dz = ReLU.backward(output: c.hidden, outputGradient: outer.input)
      let inner = block.inner.backward(input: c.normalized, outputGradient: dz)
      let norm2 = block.feedForwardNorm.backward(c.feedForwardNorm, outputGradient: inner.input)
      for i in 0..<g.count { g.values[i] += norm2.input.values[i] }
      let da = c.attentionDropout.apply(g)
      let attention = block.attention.backward(c.attention, outputGradient: da)
      let norm1 = block.attentionNorm.backward(c.attentionNorm, outputGradient: attention.input)
      for i in 0..<g.count { g.values[i] += norm1.input.values[i] }
      var list = [norm1.gain, norm1.bias]
      for p in attention.projections { list += [p.weights.values, p.bias] }
      list += [norm2.gain, norm2.bias, inner.weights.values, inner.bias, outer.weights.values, outer.bias]
      perBlock[b] = list
    }
    let g0 = cache.inputDropout.apply(g)
    var positionGradient = [Float](repeating: 0, count: positions.count)
    let d = width
    for r in 0..<g0.rows {
      let p = Int(cache.positionOfRow[r]) * d
      for c in 0..<d { positionGradient[p + c] += g0.values[r * d + c] }
    }
    let table = SparseRowGradient(accumulating: g0, into: cache.items, tableRows: tableRows)
    return (table, [positionGradient] + perBlock.flatMap { $0 } + [final.gain, final.bias])
  }
}
