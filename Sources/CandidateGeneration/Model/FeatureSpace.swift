import NeuralCore
import WorkspaceStore

/// The ID spaces and normalisations of a candidate-generation model, built in one pass over
/// the training data before training (Paper §3.5, §4.1).
public struct FeatureSpace: Sendable {
  /// Videos by training frequency; the index is the softmax class.
  public var videos: Vocabulary<String>
  /// Search tokens (unigrams and bigrams) by frequency.
  public var tokens: Vocabulary<String>
  /// Region names; the index is the embedding row.
  public var regions: [String]
  /// Device names; the index is the embedding row.
  public var devices: [String]
  /// End of the training window, Unix seconds; example age is measured back from it.
  public var trainingWindowEnd: Int64
  /// Example ages are divided by this (the training window's length) to fall in [0, 1].
  public var exampleAgeScale: Double

  /// Builds the vocabularies from the training part of `split`.
  public init(columns: EventColumns, split: EvaluationSplit, config: CandidateConfig) {
    var videoCounts: [String: Int] = [:]
    var tokenCounts: [String: Int] = [:]
    var firstTime = Int64.max
    for u in 0..<columns.users.count {
      let start = columns.watches.userOffsets[u]
      for i in start..<split.trainingEnd[u] {
        videoCounts[columns.videos.ids[Int(columns.watches.video[i])], default: 0] += 1
        firstTime = min(firstTime, columns.watches.time[i])
      }
      for i in columns.searches.range(ofUser: u) where columns.searches.time[i] < split.trainingWindowEnd {
        for token in QueryTokenizer.tokens(columns.searches.query[i]) { tokenCounts[token, default: 0] += 1 }
      }
    }
    videos = Vocabulary(counts: videoCounts, maxSize: config.maxVideos)
    tokens = Vocabulary(counts: tokenCounts, maxSize: config.maxTokens)
    regions = columns.users.regions.names
    devices = columns.users.devices.names
    trainingWindowEnd = split.trainingWindowEnd
    exampleAgeScale = firstTime == .max ? 1 : Double(max(split.trainingWindowEnd - firstTime, 1))
  }

  /// A feature space from saved parts.
  public init(
    videos: Vocabulary<String>, tokens: Vocabulary<String>, regions: [String], devices: [String],
    trainingWindowEnd: Int64, exampleAgeScale: Double
  ) {
    self.videos = videos
    self.tokens = tokens
    self.regions = regions
    self.devices = devices
    self.trainingWindowEnd = trainingWindowEnd
    self.exampleAgeScale = exampleAgeScale
  }

  /// The number of softmax classes (videos in the vocabulary).
  public var classCount: Int { videos.count }
}

/// Feature lookups of one workspace against a feature space: workspace indexes to model IDs.
public struct CandidateFeatureLookup: Sendable {
  /// Class of each workspace video (-1 when out of vocabulary).
  public var classOfVideo: [Int32]
  /// Workspace video of each class.
  public var videoOfClass: [Int32]
  /// Token IDs of each search, aligned with `columns.searches`.
  public var searchTokens: Bags
  /// Region row of each user (-1 when unknown to the model).
  public var regionOfUser: [Int32]
  /// Device row of each user.
  public var deviceOfUser: [Int32]

  /// Maps `columns` into the IDs of `space`.
  public init(columns: EventColumns, space: FeatureSpace) {
    classOfVideo = columns.videos.ids.map { space.videos.index(of: $0) }
    videoOfClass = [Int32](repeating: -1, count: space.classCount)
    for (v, c) in classOfVideo.enumerated() where c >= 0 { videoOfClass[Int(c)] = Int32(v) }
    var bags = Bags()
    for query in columns.searches.query {
      bags.append(QueryTokenizer.tokens(query).map { space.tokens.index(of: $0) }.filter { $0 >= 0 })
    }
    searchTokens = bags
    let regionRow = Dictionary(space.regions.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
    let deviceRow = Dictionary(space.devices.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
    regionOfUser = columns.users.region.map { regionRow[columns.users.regions.names[Int($0)]] ?? -1 }
    deviceOfUser = columns.users.device.map { deviceRow[columns.users.devices.names[Int($0)]] ?? -1 }
  }
}

extension CandidateFeatureLookup {
  /// The lookup of `columns`, one user's edited columns (``EventColumns/editing(user:with:at:)``,
  /// whose search rows are all `user`'s): the video maps are `base`'s, and only that user's
  /// searches are tokenized.
  ///
  /// - Complexity: O(the user's searches) tokenized, O(users) for the demographic rows.
  public init(editing base: CandidateFeatureLookup, columns: EventColumns, user: Int32, space: FeatureSpace) {
    classOfVideo = base.classOfVideo
    videoOfClass = base.videoOfClass
    let u = Int(user)
    var bags = Bags()
    for row in 0..<columns.searches.count {
      bags.append(
        QueryTokenizer.tokens(columns.searches.query[row]).map { space.tokens.index(of: $0) }.filter { $0 >= 0 })
    }
    searchTokens = bags
    regionOfUser = base.regionOfUser
    deviceOfUser = base.deviceOfUser
    let region = columns.users.regions.names[Int(columns.users.region[u])]
    let device = columns.users.devices.names[Int(columns.users.device[u])]
    regionOfUser[u] = space.regions.firstIndex(of: region).map(Int32.init) ?? -1
    deviceOfUser[u] = space.devices.firstIndex(of: device).map(Int32.init) ?? -1
  }
}
