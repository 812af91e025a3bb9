import CLibPQ
import Foundation

/// One libpq connection to a PostgreSQL workspace database: statements with text parameters,
/// `COPY ... FROM STDIN` (text) for imports, `COPY ... TO STDOUT (FORMAT binary)` for columnar
/// loading, and session advisory locks for the one-writer rule. Used from one thread at a time.
///
/// Errors are ``WorkspaceError/database(path:message:)`` with the URL (its password removed) as
/// the path and libpq's message with control characters replaced, so that nothing the server
/// sends reaches a terminal raw.
public final class PostgresConnection {
  private let handle: OpaquePointer
  /// The URL without its password, for messages.
  public let displayURL: String

  /// Connects to `url` (`postgresql://user[:password]@host[:port]/database[?...]`, libpq's URI
  /// form) with a connect timeout of 10 s unless the URL sets one.
  ///
  /// - Throws: ``WorkspaceError/database(path:message:)`` naming an unreachable server, a
  ///   refused login or a missing database.
  public init(url: String) throws(WorkspaceError) {
    displayURL = Self.redacted(url)
    let withTimeout =
      url.contains("connect_timeout=") ? url : url + (url.contains("?") ? "&" : "?") + "connect_timeout=10"
    guard let connection = PQconnectdb(withTimeout) else {
      throw .database(path: displayURL, message: "libpq could not allocate a connection")
    }
    guard PQstatus(connection) == CONNECTION_OK else {
      let message = Self.clean(String(cString: PQerrorMessage(connection)))
      PQfinish(connection)
      throw .database(path: displayURL, message: "cannot connect: \(message)")
    }
    handle = connection
    _ = try? execute("SET client_min_messages = warning")
  }

  deinit { PQfinish(handle) }

  /// The rows of a statement's result, each field as text (nil for NULL).
  public struct Rows: Sendable {
    /// Field texts by row, then column.
    public var values: [[String?]]
    /// The rows a command touched (INSERT, UPDATE, DELETE), when it says.
    public var affected: Int
  }

  /// Runs `sql` with `$1`, `$2`, ... bound to `parameters` (text; nil is NULL).
  @discardableResult
  public func execute(_ sql: String, _ parameters: [String?] = []) throws(WorkspaceError) -> Rows {
    let result = withTextParameters(parameters) { values in
      PQexecParams(handle, sql, Int32(parameters.count), nil, values, nil, nil, 0)
    }
    guard let result else { throw failure("no result for \(Self.summary(sql))") }
    defer { PQclear(result) }
    let status = PQresultStatus(result)
    guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
      throw failure(String(cString: PQresultErrorMessage(result)), statement: sql)
    }
    var rows: [[String?]] = []
    let count = PQntuples(result)
    let fields = PQnfields(result)
    rows.reserveCapacity(Int(count))
    for r in 0..<count {
      rows.append(
        (0..<fields).map { f in PQgetisnull(result, r, f) == 1 ? nil : String(cString: PQgetvalue(result, r, f)) })
    }
    return Rows(values: rows, affected: Int(String(cString: PQcmdTuples(result))) ?? 0)
  }

  /// The first field of the first row, if any.
  public func scalar(_ sql: String, _ parameters: [String?] = []) throws(WorkspaceError) -> String? {
    try execute(sql, parameters).values.first?.first ?? nil
  }

  /// Streams rows into `COPY table (columns) FROM STDIN` in text format: `body` appends rows to
  /// the buffer (``CopyText``), which is flushed in chunks of about 1 MB.
  public func copyIn(_ sql: String, _ body: (inout CopyText) throws -> Void) throws {
    try startCopy(sql, expecting: PGRES_COPY_IN)
    var buffer = CopyText(connection: self)
    do {
      try body(&buffer)
      try buffer.flush()
    } catch {
      _ = PQputCopyEnd(handle, "aborted by the client")
      drainResults()
      throw error
    }
    guard PQputCopyEnd(handle, nil) == 1 else { throw failure(String(cString: PQerrorMessage(handle))) }
    try finishCommand(sql)
  }

  /// Sends one chunk of COPY data.
  func putCopyData(_ bytes: [UInt8]) throws(WorkspaceError) {
    let sent = bytes.withUnsafeBufferPointer { buffer in
      buffer.withMemoryRebound(to: CChar.self) { PQputCopyData(handle, $0.baseAddress, Int32(buffer.count)) }
    }
    guard sent == 1 else { throw failure(String(cString: PQerrorMessage(handle))) }
  }

  /// Runs `COPY (query) TO STDOUT (FORMAT binary)` and hands each data message (one row, as
  /// libpq delivers them) to `row`, the binary header and trailer stripped by ``BinaryCopyReader``.
  public func copyOutBinary(_ sql: String, _ row: (inout BinaryCopyReader.Row) throws -> Void) throws {
    try startCopy(sql, expecting: PGRES_COPY_OUT)
    var reader = BinaryCopyReader(source: displayURL)
    while true {
      var pointer: UnsafeMutablePointer<CChar>?
      let length = PQgetCopyData(handle, &pointer, 0)
      if length == -1 { break }
      guard length >= 0, let pointer else { throw failure(String(cString: PQerrorMessage(handle))) }
      defer { PQfreemem(pointer) }
      try reader.consume(UnsafeRawBufferPointer(start: pointer, count: Int(length)), row)
    }
    try finishCommand(sql)
    try reader.finish()
  }

  /// Takes the session advisory lock `key` if no other session holds it.
  public func tryAdvisoryLock(_ key: Int64) throws(WorkspaceError) -> Bool {
    try scalar("SELECT pg_try_advisory_lock($1)", [String(key)]) == "t"
  }

  /// Releases the session advisory lock `key`.
  public func advisoryUnlock(_ key: Int64) throws(WorkspaceError) {
    try execute("SELECT pg_advisory_unlock($1)", [String(key)])
  }

  /// Runs `body` in one transaction: committed when it returns, rolled back when it throws.
  public func transaction<T>(_ body: () throws -> T) throws -> T {
    try execute("BEGIN")
    do {
      let value = try body()
      try execute("COMMIT")
      return value
    } catch {
      _ = try? execute("ROLLBACK")
      throw error
    }
  }

  /// Sends a COPY statement and checks that the server entered the copy state `expected`.
  private func startCopy(_ sql: String, expecting expected: ExecStatusType) throws(WorkspaceError) {
    guard let start = PQexec(handle, sql) else { throw failure("no result for \(Self.summary(sql))") }
    let status = PQresultStatus(start)
    let message = String(cString: PQresultErrorMessage(start))
    PQclear(start)
    guard status == expected else { throw failure(message, statement: sql) }
  }

  private func finishCommand(_ sql: String) throws(WorkspaceError) {
    var message: String?
    while let result = PQgetResult(handle) {
      if PQresultStatus(result) != PGRES_COMMAND_OK { message = String(cString: PQresultErrorMessage(result)) }
      PQclear(result)
    }
    if let message { throw failure(message, statement: sql) }
  }

  private func drainResults() {
    while let result = PQgetResult(handle) { PQclear(result) }
  }

  private func failure(_ message: String, statement: String? = nil) -> WorkspaceError {
    let context = statement.map { " (in \(Self.summary($0)))" } ?? ""
    return .database(path: displayURL, message: Self.clean(message) + context)
  }

  private func withTextParameters<R>(_ parameters: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let copies = parameters.map { $0.map { strdup($0) } ?? nil }
    defer { for copy in copies { free(copy) } }
    return body(copies.map { $0.map { UnsafePointer($0) } })
  }

  /// libpq's message on one line, control characters replaced.
  static func clean(_ message: String) -> String {
    String(
      message.trimmingCharacters(in: .whitespacesAndNewlines).unicodeScalars.map {
        $0.properties.generalCategory == .control ? " " : Character($0)
      })
  }

  /// The first words of a statement, for messages.
  static func summary(_ sql: String) -> String {
    let words = sql.split(whereSeparator: \.isWhitespace).prefix(4).joined(separator: " ")
    return words.count > 60 ? String(words.prefix(60)) + "…" : words
  }

  /// `url` without the password of its user part.
  static func redacted(_ url: String) -> String {
    guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else { return url }
    let user = url[scheme.upperBound..<at]
    guard let colon = user.firstIndex(of: ":") else { return url }
    return String(url[..<colon]) + ":***" + String(url[at...])
  }
}

/// Rows of a text-format COPY, escaped (backslash, tab, newline, carriage return), buffered and
/// flushed to the server in chunks.
public struct CopyText {
  private let connection: PostgresConnection
  private var bytes: [UInt8] = []
  private var fieldsInRow = 0
  static let chunk = 1 << 20

  init(connection: PostgresConnection) {
    self.connection = connection
    bytes.reserveCapacity(Self.chunk + 4096)
  }

  /// Appends a text field (escaped).
  public mutating func field(_ text: String) {
    separate()
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\\"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
      case UInt8(ascii: "\t"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
      case UInt8(ascii: "\n"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
      case UInt8(ascii: "\r"): bytes += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
      default: bytes.append(byte)
      }
    }
  }

  /// Appends an integer field.
  public mutating func field(_ value: Int64) {
    separate()
    bytes.append(contentsOf: String(value).utf8)
  }

  /// Appends a floating-point field (shortest round-tripping decimal).
  public mutating func field(_ value: Double) {
    separate()
    bytes.append(contentsOf: "\(value)".utf8)
  }

  /// Appends NULL.
  public mutating func null() {
    separate()
    bytes += [UInt8(ascii: "\\"), UInt8(ascii: "N")]
  }

  /// Ends the row; flushes when the buffer is full.
  public mutating func endRow() throws {
    bytes.append(UInt8(ascii: "\n"))
    fieldsInRow = 0
    if bytes.count >= Self.chunk { try flush() }
  }

  mutating func flush() throws {
    guard !bytes.isEmpty else { return }
    try connection.putCopyData(bytes)
    bytes.removeAll(keepingCapacity: true)
  }

  private mutating func separate() {
    if fieldsInRow > 0 { bytes.append(UInt8(ascii: "\t")) }
    fieldsInRow += 1
  }
}
