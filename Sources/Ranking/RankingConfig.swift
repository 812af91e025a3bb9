import Foundation

/// How the ranking model is built and trained (Paper §4).
public struct RankingConfig: Sendable, Codable, Equatable {
  /// How training examples are weighted (Paper §4.2).
  public enum Weighting: String, Sendable, Codable, CaseIterable {
    /// The paper's: clicked impressions are positives weighing their watch seconds `T`, unclicked
    /// ones negatives weighing 1. The odds learn `Σ T / (N − k) = E[T] / (1 − P)`, the expected
    /// watch time per impression over the share of unclicked ones: close to `E[T]` only when the
    /// click probability `P` is small.
    case watchTime = "watch-time"
    /// As ``watchTime``, and every clicked impression is also a negative of weight 1, so that the
    /// negatives weigh `N`: the odds learn `Σ T / N = E[T]`, the expected watch seconds per
    /// impression, whatever the click probability. In the loss this is one example of weight
    /// `T + 1` and label `T / (T + 1)`.
    case perImpression = "per-impression"
    /// Every impression weighs 1: plain click-through-rate logistic regression.
    case equal

    /// Whether the odds `exp(z)` estimate watch seconds (rather than a click's odds).
    public var predictsWatchTime: Bool { self != .equal }

    /// The name of `exp(z)` in a column of at most 8 characters: "E[watch]" only where it is the
    /// expected watch seconds per impression (``perImpression``); "exp(z)" under the paper's
    /// weighting, where it is the odds `E[T] / (1 − P)` and exceeds `E[T]` (it can exceed the
    /// video's duration) where a click is likely; "odds" for a click model.
    public var scoreColumn: String {
      switch self {
      case .watchTime: "exp(z)"
      case .perImpression: "E[watch]"
      case .equal: "odds"
      }
    }

    /// What `exp(z)` estimates, in one sentence for people.
    public var scoreMeaning: String {
      switch self {
      case .watchTime:
        "exp(z) = E[watch s] / (1 − P(click)), the paper's watch-time odds: above the expected watch time where a click is likely"
      case .perImpression: "exp(z) = E[watch s], the expected watch seconds of the impression"
      case .equal: "exp(z) = P(click) / (1 − P(click)), the click odds"
      }
    }

    /// The label and weight of one impression in the weighted logistic loss (Paper §4.2):
    /// a clicked impression is a positive weighing its watch seconds `T` (at least 1), an unclicked
    /// one a negative weighing 1. Under ``perImpression`` a clicked impression is also a negative
    /// of weight 1, which is one example of weight `T + 1` and label `T / (T + 1)`; under
    /// ``equal`` every weight is 1.
    public func target(clicked: Bool, watchSeconds: Float) -> (label: Float, weight: Float) {
      guard clicked else { return (0, 1) }
      let seconds = max(watchSeconds, 1)
      switch self {
      case .watchTime: return (1, seconds)
      case .perImpression: return (seconds / (seconds + 1), seconds + 1)
      case .equal: return (1, 1)
      }
    }
  }

  /// Hidden ReLU layers, bottom first; empty means a logistic regression on the inputs.
  public var hiddenWidths: [Int] = [256, 128, 64]
  /// The example weighting.
  public var weighting: Weighting = .watchTime
  /// Whether continuous features also enter as `x~^2` and `sqrt(x~)` (Paper §4.1).
  public var powers = true
  /// Video vocabulary: the top N videos by clicks in the training impressions.
  public var videoVocabularySize = 100_000
  /// Channel vocabulary: the top N channels by clicks.
  public var channelVocabularySize = 20_000
  /// Watches in the history bag.
  public var historyLength = 50
  /// Embedding width = `embeddingScale × log2(vocabulary + 1)`, clamped to 2...`maxEmbeddingDimension`.
  public var embeddingScale = 2.5
  /// The widest embedding.
  public var maxEmbeddingDimension = 32
  /// Quantiles per continuous feature.
  public var quantileBuckets = 100
  /// Passes over the training impressions (the most; early stopping keeps the best).
  public var epochs = 4
  /// Epochs without a lower validation loss before training stops; the best epoch is kept. The
  /// watch-time-weighted validation loss moves by tens of percent from one epoch to the next (a
  /// few long watches weigh most), so stopping at the first rise (patience 0) kept epoch 1 for
  /// every Table 1 configuration, before the network had learned what the powers give it.
  public var patience = 2
  /// Examples per step.
  public var batchSize = 512
  /// Adam step size.
  public var learningRate: Float = 1e-3
  /// Days of impressions before the holdout used for early stopping.
  public var validationDays = 1
  /// Days of impressions at the end of the log held out for evaluation.
  public var holdoutDays = 1
  /// Seed for initialisation and shuffling.
  public var seed: UInt64 = 7
  /// How examples are made when the workspace has no logged impressions.
  public var derivedImpressions = DerivedImpressionsConfig()

  /// The default configuration.
  public init() {}

  /// The embedding width for a vocabulary of `size` values (Paper §4.1: roughly the log of the size).
  public func embeddingDimension(vocabularySize size: Int) -> Int {
    let width = (embeddingScale * Foundation.log2(Double(size + 1))).rounded()
    return min(max(Int(width), 2), maxEmbeddingDimension)
  }

  /// The paper's Table 1 tower configurations by name, at `scale` of the paper's widths
  /// (e.g. 0.25 turns 1024-512-256 into 256-128-64, which trains on two cores).
  public static func table1Towers(scale: Double) -> [(name: String, widths: [Int])] {
    let paper: [(String, [Int])] = [
      ("none", []), ("256", [256]), ("512", [512]), ("1024", [1024]), ("512-256", [512, 256]),
      ("1024-512", [1024, 512]), ("1024-512-256", [1024, 512, 256]),
    ]
    return paper.map { name, widths in (name, widths.map { max(1, Int((Double($0) * scale).rounded())) }) }
  }
}
