import NeuralCore

extension CandidateConfig {
  enum CodingKeys: String, CodingKey {
    case features, historyEncoder, attentionBlocks, attentionHeads, windowContext, dropout, towerDropout, tieEmbeddings,
      labelSelection, labelFirstWatch, towerWidths,
      finalReLU,
      watchEmbeddingDimension, tokenEmbeddingDimension
    case categoryEmbeddingDimension, historyLength, recentWatches, searchLength, searchGapSeconds, maxVideos, maxTokens,
      negatives
    case negativeDistribution, fullSoftmax, examplesPerUser, batchSize, epochs, patience, learningRate, optimizer
    case seed, threads
  }

  /// Decodes a configuration in which every key is optional: missing keys keep their defaults,
  /// so a preset file may name only what it changes (and models saved by older versions load).
  public init(from decoder: any Decoder) throws {
    self.init()
    let c = try decoder.container(keyedBy: CodingKeys.self)
    func value<T: Decodable>(_ key: CodingKeys, _ current: T) throws -> T {
      try c.decodeIfPresent(T.self, forKey: key) ?? current
    }
    features = try value(.features, features)
    historyEncoder = try value(.historyEncoder, historyEncoder)
    attentionBlocks = try value(.attentionBlocks, attentionBlocks)
    attentionHeads = try value(.attentionHeads, attentionHeads)
    windowContext = try value(.windowContext, windowContext)
    dropout = try value(.dropout, dropout)
    towerDropout = try value(.towerDropout, towerDropout)
    tieEmbeddings = try value(.tieEmbeddings, tieEmbeddings)
    labelSelection = try value(.labelSelection, labelSelection)
    labelFirstWatch = try value(.labelFirstWatch, labelFirstWatch)
    towerWidths = try value(.towerWidths, towerWidths)
    finalReLU = try value(.finalReLU, finalReLU)
    watchEmbeddingDimension = try value(.watchEmbeddingDimension, watchEmbeddingDimension)
    tokenEmbeddingDimension = try value(.tokenEmbeddingDimension, tokenEmbeddingDimension)
    categoryEmbeddingDimension = try value(.categoryEmbeddingDimension, categoryEmbeddingDimension)
    historyLength = try value(.historyLength, historyLength)
    recentWatches = try value(.recentWatches, recentWatches)
    searchLength = try value(.searchLength, searchLength)
    searchGapSeconds = try value(.searchGapSeconds, searchGapSeconds)
    maxVideos = try c.decodeIfPresent(Int.self, forKey: .maxVideos) ?? maxVideos
    maxTokens = try c.decodeIfPresent(Int.self, forKey: .maxTokens) ?? maxTokens
    negatives = try value(.negatives, negatives)
    negativeDistribution = try value(.negativeDistribution, negativeDistribution)
    fullSoftmax = try value(.fullSoftmax, fullSoftmax)
    examplesPerUser = try value(.examplesPerUser, examplesPerUser)
    batchSize = try value(.batchSize, batchSize)
    epochs = try value(.epochs, epochs)
    patience = try value(.patience, patience)
    learningRate = try value(.learningRate, learningRate)
    optimizer = try value(.optimizer, optimizer)
    seed = try value(.seed, seed)
    threads = try value(.threads, threads)
  }
}
