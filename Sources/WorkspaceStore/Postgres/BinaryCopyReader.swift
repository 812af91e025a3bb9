/// Reads PostgreSQL's binary COPY format (`COPY ... TO STDOUT (FORMAT binary)`): an 11-byte
/// signature, flags and a header extension, then per row a 16-bit field count and each field as
/// a 32-bit length (-1 for NULL) and its bytes, big-endian; a count of -1 ends the data.
///
/// libpq hands the data over one row per message (the first also holding the header), so the
/// reader keeps only whether the header and the trailer have been seen.
public struct BinaryCopyReader {
  static let signature: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00]
  let source: String
  private var sawHeader = false
  private var sawTrailer = false
  private var rows = 0

  init(source: String) { self.source = source }

  /// One row's fields, read in order; valid only inside the callback that receives it. It holds
  /// no reference (a row a callback is made for millions of times); its errors name the row, and
  /// the reader adds the source.
  public struct Row {
    private let bytes: UnsafeRawBufferPointer
    private var offset: Int
    private let row: Int
    /// Fields in the row.
    public let fieldCount: Int

    init(bytes: UnsafeRawBufferPointer, offset: Int, fieldCount: Int, row: Int) {
      self.bytes = bytes
      self.offset = offset
      self.fieldCount = fieldCount
      self.row = row
    }

    /// The next field's bytes (nil for NULL).
    @inline(__always)
    mutating func next() throws(WorkspaceError) -> UnsafeRawBufferPointer? {
      let length = Int(Int32(bitPattern: try big(UInt32.self)))
      guard length >= 0 else { return nil }
      guard offset + length <= bytes.count else { throw malformed("field runs past the row") }
      defer { offset += length }
      return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + length)])
    }

    /// The next field as a 64-bit integer (`bigint`).
    @inline(__always)
    public mutating func int64() throws(WorkspaceError) -> Int64 {
      Int64(bitPattern: try fixed(UInt64.self, "bigint"))
    }

    /// The next field as a 32-bit integer (`integer`).
    @inline(__always)
    public mutating func int32() throws(WorkspaceError) -> Int32 {
      Int32(bitPattern: try fixed(UInt32.self, "integer"))
    }

    /// The next field as a 16-bit integer (`smallint`).
    @inline(__always)
    public mutating func int16() throws(WorkspaceError) -> Int16 {
      Int16(bitPattern: try fixed(UInt16.self, "smallint"))
    }

    /// The next field as a double (`double precision`), or nil for NULL.
    @inline(__always)
    public mutating func optionalDouble() throws(WorkspaceError) -> Double? {
      guard let field = try next() else { return nil }
      guard field.count == 8 else { throw malformed("a double precision field of \(field.count) bytes") }
      return Double(bitPattern: UInt64(bigEndian: field.loadUnaligned(as: UInt64.self)))
    }

    /// The next field as a double (`double precision`).
    @inline(__always)
    public mutating func double() throws(WorkspaceError) -> Double {
      guard let value = try optionalDouble() else { throw malformed("NULL where a number belongs") }
      return value
    }

    /// The next field as text, or nil for NULL.
    public mutating func optionalText() throws(WorkspaceError) -> String? {
      guard let field = try next() else { return nil }
      return String(decoding: field, as: UTF8.self)
    }

    /// The next field as text.
    public mutating func text() throws(WorkspaceError) -> String {
      guard let value = try optionalText() else { throw malformed("NULL where text belongs") }
      return value
    }

    @inline(__always)
    private mutating func fixed<T: FixedWidthInteger>(_: T.Type, _ name: String) throws(WorkspaceError) -> T {
      guard let field = try next() else { throw malformed("NULL where \(name) belongs") }
      guard field.count == MemoryLayout<T>.size else { throw malformed("a \(name) field of \(field.count) bytes") }
      return T(bigEndian: field.loadUnaligned(as: T.self))
    }

    @inline(__always)
    private mutating func big<T: FixedWidthInteger>(_: T.Type) throws(WorkspaceError) -> T {
      let size = MemoryLayout<T>.size
      guard offset + size <= bytes.count else { throw malformed("row ends inside a field length") }
      defer { offset += size }
      return T(bigEndian: bytes.loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    private func malformed(_ reason: String) -> WorkspaceError {
      .database(path: "", message: "binary COPY row \(row + 1): \(reason)")
    }
  }

  /// Reads one data message: the header (first message), then a row for `body`, or the trailer.
  mutating func consume(_ message: UnsafeRawBufferPointer, _ body: (inout Row) throws -> Void) throws {
    var offset = 0
    if !sawHeader {
      let headerLength = Self.signature.count + 8
      guard message.count >= headerLength, Array(message.prefix(Self.signature.count)) == Self.signature else {
        throw WorkspaceError.database(path: source, message: "not binary COPY data (no PGCOPY signature)")
      }
      let extensionLength = Int(UInt32(bigEndian: message.loadUnaligned(fromByteOffset: 15, as: UInt32.self)))
      offset = headerLength + extensionLength
      sawHeader = true
      if offset == message.count { return }
    }
    guard offset + 2 <= message.count else {
      throw WorkspaceError.database(path: source, message: "binary COPY row \(rows + 1): no field count")
    }
    let count = Int16(bitPattern: UInt16(bigEndian: message.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
    if count == -1 {
      sawTrailer = true
      return
    }
    var row = Row(bytes: message, offset: offset + 2, fieldCount: Int(count), row: rows)
    do { try body(&row) } catch WorkspaceError.database(let path, let message) where path.isEmpty {
      throw WorkspaceError.database(path: source, message: message)
    }
    rows += 1
  }

  /// Checks that the data ended with the trailer (a cut stream is an error, not fewer rows).
  func finish() throws(WorkspaceError) {
    guard sawTrailer || !sawHeader else {
      throw .database(path: source, message: "binary COPY data ended without its trailer after \(rows) rows")
    }
  }
}
