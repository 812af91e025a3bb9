/// What an import added to a workspace.
public struct ImportReport: Sendable, Equatable, Codable {
  /// The format imported ("ml-100k", "ml-1m", "csv").
  public var format: String
  /// Videos created or updated.
  public var videos: Int
  /// Users created or updated.
  public var users: Int
  /// Watches added.
  public var watches: Int
  /// Seconds taken.
  public var seconds: Double
}
