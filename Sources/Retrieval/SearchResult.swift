/// One retrieved item: its identifier and inner-product score.
public struct SearchResult: Sendable, Equatable {
  /// The item's identifier (for videos, the candidate model's class).
  public var id: Int32
  /// Inner product with the query.
  public var score: Float

  /// A result.
  public init(id: Int32, score: Float) {
    self.id = id
    self.score = score
  }
}
