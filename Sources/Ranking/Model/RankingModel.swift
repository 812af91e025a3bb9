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
