import NeuralCore
import WorkspaceStore

/// The candidate-generation network (Paper §3.2, Figure 3): embedded watch and search bags,
/// embedded region and device, real-valued demographics and example age, concatenated into
/// a tower whose output is the user vector `u`; a separate output embedding `v_j` per video.
/// Scores are `u · v_j`.
public struct CandidateModel: Sendable {
  /// The configuration.
  public var config: CandidateConfig
  /// Input embedding of watched videos (`classes × watchEmbeddingDimension`).
  public var watchTable: EmbeddingTable
  /// Search-token embedding.
  public var tokenTable: EmbeddingTable
  /// Region embedding.
  public var regionTable: EmbeddingTable
  /// Device embedding.
  public var deviceTable: EmbeddingTable
  /// The tower, bottom first.
  public var tower: [DenseLayer]
  /// The attention encoder of the watch history (``CandidateConfig/HistoryEncoder/attention``).
  public var encoder: AttentionEncoder?
  /// Position logits of the recency-weighted bag (``CandidateConfig/HistoryEncoder/recency``),
  /// one per position counted back from the newest watch (index `historyLength − 1`); empty otherwise.
  public var recencyLogits: [Float] = []
  /// The output embeddings when they are a table of their own (empty when tied).
  var outputTable: Matrix

  /// Output video embeddings `v_j` (`classes × outputDimension`), the softmax weights. With
  /// ``CandidateConfig/tieEmbeddings`` this is the watch table itself (one storage, so reading and
  /// writing either is reading and writing both).
  public var videoEmbeddings: Matrix {
    get { config.tieEmbeddings ? watchTable.table : outputTable }
    set {
      if config.tieEmbeddings { watchTable.table = newValue } else { outputTable = newValue }
    }
  }

  /// A freshly initialised model for a feature space.
  public init(config: CandidateConfig, space: FeatureSpace) {
    self.config = config
    var generator = SeededGenerator(seed: config.seed)
    let classes = max(space.classCount, 1)
    watchTable = EmbeddingTable(
      vocabularySize: classes, dimension: config.watchEmbeddingDimension, generator: &generator)
    tokenTable = EmbeddingTable(
      vocabularySize: max(space.tokens.count, 1), dimension: config.tokenEmbeddingDimension, generator: &generator)
    regionTable = EmbeddingTable(
      vocabularySize: max(space.regions.count, 1), dimension: config.categoryEmbeddingDimension, generator: &generator)
    deviceTable = EmbeddingTable(
      vocabularySize: max(space.devices.count, 1), dimension: config.categoryEmbeddingDimension, generator: &generator)
    switch config.historyEncoder {
    case .meanBag: break
    case .recency: recencyLogits = [Float](repeating: 0, count: config.historyLength)
    case .attention:
      encoder = AttentionEncoder(
        width: config.watchEmbeddingDimension, length: config.historyLength, blocks: config.attentionBlocks,
        heads: config.attentionHeads, dropout: config.dropout, generator: &generator)
    }
    var fanIn = Self.inputWidth(config)
    tower = []
    for (i, width) in config.towerWidths.enumerated() {
      let linear = i == config.towerWidths.count - 1 && !config.finalReLU
      tower.append(
        DenseLayer(inputs: fanIn, outputs: width, initializer: linear ? .glorot : .he, generator: &generator))
      fanIn = width
    }
    outputTable = Matrix(rows: config.tieEmbeddings ? 0 : classes, columns: config.outputDimension)
    let std = 1 / Double(config.outputDimension).squareRoot()
    for i in 0..<outputTable.count { outputTable.values[i] = Float(generator.nextGaussian() * std) }
  }

  /// Width of the concatenated input.
  public static func inputWidth(_ config: CandidateConfig) -> Int {
    let f = config.features
    let recent = f.watches && config.recentWatches > 0 ? config.watchEmbeddingDimension : 0
    return (f.watches ? config.watchEmbeddingDimension : 0) + recent + (f.searches ? config.tokenEmbeddingDimension : 0)
      + (f.demographics ? 2 * config.categoryEmbeddingDimension : 0) + CandidateBatch.denseWidth(f)
  }

  /// The forward pass with every activation kept for backpropagation.
  struct ForwardPass {
    /// Concatenated input, then the output of each tower layer (after its ReLU, if any).
    var activations: [Matrix]
    /// Widths of the input blocks.
    var blockWidths: [Int]
    /// The attention encoder's intermediates, when it is the history encoder.
    var encoder: AttentionEncoder.Cache?
    /// The dropout mask after each tower layer (identity where nothing is dropped).
    var towerMasks: [DropoutMask] = []
    /// The user vectors.
    var userVectors: Matrix { activations[activations.count - 1] }
  }

  /// The history block and, for the attention encoder, its cache.
  func historyBlock(_ batch: CandidateBatch, dropoutSeed: UInt64?) -> (Matrix, AttentionEncoder.Cache?) {
    switch config.historyEncoder {
    case .meanBag: return (watchTable.bagMean(batch.watches), nil)
    case .recency: return (RecencyBag.forward(batch.watches, table: watchTable, logits: recencyLogits), nil)
    case .attention:
      guard let encoder else { return (watchTable.bagMean(batch.watches), nil) }
      let (rows, cache) = encoder.forward(batch.sequences, table: watchTable, dropoutSeed: dropoutSeed)
      return (Self.gather(rows, batch.sequenceRows), cache)
    }
  }

  /// Rows of `source` by index, a zero row for -1 (a query with no history).
  static func gather(_ source: Matrix, _ rows: [Int32]) -> Matrix {
    var out = Matrix(rows: rows.count, columns: source.columns)
    let d = source.columns
    for (i, r) in rows.enumerated() where r >= 0 {
      for c in 0..<d { out.values[i * d + c] = source.values[Int(r) * d + c] }
    }
    return out
  }

  func forward(_ batch: CandidateBatch, dropoutSeed: UInt64? = nil) -> ForwardPass {
    var blocks: [Matrix] = []
    var encoderCache: AttentionEncoder.Cache?
    let f = config.features
    if f.watches {
      let (block, cache) = historyBlock(batch, dropoutSeed: dropoutSeed)
      blocks.append(block)
      encoderCache = cache
    }
    if f.watches && config.recentWatches > 0 { blocks.append(watchTable.bagMean(batch.recent)) }
    if f.searches { blocks.append(tokenTable.bagMean(batch.tokens)) }
    if f.demographics {
      blocks.append(regionTable.bagMean(batch.regions))
      blocks.append(deviceTable.bagMean(batch.devices))
    }
    if batch.dense.columns > 0 { blocks.append(batch.dense) }
    var activations = [Concatenation.forward(blocks)]
    var masks: [DropoutMask] = []
    // The tower's masks come from a stream of their own, after the encoder's.
    var towerGenerator = SeededGenerator(seed: (dropoutSeed ?? 0) &+ 0x9E37_79B9)
    let rate = dropoutSeed == nil ? 0 : config.towerDropout
    for (i, layer) in tower.enumerated() {
      let z = layer.forward(activations[i])
      if isLinear(i) {
        activations.append(z)
        masks.append(.identity)
      } else {
        let relu = ReLU.forward(z)
        let mask = DropoutMask(count: relu.count, rate: rate, generator: &towerGenerator)
        activations.append(mask.apply(relu))
        masks.append(mask)
      }
    }
    return ForwardPass(
      activations: activations, blockWidths: blocks.map(\.columns), encoder: encoderCache, towerMasks: masks)
  }

  func isLinear(_ layer: Int) -> Bool { layer == tower.count - 1 && !config.finalReLU }

  /// User vectors `u` for a batch (`count × outputDimension`).
  ///
  /// - Complexity: one pass through the tower, O(batch × parameters).
  public func userVectors(_ batch: CandidateBatch) -> Matrix { forward(batch).userVectors }
}
