import GRDB

#if canImport(GRDBSQLite)
  import GRDBSQLite
#else
  import SQLite3
#endif

/// A prepared INSERT bound through the SQLite C API, for the bulk-write hot path.
///
/// Measured: GRDB's `StatementArguments` cost about 60% of synthetic-world generation;
/// binding directly removes that. Only the writer uses it, inside its transaction.
struct RawInsert {
  let statement: Statement
  let path: String

  /// SQLite's "copy the text now" destructor, which C exposes only as a macro.
  private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

  func bind(_ index: Int32, _ value: Int64) {
    sqlite3_bind_int64(statement.sqliteStatement, index, value)
  }

  func bind(_ index: Int32, _ value: Double) {
    sqlite3_bind_double(statement.sqliteStatement, index, value)
  }

  func bind(_ index: Int32, _ value: String) {
    sqlite3_bind_text(statement.sqliteStatement, index, value, -1, Self.transient)
  }

  /// Executes the bound statement and resets it for the next row.
  func step() throws(WorkspaceError) {
    let handle = statement.sqliteStatement
    let code = sqlite3_step(handle)
    sqlite3_reset(handle)
    guard code == SQLITE_DONE else {
      let message = sqlite3_errmsg(sqlite3_db_handle(handle)).map { String(cString: $0) } ?? "code \(code)"
      throw .database(path: path, message: message)
    }
  }
}
