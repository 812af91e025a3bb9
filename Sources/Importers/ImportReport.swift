/// What one file of an import brought in.
public struct FileImportReport: Sendable, Equatable, Codable {
  /// The file.
  public var file: String
  /// The entity its rows are.
  public var entity: String
  /// Data rows read.
  public var rows: Int
  /// Field → the header column it was read from.
  public var columns: [String: String]
  /// Header columns no field uses (read and ignored).
  public var ignoredColumns: [String]
  /// What was filled in for missing values, with the number of rows ("watchSeconds from rating": 3).
  public var defaults: [String: Int]
  /// Anything else worth saying (units detected, and so on).
  public var notes: [String]
}

/// What an import added to a workspace.
public struct ImportReport: Sendable, Equatable, Codable {
  /// The format imported ("ml-100k", "ml-1m", "csv", "recbole", "mind", "kuairec", ...).
  public var format: String
  /// Videos created or updated.
  public var videos: Int
  /// Users created or updated.
  public var users: Int
  /// Watches added.
  public var watches: Int
  /// Seconds taken.
  public var seconds: Double
  /// Impressions added.
  public var impressions = 0
  /// Searches added.
  public var searches = 0
  /// Videos new to the workspace.
  public var newVideos = 0
  /// Videos that were already there (matched by ID).
  public var existingVideos = 0
  /// Users new to the workspace.
  public var newUsers = 0
  /// Users that were already there.
  public var existingUsers = 0
  /// Existing videos whose metadata the import changed (and the first few IDs).
  public var changedVideos: [String] = []
  /// Existing users whose attributes the import changed.
  public var changedUsers: [String] = []
  /// Per file: columns used, ignored, defaults.
  public var files: [FileImportReport] = []
}
