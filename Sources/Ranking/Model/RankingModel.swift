import NeuralCore
import WorkspaceStore

/// The ranking network (Paper §4, Figure 7): one embedding table per ID space, shared by the
/// features of that space but entering the network separately; normalised continuous features
/// with their powers; a ReLU tower; a logistic output whose odds `exp(z)` estimate the expected
/// watch time of the impression.
public struct RankingModel: Sendable {
  /// The configuration.
  public var config: RankingConfig
  /// ID spaces and normalisers.
  public var space: RankingFeatureSpace
  /// One table per ``IDSpace``.
  public var tables: [EmbeddingTable]
  /// Hidden ReLU layers then the linear output layer (width 1).
  public var tower: [DenseLayer]
  /// The reference input of the contributions: the mean input over training impressions.
  public var baselineInput: [Float]
  /// The input layout.
  public let layout: InputLayout

  /// A freshly initialised model.
  public init(config: RankingConfig, space: RankingFeatureSpace) {
    self.config = config
    self.space = space
    var generator = SeededGenerator(seed: config.seed)
    let widths = IDSpace.allCases.map { config.embeddingDimension(vocabularySize: space.size(of: $0)) }
    tables = IDSpace.allCases.map { id in
      EmbeddingTable(vocabularySize: max(space.size(of: id), 1), dimension: widths[id.rawValue], generator: &generator)
    }
    layout = InputLayout(embeddingWidths: widths, powers: config.powers)
    var fanIn = layout.width
    tower = []
    for width in config.hiddenWidths {
      tower.append(DenseLayer(inputs: fanIn, outputs: width, initializer: .he, generator: &generator))
      fanIn = width
    }
    tower.append(DenseLayer(inputs: fanIn, outputs: 1, initializer: .glorot, generator: &generator))
    baselineInput = [Float](repeating: 0, count: layout.width)
  }

  /// The encoded inputs of a batch: the concatenated matrix and the table rows it looked up.
  public struct Inputs: Sendable {
    /// `batch × layout.width`.
    public var matrix: Matrix
    /// Table rows per categorical feature (by ``CategoricalFeature/rawValue``), one per example.
    public var categorical: [[Int32]]
    /// The history bags.
    public var history: Bags
  }

  /// Encodes candidates `rows` of `examples` (normalising continuous values, looking up embeddings).
  ///
  /// - Complexity: O(batch × (input width + history length × video embedding width)).
  public func inputs(
    _ examples: RankingExamples, rows: some Collection<Int>, columns: EventColumns, index: RankingIndex
  ) -> Inputs {
    let batch = rows.count
    var categorical = [[Int32]](repeating: [], count: CategoricalFeature.allCases.count)
    var history = Bags()
    for feature in CategoricalFeature.allCases { categorical[feature.rawValue].reserveCapacity(batch) }
    for i in rows {
      let r = Int(examples.request[i])
      let user = examples.requestUser[r]
      let end = examples.requestHistoryEnd[r]
      for feature in CategoricalFeature.allCases {
        categorical[feature.rawValue].append(
          index.row(feature, video: examples.video[i], user: user, historyEnd: end, columns: columns))
      }
      let start = max(columns.watches.range(ofUser: Int(user)).lowerBound, end - config.historyLength)
      history.append(columns.watches.video[start..<end].map { index.videoRow[Int($0)] })
    }
    var x = Matrix(rows: batch, columns: layout.width)
    let width = layout.width
    let candidateCount = CandidateFeature.allCases.count
    let queryCount = QueryFeature.allCases.count
    for block in layout.blocks {
      switch block.content {
      case .categorical(let feature):
        let embedded = tables[feature.space.rawValue].bagMean(Bags(single: categorical[feature.rawValue]))
        copy(embedded, into: &x, at: block.offset)
      case .history:
        copy(tables[IDSpace.videos.rawValue].bagMean(history), into: &x, at: block.offset)
      case .candidate(let feature):
        let normalizer = space.candidateNormalizers[feature.rawValue]
        for (b, i) in rows.enumerated() {
          let raw = examples.candidateValues[i * candidateCount + feature.rawValue]
          writeContinuous(normalizer.normalize(raw), into: &x.values, at: b * width + block.offset)
        }
      case .query(let feature):
        let normalizer = space.queryNormalizers[feature.rawValue]
        for (b, i) in rows.enumerated() {
          let r = Int(examples.request[i])
          let raw = examples.queryValues[r * queryCount + feature.rawValue]
          writeContinuous(normalizer.normalize(raw), into: &x.values, at: b * width + block.offset)
        }
      }
    }
    return Inputs(matrix: x, categorical: categorical, history: history)
  }

  private func writeContinuous(_ normalized: Float, into values: inout [Float], at position: Int) {
    values[position] = normalized
    if config.powers {
      values[position + 1] = normalized * normalized
      values[position + 2] = normalized.squareRoot()
    }
  }

  private func copy(_ block: Matrix, into x: inout Matrix, at offset: Int) {
    let width = x.columns
    let blockWidth = block.columns
    block.values.withUnsafeBufferPointer { source in
      x.values.withUnsafeMutableBufferPointer { target in
        for r in 0..<block.rows {
          for c in 0..<blockWidth { target[r * width + offset + c] = source[r * blockWidth + c] }
        }
      }
    }
  }

  /// The tower's activations for an input matrix: the input, then each layer's output
  /// (after ReLU for hidden layers); the last is the logit column.
  public func activations(_ x: Matrix) -> [Matrix] {
    var result = [x]
    for (i, layer) in tower.enumerated() {
      let z = layer.forward(result[i])
      result.append(i == tower.count - 1 ? z : ReLU.forward(z))
    }
    return result
  }

  /// The logits `z` for an input matrix; `exp(z)` is the expected watch time in seconds.
  public func logits(_ x: Matrix) -> [Float] { activations(x).last?.values ?? [] }
}
