import Foundation

/// Which CSV columns hold which fields of a watch log.
///
/// Columns left `nil` are found by common header names (`userId`, `movieId`, `item_id`,
/// `timestamp`, `rating`, ...), so that the usual `userId,movieId,rating,timestamp` file
/// imports without any mapping.
public struct ColumnMapping: Sendable, Equatable, Codable {
  /// User ID column (required).
  public var user: String?
  /// Video (item) ID column (required).
  public var video: String?
  /// Time column: Unix seconds (or milliseconds) or ISO 8601 (required).
  public var time: String?
  /// Seconds watched (optional).
  public var watchSeconds: String?
  /// Rating or weight (optional); scaled into watch time when no watch-seconds column exists.
  public var rating: String?
  /// Video title (optional).
  public var title: String?
  /// Video category or topic (optional).
  public var category: String?
  /// Video duration in seconds (optional).
  public var duration: String?

  /// A mapping; `nil` columns are detected from the header.
  public init(
    user: String? = nil, video: String? = nil, time: String? = nil, watchSeconds: String? = nil,
    rating: String? = nil, title: String? = nil, category: String? = nil, duration: String? = nil
  ) {
    self.user = user
    self.video = video
    self.time = time
    self.watchSeconds = watchSeconds
    self.rating = rating
    self.title = title
    self.category = category
    self.duration = duration
  }

  /// Reads a JSON mapping file such as `{"user": "uid", "video": "item", "time": "ts"}`.
  ///
  /// - Throws: ``ImportError`` naming the file when it is unreadable or not such an object.
  public static func load(from url: URL) throws(ImportError) -> ColumnMapping {
    do {
      return try JSONDecoder().decode(ColumnMapping.self, from: Data(contentsOf: url))
    } catch {
      throw ImportError(
        file: url.path, line: 0,
        message: "not a column mapping (expected a JSON object with keys user, video, time, watchSeconds, "
          + "rating, title, category, duration): \(error)")
    }
  }

  /// The mapping as field name → header name (the form ``DatasetImporter`` takes).
  public var fields: [String: String] {
    var result: [String: String] = [:]
    let pairs: [(String, String?)] = [
      ("user", user), ("video", video), ("time", time), ("watchSeconds", watchSeconds), ("rating", rating),
      ("title", title), ("category", category), ("duration", duration),
    ]
    for (name, column) in pairs { if let column { result[name] = column } }
    return result
  }
}
