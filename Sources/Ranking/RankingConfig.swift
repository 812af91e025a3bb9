import Foundation

/// How the ranking model is built and trained (Paper §4).
public struct RankingConfig: Sendable, Codable, Equatable {
  /// How training examples are weighted (Paper §4.2).
  public enum Weighting: String, Sendable, Codable, CaseIterable {
    /// Clicked impressions weigh their watch seconds, unclicked ones 1: the odds learn expected watch time.
    case watchTime = "watch-time"
    /// Every impression weighs 1: plain click-through-rate logistic regression.
    case equal
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
  /// Passes over the training impressions.
  public var epochs = 4
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
