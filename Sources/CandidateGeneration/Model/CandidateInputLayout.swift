/// The user tower's input as another tool must rebuild it: the blocks of the concatenated input
/// in order, each with its width, what it holds and, for a categorical block, the value of each
/// embedding row. With the model's `.npy` tensors this is enough to recompute `u` outside
/// WatchNext (`watchnext export embeddings` writes it to `export.json`).
public struct CandidateInputLayout: Sendable, Codable, Equatable {
  /// One block of the concatenated input.
  public struct Block: Sendable, Codable, Equatable {
    /// A short name (`watches`, `searches`, `region`, ...).
    public var name: String
    /// Its first column in the concatenated input.
    public var offset: Int
    /// Its width.
    public var width: Int
    /// How its values are made.
    public var meaning: String
    /// For a categorical block, the value of each embedding row, in row order.
    public var codes: [String]?
  }

  /// The blocks, in input order.
  public var blocks: [Block]
  /// The tower's widths after the input (the last is `u`'s), ReLU after every layer but the last
  /// unless `finalReLU`.
  public var towerWidths: [Int]
  /// Whether the last tower layer has a ReLU.
  public var finalReLU: Bool

  /// The layout of a model with `config` over `space`, in the order ``CandidateModel`` concatenates.
  public init(config: CandidateConfig, space: FeatureSpace) {
    var blocks: [Block] = []
    func add(_ name: String, _ width: Int, _ meaning: String, codes: [String]? = nil) {
      blocks.append(
        Block(
          name: name, offset: blocks.last.map { $0.offset + $0.width } ?? 0, width: width, meaning: meaning,
          codes: codes))
    }
    let f = config.features
    let watchRows = config.tieEmbeddings ? "rows of video_embeddings.npy" : "rows of the watch table"
    if f.watches {
      switch config.historyEncoder {
      case .meanBag:
        add(
          "watches", config.watchEmbeddingDimension,
          "mean of the \(watchRows) of the last \(config.historyLength) watches (videos outside the vocabulary skipped)"
        )
      case .recency:
        add(
          "watches", config.watchEmbeddingDimension,
          "mean of the \(watchRows) of the last \(config.historyLength) watches weighted by a learned softmax over positions"
        )
      case .attention:
        add(
          "watches", config.watchEmbeddingDimension,
          "the newest position's output of \(config.attentionBlocks) causal self-attention blocks over the \(watchRows) of the last \(config.historyLength) watches"
        )
      }
      if config.recentWatches > 0 {
        add(
          "recentWatches", config.watchEmbeddingDimension,
          "mean of the \(watchRows) of the last \(config.recentWatches) watches")
      }
    }
    if f.searches {
      add(
        "searches", config.tokenEmbeddingDimension,
        "mean token embedding of the last \(config.searchLength) search tokens (unigrams and bigrams)")
    }
    if f.demographics {
      add("region", config.categoryEmbeddingDimension, "the region's embedding row", codes: space.regions)
      add("device", config.categoryEmbeddingDimension, "the device's embedding row", codes: space.devices)
      add("gender", 1, "1 female, 0 male, 0.5 unknown")
      add("age", 1, "age / 100 clamped to [0, 1], 0.35 when unknown")
      add("loggedIn", 1, "1 logged in, 0 not")
    }
    if f.exampleAge { add("exampleAge", 1, "the example's age over the training window's length; 0 at serving") }
    self.blocks = blocks
    towerWidths = config.towerWidths
    finalReLU = config.finalReLU
  }

  /// The concatenated input's width.
  public var inputWidth: Int { blocks.last.map { $0.offset + $0.width } ?? 0 }
}
