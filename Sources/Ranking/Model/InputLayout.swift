/// Where each input lives in the ranking network's concatenated input vector, and which
/// feature group owns each column. Candidate-side blocks come first, query-side blocks after.
public struct InputLayout: Sendable, Equatable {
  /// What a block holds.
  public enum Content: Sendable, Equatable {
    /// The embedding of a univalent categorical feature.
    case categorical(CategoricalFeature)
    /// The mean embedding of the last watched videos.
    case history
    /// A normalised candidate feature (and its powers).
    case candidate(CandidateFeature)
    /// A normalised query feature (and its powers).
    case query(QueryFeature)
  }

  /// One contiguous block of input columns.
  public struct Block: Sendable, Equatable {
    /// What it holds.
    public var content: Content
    /// First column.
    public var offset: Int
    /// Number of columns.
    public var width: Int
    /// The owning group.
    public var group: FeatureGroup
  }

  /// The blocks in column order.
  public private(set) var blocks: [Block] = []
  /// Total input width.
  public private(set) var width = 0
  /// Columns `0..<candidateWidth` vary by candidate; the rest are the same for a whole request.
  public private(set) var candidateWidth = 0
  /// The group of every column.
  public private(set) var columnGroups: [FeatureGroup] = []

  /// The layout for a feature space's table sizes and a configuration.
  public init(embeddingWidths: [Int], powers: Bool) {
    let continuousWidth = powers ? 3 : 1
    for feature in CategoricalFeature.candidateSide {
      append(.categorical(feature), embeddingWidths[feature.space.rawValue], feature.group)
    }
    for feature in CandidateFeature.allCases { append(.candidate(feature), continuousWidth, feature.group) }
    candidateWidth = width
    for feature in CategoricalFeature.querySide {
      append(.categorical(feature), embeddingWidths[feature.space.rawValue], feature.group)
    }
    append(.history, embeddingWidths[IDSpace.videos.rawValue], .watchHistory)
    for feature in QueryFeature.allCases { append(.query(feature), continuousWidth, feature.group) }
  }

  private mutating func append(_ content: Content, _ blockWidth: Int, _ group: FeatureGroup) {
    blocks.append(Block(content: content, offset: width, width: blockWidth, group: group))
    columnGroups.append(contentsOf: repeatElement(group, count: blockWidth))
    width += blockWidth
  }
}
