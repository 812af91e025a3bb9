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
  ///
  /// Query-side inputs are encoded once per distinct request of the batch (Paper §4.1: query
  /// features are computed once per request) and copied to each of its candidates' rows.
  public struct Inputs: Sendable {
    /// `batch × layout.width`.
    public var matrix: Matrix
    /// Distinct request (0-based, in first-appearance order) of each row.
    public var requestOfRow: [Int]
    /// Table rows of the candidate-side categorical features, per row (by ``CategoricalFeature/rawValue``;
    /// query-side entries are empty).
    public var candidateCategorical: [[Int32]]
    /// Table rows of the query-side categorical features, per distinct request (candidate-side entries are empty).
    public var queryCategorical: [[Int32]]
    /// The history bag of each distinct request.
    public var history: Bags
  }

  /// Encodes candidates `rows` of `examples` (normalising continuous values, looking up embeddings).
  ///
  /// - Complexity: O(batch × input width + requests × history length × video embedding width).
  public func inputs(
    _ examples: RankingExamples, rows: some Collection<Int>, columns: EventColumns, index: RankingIndex
  ) -> Inputs {
    let batch = rows.count
    let featureCount = CategoricalFeature.allCases.count
    var candidateCategorical = [[Int32]](repeating: [], count: featureCount)
    var queryCategorical = [[Int32]](repeating: [], count: featureCount)
    var history = Bags()
    var localRequest: [Int32: Int] = [:]
    var requestOfRow: [Int] = []
    var requests: [Int] = []
    requestOfRow.reserveCapacity(batch)
    for feature in CategoricalFeature.candidateSide { candidateCategorical[feature.rawValue].reserveCapacity(batch) }
    for i in rows {
      let request = examples.request[i]
      let r = Int(request)
      let user = examples.requestUser[r]
      let end = examples.requestHistoryEnd[r]
      if let local = localRequest[request] {
        requestOfRow.append(local)
      } else {
        localRequest[request] = requests.count
        requestOfRow.append(requests.count)
        requests.append(r)
        for feature in CategoricalFeature.querySide {
          queryCategorical[feature.rawValue].append(
            index.row(feature, video: -1, user: user, historyEnd: end, columns: columns))
        }
        let start = max(columns.watches.range(ofUser: Int(user)).lowerBound, end - config.historyLength)
        history.append(columns.watches.video[start..<end].map { index.videoRow[Int($0)] })
      }
      for feature in CategoricalFeature.candidateSide {
        candidateCategorical[feature.rawValue].append(
          index.row(feature, video: examples.video[i], user: user, historyEnd: end, columns: columns))
      }
    }
    // Query-side blocks, one row per distinct request.
    let queryWidth = layout.width - layout.candidateWidth
    var query = Matrix(rows: requests.count, columns: queryWidth)
    let queryCount = QueryFeature.allCases.count
    var x = Matrix(rows: batch, columns: layout.width)
    let width = layout.width
    let candidateCount = CandidateFeature.allCases.count
    for block in layout.blocks {
      switch block.content {
      case .categorical(let feature) where feature.isQuery:
        let embedded = tables[feature.space.rawValue].bagMean(Bags(single: queryCategorical[feature.rawValue]))
        copy(embedded, into: &query, at: block.offset - layout.candidateWidth)
      case .categorical(let feature):
        let embedded = tables[feature.space.rawValue].bagMean(Bags(single: candidateCategorical[feature.rawValue]))
        copy(embedded, into: &x, at: block.offset)
      case .history:
        copy(tables[IDSpace.videos.rawValue].bagMean(history), into: &query, at: block.offset - layout.candidateWidth)
      case .candidate(let feature):
        let normalizer = space.candidateNormalizers[feature.rawValue]
        for (b, i) in rows.enumerated() {
          let raw = examples.candidateValues[i * candidateCount + feature.rawValue]
          writeContinuous(normalizer.normalize(raw), into: &x.values, at: b * width + block.offset)
        }
      case .query(let feature):
        let normalizer = space.queryNormalizers[feature.rawValue]
        for (local, r) in requests.enumerated() {
          let raw = examples.queryValues[r * queryCount + feature.rawValue]
          writeContinuous(
            normalizer.normalize(raw), into: &query.values,
            at: local * queryWidth + block.offset - layout.candidateWidth)
        }
      }
    }
    let candidateWidth = layout.candidateWidth
    query.values.withUnsafeBufferPointer { q in
      x.values.withUnsafeMutableBufferPointer { out in
        for (b, local) in requestOfRow.enumerated() {
          for c in 0..<queryWidth { out[b * width + candidateWidth + c] = q[local * queryWidth + c] }
        }
      }
    }
    return Inputs(
      matrix: x, requestOfRow: requestOfRow, candidateCategorical: candidateCategorical,
      queryCategorical: queryCategorical, history: history)
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
