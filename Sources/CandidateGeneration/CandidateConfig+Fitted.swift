/// Defaults chosen from what a workspace is: the paper's configuration where the protocol serves at
/// the end of a training window (synthetic worlds, temporal), and a measured one for leave-last-out
/// data (imported logs), where every user is served at their own last watch.
public struct FittedCandidateConfig: Sendable, Equatable {
  /// The configuration.
  public var config: CandidateConfig
  /// Why each setting that differs from the paper's defaults was chosen.
  public var reasons: [String]
}

extension CandidateConfig {
  /// The largest catalogue trained with the exact full softmax by default: at 10,000 videos a
  /// 1,024-label step's logits are 10M floats, and sampling no longer saves much below that.
  public static let fullSoftmaxCatalogue = 10_000

  /// The defaults for a workspace with `videos` videos (and `searches` search events) evaluated
  /// under `evaluationProtocol`.
  ///
  /// Under leave-last-out (imported data), chosen on ml-100k's validation split (each user's
  /// second-to-last watch; best-epoch validation recall@100; `docs/candidate-generation.md`).
  public static func fitted(to evaluationProtocol: EvaluationProtocol, videos: Int, searches: Int = 0)
    -> FittedCandidateConfig
  {
    let config = CandidateConfig()
    switch evaluationProtocol {
    case .temporal:
      return FittedCandidateConfig(
        config: config,
        reasons: ["temporal protocol: the paper's configuration (30 examples per user, the mean bag of 50 watches)"])
    case .leaveLastOut:
      var reasons = [
        "leave-last-out: examplesPerUser = every training position (mean bag: validation recall@100 0.590 → 0.649 on ml-100k)",
        "leave-last-out: historyEncoder = attention, causal self-attention over the last 50 watches (validation recall@100 0.705, the mean bag with its last-3 block 0.682)",
        "leave-last-out: no example age or demographics (with attention on ml-100k: 0.677 with them, 0.685 without)",
        "attention: tieEmbeddings, one table for inputs and softmax outputs (0.705 vs 0.691)",
        "attention: learningRate 0.001, batchSize 1,024 labels, up to 200 epochs with patience 15 (0.003 stopped lower, 0.685); dropout 0.2 (0.708; 0.5 gave 0.705)",
        "attention: 2 heads and 25 watches of context before each training window's labels (mean of 2 seeds 0.711; 1 head without context 0.708, 2 heads with dropout 0.5 0.708)",
      ]
      var fitted = config.withEncoder(.attention, classes: videos)
      fitted.examplesPerUser = allPositions
      fitted.features = searches > 0 ? .withSearches : .watchesOnly
      reasons.append(
        searches > 0
          ? "the workspace has searches: the search-token bag is an input (a synthetic world under leave-last-out: 0.361 with it, 0.329 without)"
          : "the workspace has no searches: watches are the only history")
      if fitted.fullSoftmax {
        reasons.append("catalogue of \(videos) videos (at most \(fullSoftmaxCatalogue)): the exact full softmax")
      }
      return FittedCandidateConfig(config: fitted, reasons: reasons)
    }
  }

  /// This configuration with `encoder` and the training settings measured for it: the attention
  /// encoder trains a window per forward pass with tied embeddings, a lower step size, larger
  /// batches and a longer patience; the full softmax where the catalogue is small.
  public func withEncoder(_ encoder: HistoryEncoder, classes: Int) -> CandidateConfig {
    var config = self
    config.historyEncoder = encoder
    guard encoder == .attention else { return config }
    config.tieEmbeddings = config.outputDimension == config.watchEmbeddingDimension
    config.recentWatches = 0
    config.attentionHeads = config.watchEmbeddingDimension % 2 == 0 ? 2 : 1
    config.windowContext = config.historyLength / 2
    config.learningRate = 0.001
    config.batchSize = 1_024
    config.epochs = 200
    config.patience = 15
    config.fullSoftmax = classes <= Self.fullSoftmaxCatalogue
    return config
  }

  /// An `examplesPerUser` that takes every training position of every user.
  public static let allPositions = 1_000_000
}
