/// The entities a dataset brings in, each from its own delimited file.
public enum EntityKind: String, Sendable, CaseIterable, Codable, Hashable {
  /// The video catalogue.
  case videos
  /// Users and their attributes.
  case users
  /// Watches (the candidate model's labels, Paper §3).
  case watches
  /// Logged impressions (the ranking model's examples, Paper §4).
  case impressions
  /// Search queries (Paper §3.3).
  case searches

  /// The fields of this entity, in import order, with the header names they are found by.
  public var fields: [FieldSpec] {
    switch self {
    case .videos:
      [
        FieldSpec(
          "id", ["id", "video", "videoid", "video_id", "item", "itemid", "item_id", "movieid", "movie_id", "news_id"],
          required: true),
        FieldSpec("title", ["title", "name", "video_title", "movie_title", "item_title"]),
        FieldSpec("channel", ["channel", "channel_id", "author", "author_id", "uploader", "creator"]),
        FieldSpec(
          "topic", ["topic", "category", "genre", "genres", "class", "categories", "first_level_category_name"]),
        FieldSpec("language", ["language", "lang", "locale"]),
        FieldSpec("duration", ["duration", "duration_s", "length", "length_s", "video_duration", "duration_ms"]),
        FieldSpec(
          "uploadTime",
          ["upload_time", "uploadtime", "uploaded_at", "upload_dt", "release_date", "published_at", "release_year"]),
      ]
    case .users:
      [
        FieldSpec("id", ["id", "user", "userid", "user_id", "uid", "customer_id", "visitorid"], required: true),
        FieldSpec("age", ["age", "age_years"]),
        FieldSpec("gender", ["gender", "sex"]),
        FieldSpec("region", ["region", "country", "zip_code", "zip", "location", "city", "province"]),
        FieldSpec("language", ["language", "lang", "locale"]),
        FieldSpec("device", ["device", "device_type", "platform"]),
      ]
    case .watches:
      [
        FieldSpec("user", ["user", "userid", "user_id", "uid", "customer_id", "visitorid"], required: true),
        FieldSpec(
          "video",
          ["video", "videoid", "video_id", "movieid", "movie_id", "item", "itemid", "item_id", "iid", "product_id"],
          required: true),
        FieldSpec(
          "time", ["timestamp", "time", "ts", "datetime", "time_ms", "event_time", "watched_at", "date"], required: true
        ),
        FieldSpec(
          "watchSeconds",
          [
            "watch_seconds", "watchseconds", "watch_time", "watchtime", "seconds_watched", "dwell_time",
            "play_duration", "play_time_ms",
          ]),
        FieldSpec("rating", ["rating", "weight", "score", "stars"]),
        FieldSpec("title", ["title", "name", "video_title", "movie_title"]),
        FieldSpec("category", ["category", "genre", "genres", "topic"]),
        FieldSpec("duration", ["duration", "duration_s", "length", "length_s", "video_duration", "duration_ms"]),
      ]
    case .impressions:
      [
        FieldSpec("user", ["user", "userid", "user_id", "uid"], required: true),
        FieldSpec(
          "video", ["video", "videoid", "video_id", "item", "itemid", "item_id", "movieid", "movie_id"], required: true),
        FieldSpec("time", ["timestamp", "time", "ts", "datetime", "time_ms", "served_at"], required: true),
        FieldSpec("request", ["request", "request_id", "page", "page_id", "impression_id", "slate_id"]),
        FieldSpec("position", ["position", "pos", "rank", "slot"]),
        FieldSpec("clicked", ["clicked", "click", "is_click", "label"]),
        FieldSpec(
          "watchSeconds",
          ["watch_seconds", "watchseconds", "watch_time", "play_duration", "play_time_ms", "dwell_time"]),
        FieldSpec("duration", ["duration", "duration_s", "video_duration", "duration_ms"]),
      ]
    case .searches:
      [
        FieldSpec("user", ["user", "userid", "user_id", "uid"], required: true),
        FieldSpec("time", ["time", "timestamp", "ts", "datetime", "searched_at"], required: true),
        FieldSpec("query", ["query", "search", "search_query", "text", "q"], required: true),
      ]
    }
  }
}

/// One field of an entity: the name a mapping file uses and the header names it is found by.
public struct FieldSpec: Sendable, Equatable {
  /// The field's name in mappings (`watchSeconds`, `uploadTime`, ...).
  public var name: String
  /// Header names (compared lower-cased, RecBole `:type` suffixes removed) that hold it.
  public var aliases: [String]
  /// Whether a file of this entity must have it.
  public var required: Bool

  init(_ name: String, _ aliases: [String], required: Bool = false) {
    self.name = name
    self.aliases = aliases
    self.required = required
  }
}
