import NeuralCore

/// The configuration of a candidate-generation model and its training (Paper §3.2–3.5).
public struct CandidateConfig: Codable, Sendable, Equatable {
  /// Which input features the network sees (Paper §3.3, Figure 6's feature sets).
  public struct Features: Codable, Sendable, Equatable, Hashable {
    /// Mean embedding of the last watches.
    public var watches: Bool
    /// Mean embedding of the last search tokens (unigrams and bigrams).
    public var searches: Bool
    /// The age of the training example (0 at serving).
    public var exampleAge: Bool
    /// Region and device embeddings; gender, age and logged-in state as reals.
    public var demographics: Bool

    /// A feature set.
    public init(watches: Bool = true, searches: Bool = true, exampleAge: Bool = true, demographics: Bool = true) {
      self.watches = watches
      self.searches = searches
      self.exampleAge = exampleAge
      self.demographics = demographics
    }

    /// Watches only.
    public static let watchesOnly = Features(searches: false, exampleAge: false, demographics: false)
    /// Watches and searches.
    public static let withSearches = Features(exampleAge: false, demographics: false)
    /// Watches, searches and example age.
    public static let withExampleAge = Features(demographics: false)
    /// Every feature.
    public static let all = Features()

    /// The four feature sets of Paper Figure 6, in order: the name that `--features`, presets
    /// and the explorer's retrain form use, the label of the paper's figure, and the set.
    public static let named: [(name: String, label: String, features: Features)] = [
      ("watches", "watches", .watchesOnly), ("searches", "+searches", .withSearches),
      ("age", "+example age", .withExampleAge), ("all", "all", .all),
    ]

    /// The four feature sets of Paper Figure 6, in order, with the figure's labels.
    public static var paperSets: [(name: String, features: Features)] { named.map { ($0.label, $0.features) } }

    /// The set with this name or figure label (``named``), or nil.
    public init?(named name: String) {
      guard let set = Self.named.first(where: { $0.name == name || $0.label == name }) else { return nil }
      self = set.features
    }

    /// This set's name in ``named``, or nil for a combination outside the figure.
    public var name: String? { Self.named.first { $0.features == self }?.name }
  }

  /// The optimizer.
  public enum OptimizerKind: String, Codable, Sendable, CaseIterable {
    /// Adam, lazy on embedding rows.
    case adam
    /// Adagrad, sparse on embedding rows.
    case adagrad
  }

  /// How training labels and their inputs are chosen (Paper §3.4, Figure 5).
  public enum LabelSelection: String, Codable, Sendable, CaseIterable {
    /// Predict the next watch from the history before it (rolled back). The paper's choice.
    case nextWatch = "next-watch"
    /// Hold out a random watch and use all the user's other training watches, earlier and
    /// later, as inputs (leaks the future; the paper's counter-example).
    case randomHeldOut = "random-held-out"
  }

  /// How the watch history becomes one input block (the paper's mean bag, or an encoder that
  /// reads order and recency).
  public enum HistoryEncoder: String, Codable, Sendable, CaseIterable {
    /// The mean embedding of the last ``CandidateConfig/historyLength`` watches (Paper §3.2).
    case meanBag = "mean-bag"
    /// A weighted mean whose weight per position (counted back from the newest watch) is learned.
    case recency
    /// Causal self-attention over the last ``CandidateConfig/historyLength`` watches (SASRec):
    /// the newest position's output is the block; training reads every position of a window at once.
    case attention
  }

  /// Input features.
  public var features = Features.all
  /// The watch-history encoder.
  public var historyEncoder = HistoryEncoder.meanBag
  /// Transformer blocks of the attention encoder.
  public var attentionBlocks = 2
  /// Heads per attention block (must divide ``watchEmbeddingDimension``).
  public var attentionHeads = 1
  /// Watches of context before the labels of an attention training window: windows hold
  /// `historyLength − windowContext` labels, and their sequences reach back `historyLength`
  /// watches. 0 is SASRec's windows (the first labels of a window see few watches).
  public var windowContext = 0
  /// Dropout rate inside the attention encoder (training only).
  public var dropout: Float = 0.2
  /// Dropout rate after each ReLU of the tower (training only; 0 is the paper's tower).
  public var towerDropout: Float = 0
  /// The softmax's video embeddings `v_j` are the watch-history embeddings (one table, as SASRec
  /// shares it): every label and every history item trains the same row. Needs the output
  /// dimension to equal ``watchEmbeddingDimension``.
  public var tieEmbeddings = false
  /// Label selection.
  public var labelSelection = LabelSelection.nextWatch
  /// Whether next-watch training also labels each user's first watch, with no watch before it
  /// (only the searches, demographics and example age speak: a new user's cold start). Off for
  /// the paper's model; random held-out labels every watch whatever this says (a held-out first
  /// watch has the later ones as its history).
  public var labelFirstWatch = false
  /// Hidden and output widths of the tower; the last is the dimension of `u` and `v_j`
  /// (default: the depth-1 preset).
  public var towerWidths: [Int] = [128, 64]
  /// Apply ReLU after the last tower layer too (the paper's "256 ReLU" top); off by default,
  /// so `u` may have negative coordinates.
  public var finalReLU = false
  /// Width of the watch-history embedding.
  public var watchEmbeddingDimension = 64
  /// Width of the search-token embedding.
  public var tokenEmbeddingDimension = 32
  /// Width of the region and device embeddings.
  public var categoryEmbeddingDimension = 8
  /// Watches in the history bag (Paper §3.5: 50).
  public var historyLength = 50
  /// The most recent watches averaged into a block of their own, beside the history bag (and
  /// through the same embedding table, as §4 shares tables): 1 is "the last watched video", 0 is
  /// the paper's order-free mean bag alone. Gives the tower the recency that a 50-watch mean
  /// dilutes to 1/50.
  public var recentWatches = 0
  /// Search tokens in the search bag (Paper §3.5: 50).
  public var searchLength = 50
  /// Searches in the last this-many seconds before a label are withheld from its inputs
  /// (Paper §3.4: withhold what would let the model replay the last search); 0 keeps them all.
  public var searchGapSeconds: Int64 = 0
  /// Keep at most this many videos in the vocabulary (by training frequency); `nil` keeps all.
  public var maxVideos: Int?
  /// Keep at most this many search tokens.
  public var maxTokens: Int? = 100_000
  /// Sampled negatives per batch, shared by the batch.
  public var negatives = 1_000
  /// The background distribution of negatives.
  public var negativeDistribution = NegativeSampler.Distribution.unigramPower(0.75)
  /// Use the exact full softmax instead of sampling (small corpora).
  public var fullSoftmax = false
  /// Training examples per user per epoch (Paper §3.4: a fixed number per user).
  public var examplesPerUser = 30
  /// Mini-batch size.
  public var batchSize = 256
  /// Maximum epochs.
  public var epochs = 12
  /// Stop after this many epochs without a better validation recall@100.
  public var patience = 2
  /// Step size.
  public var learningRate: Float = 0.003
  /// Optimizer.
  public var optimizer = OptimizerKind.adam
  /// Random seed.
  public var seed: UInt64 = 42
  /// Worker threads for a training step (data parallel over the batch).
  public var threads = 2

  /// The default configuration.
  public init() {}

  /// The widest layer or embedding a configuration may ask for.
  public static let largestWidth = 16_384

  /// The dimension of user vectors and video output embeddings.
  public var outputDimension: Int { towerWidths.last ?? watchEmbeddingDimension }

  /// How much larger Adagrad's step size is than ``learningRate``: its steps shrink with the
  /// squared gradients it accumulates, so it starts larger than Adam's for one `learningRate`
  /// to serve both optimizers.
  public static let adagradStepScale: Float = 10

  /// The step size the optimizer runs at: ``learningRate`` for Adam, ``adagradStepScale`` times
  /// it for Adagrad.
  public var optimizerLearningRate: Float {
    optimizer == .adagrad ? learningRate * Self.adagradStepScale : learningRate
  }

  /// The tower depth presets (``towerWidths(depth:outputDimension:)``): the paper's Figure 6 has
  /// 0–4; 5 and 6 go one and two layers deeper.
  public static let depthRange = 0...6

  /// The tower of a depth preset (Paper §3.5): depth 0 is one linear layer to the output;
  /// depth d > 0 is d ReLU layers, each half as wide as the one below, then a linear layer to
  /// the output. With output 64: depth 1 is 128 ReLU → 64, depth 4 is 1024 → 512 → 256 → 128
  /// ReLU → 64: each ReLU layer half as wide as the paper's at the same depth (its depth 4 is
  /// 2048 → 1024 → 512 → 256 ReLU, the 256 being its output), so that they train on 2 cores,
  /// and a linear top so that `u` is not confined to the positive orthant (measured: a ReLU top
  /// lowered test recall@100 from 0.267 to 0.245 on the sample world).
  public static func towerWidths(depth: Int, outputDimension: Int = 64) -> [Int] {
    guard depth > 0 else { return [outputDimension] }
    return (1...depth).reversed().map { outputDimension << $0 } + [outputDimension]
  }

  /// The default configuration with a depth preset and a feature set.
  public static func preset(depth: Int, features: Features = .all) -> CandidateConfig {
    var config = CandidateConfig()
    config.towerWidths = towerWidths(depth: depth)
    config.features = features
    return config
  }

  /// Checks every value; returns the first problem.
  public func validate() throws(CandidateError) {
    func require(_ ok: Bool, _ field: String, _ reason: String) throws(CandidateError) {
      if !ok { throw .invalidConfiguration(field: field, reason: reason) }
    }
    try require(!towerWidths.isEmpty && towerWidths.allSatisfy { $0 > 0 }, "towerWidths", "must be positive widths")
    // Bounds that keep every allocation within what a machine can hold (a typo such as
    // 100000000 would otherwise abort the process on an allocation failure).
    try require(
      towerWidths.allSatisfy { $0 <= Self.largestWidth }, "towerWidths", "at most \(Self.largestWidth) units a layer")
    try require(
      [watchEmbeddingDimension, tokenEmbeddingDimension, categoryEmbeddingDimension].allSatisfy {
        $0 <= Self.largestWidth
      },
      "embedding dimensions", "at most \(Self.largestWidth)")
    try require(negatives <= 1_000_000, "negatives", "at most 1,000,000 a batch")
    try require(batchSize <= 1_000_000, "batchSize", "at most 1,000,000")
    try require(patience >= 0, "patience", "must be 0 or more")
    try require(epochs <= 10_000, "epochs", "at most 10,000")
    try require(watchEmbeddingDimension > 0, "watchEmbeddingDimension", "must be positive")
    try require(tokenEmbeddingDimension > 0, "tokenEmbeddingDimension", "must be positive")
    try require(categoryEmbeddingDimension > 0, "categoryEmbeddingDimension", "must be positive")
    try require(historyLength > 0 && searchLength > 0, "historyLength", "bags must hold at least one item")
    try require((0...historyLength).contains(recentWatches), "recentWatches", "must be between 0 and historyLength")
    try require(negatives > 0, "negatives", "must be positive")
    try require(examplesPerUser > 0, "examplesPerUser", "must be positive")
    try require(batchSize > 0, "batchSize", "must be positive")
    try require(epochs > 0, "epochs", "must be positive")
    try require(learningRate > 0 && learningRate.isFinite, "learningRate", "must be a positive number")
    try require((1...256).contains(threads), "threads", "must be between 1 and 256")
    try require((1...64).contains(attentionBlocks), "attentionBlocks", "must be between 1 and 64")
    try require(
      attentionHeads > 0 && watchEmbeddingDimension % attentionHeads == 0, "attentionHeads",
      "must divide watchEmbeddingDimension (\(watchEmbeddingDimension))")
    try require(dropout >= 0 && dropout < 1, "dropout", "must be in [0, 1)")
    try require(towerDropout >= 0 && towerDropout < 1, "towerDropout", "must be in [0, 1)")
    try require((0..<historyLength).contains(windowContext), "windowContext", "must be between 0 and historyLength − 1")
    try require(
      !tieEmbeddings || outputDimension == watchEmbeddingDimension, "tieEmbeddings",
      "needs the last tower width (\(outputDimension)) to equal watchEmbeddingDimension (\(watchEmbeddingDimension))")
    try require(
      historyEncoder != .attention || historyLength <= 4_096, "historyLength", "at most 4,096 for the attention encoder"
    )
    try require(features.watches || features.searches || features.demographics, "features", "needs at least one input")
  }
}
