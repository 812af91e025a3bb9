extension RankingConfig {
  enum CodingKeys: String, CodingKey {
    case hiddenWidths, weighting, powers, videoVocabularySize, channelVocabularySize, historyLength
    case embeddingScale, maxEmbeddingDimension, quantileBuckets, epochs, patience, batchSize, learningRate
    case validationDays, holdoutDays, seed, derivedImpressions
  }

  /// Decodes a configuration in which every key is optional: missing keys keep their defaults,
  /// so a `--ranking-config` file may name only what it changes (as candidate configs do) and
  /// models saved before a key existed still load.
  public init(from decoder: any Decoder) throws {
    self.init()
    let c = try decoder.container(keyedBy: CodingKeys.self)
    func value<T: Decodable>(_ key: CodingKeys, _ current: T) throws -> T {
      try c.decodeIfPresent(T.self, forKey: key) ?? current
    }
    hiddenWidths = try value(.hiddenWidths, hiddenWidths)
    weighting = try value(.weighting, weighting)
    powers = try value(.powers, powers)
    videoVocabularySize = try value(.videoVocabularySize, videoVocabularySize)
    channelVocabularySize = try value(.channelVocabularySize, channelVocabularySize)
    historyLength = try value(.historyLength, historyLength)
    embeddingScale = try value(.embeddingScale, embeddingScale)
    maxEmbeddingDimension = try value(.maxEmbeddingDimension, maxEmbeddingDimension)
    quantileBuckets = try value(.quantileBuckets, quantileBuckets)
    epochs = try value(.epochs, epochs)
    patience = try value(.patience, patience)
    batchSize = try value(.batchSize, batchSize)
    learningRate = try value(.learningRate, learningRate)
    validationDays = try value(.validationDays, validationDays)
    holdoutDays = try value(.holdoutDays, holdoutDays)
    seed = try value(.seed, seed)
    derivedImpressions = try value(.derivedImpressions, derivedImpressions)
  }
}
