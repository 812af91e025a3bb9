import WorkspaceStore

/// The ranking model's ID spaces and continuous-feature normalisers, fixed in one pass over the
/// training impressions before training (Paper §4.1).
public struct RankingFeatureSpace: Sendable {
  /// One vocabulary per ID space, indexed by ``IDSpace/rawValue``.
  public var vocabularies: [Vocabulary<String>]
  /// Normaliser per ``CandidateFeature``.
  public var candidateNormalizers: [QuantileNormalizer]
  /// Normaliser per ``QueryFeature``.
  public var queryNormalizers: [QuantileNormalizer]

  /// A space over given parts (loading).
  public init(
    vocabularies: [Vocabulary<String>], candidateNormalizers: [QuantileNormalizer],
    queryNormalizers: [QuantileNormalizer]
  ) {
    self.vocabularies = vocabularies
    self.candidateNormalizers = candidateNormalizers
    self.queryNormalizers = queryNormalizers
  }

  /// Vocabularies from the training impressions: videos and channels by clicks, truncated to the
  /// configured top N (the rest are out of vocabulary, the zero embedding); the small spaces
  /// (languages, regions, devices, genders) keep every value. Quantiles from the training values.
  ///
  /// - Complexity: O(examples log examples).
  public init(columns: EventColumns, training: RankingExamples, config: RankingConfig) {
    var videoClicks: [String: Int] = [:]
    var channelClicks: [String: Int] = [:]
    for i in 0..<training.count where training.clicked[i] {
      let v = Int(training.video[i])
      videoClicks[columns.videos.ids[v], default: 0] += 1
      channelClicks[columns.videos.channels.names[Int(columns.videos.channel[v])], default: 0] += 1
    }
    func all(_ names: [String], _ codes: [Int32]) -> Vocabulary<String> {
      Vocabulary(counting: codes.filter { $0 >= 0 }.map { names[Int($0)] })
    }
    var vocabularies = [Vocabulary<String>](repeating: Vocabulary(counts: [:]), count: IDSpace.allCases.count)
    vocabularies[IDSpace.videos.rawValue] = Vocabulary(counts: videoClicks, maxSize: config.videoVocabularySize)
    vocabularies[IDSpace.channels.rawValue] = Vocabulary(counts: channelClicks, maxSize: config.channelVocabularySize)
    vocabularies[IDSpace.languages.rawValue] = all(
      columns.languages.names, columns.users.language + columns.videos.language)
    vocabularies[IDSpace.regions.rawValue] = all(columns.users.regions.names, columns.users.region)
    vocabularies[IDSpace.devices.rawValue] = all(columns.users.devices.names, columns.users.device)
    vocabularies[IDSpace.genders.rawValue] = all(columns.users.genders.names, columns.users.gender)
    self.vocabularies = vocabularies

    let c = CandidateFeature.allCases.count
    candidateNormalizers = CandidateFeature.allCases.map { feature in
      QuantileNormalizer(
        fitting: stride(from: feature.rawValue, to: training.candidateValues.count, by: c).map {
          training.candidateValues[$0]
        }, buckets: config.quantileBuckets)
    }
    let q = QueryFeature.allCases.count
    queryNormalizers = QueryFeature.allCases.map { feature in
      QuantileNormalizer(
        fitting: stride(from: feature.rawValue, to: training.queryValues.count, by: q).map {
          training.queryValues[$0]
        }, buckets: config.quantileBuckets)
    }
  }

  /// The number of values of an ID space (its table's rows).
  public func size(of space: IDSpace) -> Int { vocabularies[space.rawValue].count }
}

/// A workspace's codes mapped to the rows of the ranking model's tables (-1 = out of vocabulary).
public struct RankingFeatureLookup: Sendable {
  /// Table row of each workspace video.
  public var videoRow: [Int32]
  /// Table row of each workspace channel code.
  public var channelRow: [Int32]
  /// Table row of each workspace language code.
  public var languageRow: [Int32]
  /// Table row of each workspace region code.
  public var regionRow: [Int32]
  /// Table row of each workspace device code.
  public var deviceRow: [Int32]
  /// Table row of each workspace gender code.
  public var genderRow: [Int32]

  /// Maps `columns` into `space`.
  public init(columns: EventColumns, space: RankingFeatureSpace) {
    func rows(_ names: [String], _ idSpace: IDSpace) -> [Int32] {
      names.map { space.vocabularies[idSpace.rawValue].index(of: $0) }
    }
    videoRow = rows(columns.videos.ids, .videos)
    channelRow = rows(columns.videos.channels.names, .channels)
    languageRow = rows(columns.languages.names, .languages)
    regionRow = rows(columns.users.regions.names, .regions)
    deviceRow = rows(columns.users.devices.names, .devices)
    genderRow = rows(columns.users.genders.names, .genders)
  }

  /// The lookup of `columns`, whose videos, channels and languages are `base`'s (a what-if
  /// copy): only the user-side codes (regions, devices, genders) are mapped again.
  public init(columns: EventColumns, space: RankingFeatureSpace, reusing base: RankingFeatureLookup) {
    func rows(_ names: [String], _ idSpace: IDSpace) -> [Int32] {
      names.map { space.vocabularies[idSpace.rawValue].index(of: $0) }
    }
    videoRow = base.videoRow
    channelRow = base.channelRow
    languageRow = base.languageRow
    regionRow = rows(columns.users.regions.names, .regions)
    deviceRow = rows(columns.users.devices.names, .devices)
    genderRow = rows(columns.users.genders.names, .genders)
  }

  /// The table row of categorical feature `feature` for candidate video `video` of user `user`,
  /// whose history ends at watch position `historyEnd`.
  public func row(
    _ feature: CategoricalFeature, video: Int32, user: Int32, historyEnd: Int, columns: EventColumns
  ) -> Int32 {
    func lookup(_ table: [Int32], _ code: Int32) -> Int32 {
      code >= 0 && Int(code) < table.count ? table[Int(code)] : -1
    }
    switch feature {
    case .video: return videoRow[Int(video)]
    case .channel: return lookup(channelRow, columns.videos.channel[Int(video)])
    case .videoLanguage: return lookup(languageRow, columns.videos.language[Int(video)])
    case .lastWatched:
      let start = columns.watches.range(ofUser: Int(user)).lowerBound
      return historyEnd > start ? videoRow[Int(columns.watches.video[historyEnd - 1])] : -1
    case .userLanguage: return lookup(languageRow, columns.users.language[Int(user)])
    case .region: return lookup(regionRow, columns.users.region[Int(user)])
    case .device: return lookup(deviceRow, columns.users.device[Int(user)])
    case .gender: return lookup(genderRow, columns.users.gender[Int(user)])
    }
  }
}
