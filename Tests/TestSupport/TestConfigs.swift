import CandidateGeneration
import Ranking

/// Model configurations small enough for unit tests: `tiny` trains in well under a second on a
/// 100-user world (plumbing tests); `small` learns something on a 160-user world (learning tests).
public enum TestConfigs {
  /// A candidate configuration with the given tower and embedding widths; everything else default.
  public static func candidate(
    tower: [Int], watchWidth: Int, tokenWidth: Int, epochs: Int, negatives: Int, batchSize: Int,
    learningRate: Float? = nil
  ) -> CandidateConfig {
    var config = CandidateConfig()
    config.towerWidths = tower
    config.watchEmbeddingDimension = watchWidth
    config.tokenEmbeddingDimension = tokenWidth
    config.epochs = epochs
    config.negatives = negatives
    config.batchSize = batchSize
    if let learningRate { config.learningRate = learningRate }
    return config
  }

  /// One epoch of a two-layer tower of widths 16 and 8.
  public static func tinyCandidate() -> CandidateConfig {
    candidate(tower: [16, 8], watchWidth: 8, tokenWidth: 4, epochs: 1, negatives: 30, batchSize: 64)
  }

  /// Two epochs of a tower of widths 32 and 16.
  public static func smallCandidate() -> CandidateConfig {
    candidate(
      tower: [32, 16], watchWidth: 16, tokenWidth: 8, epochs: 2, negatives: 50, batchSize: 64, learningRate: 0.005)
  }

  /// One epoch of one hidden layer of width 8.
  public static func tinyRanking() -> RankingConfig {
    var config = RankingConfig()
    config.hiddenWidths = [8]
    config.epochs = 1
    config.maxEmbeddingDimension = 4
    return config
  }

  /// Three epochs of hidden layers of widths 24 and 12.
  public static func smallRanking() -> RankingConfig {
    var config = tinyRanking()
    config.hiddenWidths = [24, 12]
    config.epochs = 3
    config.batchSize = 256
    config.learningRate = 3e-3
    config.maxEmbeddingDimension = 8
    return config
  }
}
