/// The workspace schema in PostgreSQL: the SQLite workspace's tables, columns and indexes with
/// PostgreSQL's types (`"user"` quoted: it is a reserved word there). The layout version is the
/// same number as SQLite's (``Schema/version``), kept in `meta` under `schema_version`.
enum PostgresSchema {
  static let statements: [String] = [
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """
    CREATE TABLE videos (idx BIGINT PRIMARY KEY, external_id TEXT NOT NULL UNIQUE, title TEXT NOT NULL,
      channel TEXT NOT NULL, topic TEXT NOT NULL, language TEXT NOT NULL, duration_s DOUBLE PRECISION NOT NULL,
      upload_time BIGINT NOT NULL)
    """,
    """
    CREATE TABLE users (idx BIGINT PRIMARY KEY, external_id TEXT NOT NULL UNIQUE, age DOUBLE PRECISION,
      gender TEXT, region TEXT NOT NULL, language TEXT NOT NULL, device TEXT NOT NULL, logged_in SMALLINT NOT NULL)
    """,
    """
    CREATE TABLE watches ("user" INTEGER NOT NULL, video INTEGER NOT NULL, time BIGINT NOT NULL,
      watch_s DOUBLE PRECISION NOT NULL, source SMALLINT NOT NULL)
    """,
    """
    CREATE TABLE impressions ("user" INTEGER NOT NULL, video INTEGER NOT NULL, time BIGINT NOT NULL,
      request BIGINT NOT NULL, position SMALLINT NOT NULL, clicked SMALLINT NOT NULL,
      watch_s DOUBLE PRECISION NOT NULL)
    """,
    #"CREATE TABLE searches ("user" INTEGER NOT NULL, time BIGINT NOT NULL, query TEXT NOT NULL)"#,
    #"CREATE INDEX watches_user_time ON watches("user", time)"#,
    "CREATE INDEX watches_video ON watches(video)",
    #"CREATE INDEX impressions_user_time ON impressions("user", time)"#,
    #"CREATE INDEX searches_user_time ON searches("user", time)"#,
  ]

  /// The tables, in the order an import fills them.
  static let tables = ["meta", "videos", "users", "watches", "impressions", "searches"]
}
