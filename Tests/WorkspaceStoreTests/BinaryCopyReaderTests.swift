import Testing

@testable import WorkspaceStore

@Suite("Binary COPY: PostgreSQL's format read, cut and malformed streams refused")
struct BinaryCopyReaderTests {
  static func header() -> [UInt8] { BinaryCopyReader.signature + [0, 0, 0, 0] + [0, 0, 0, 0] }
  static func be<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.bigEndian) { Array($0) }
  }
  /// One row: a bigint, a NULL, a double and a text.
  static func row(_ n: Int64, _ text: String) -> [UInt8] {
    be(Int16(4)) + be(Int32(8)) + be(n) + be(Int32(-1)) + be(Int32(8)) + be((Double(n) / 4).bitPattern)
      + be(Int32(text.utf8.count)) + Array(text.utf8)
  }

  static func read(_ messages: [[UInt8]]) throws -> [(Int64, Double?, Double, String)] {
    var reader = BinaryCopyReader(source: "test")
    var rows: [(Int64, Double?, Double, String)] = []
    for message in messages {
      try message.withUnsafeBytes { bytes in
        try reader.consume(bytes) { row in
          rows.append((try row.int64(), try row.optionalDouble(), try row.double(), try row.text()))
        }
      }
    }
    try reader.finish()
    return rows
  }

  @Test("rows after the header, NULLs, big-endian numbers, UTF-8 text, the trailer")
  func reads() throws {
    let rows = try Self.read([Self.header() + Self.row(7, "héllo"), Self.row(-2, ""), Self.be(Int16(-1))])
    #expect(rows.count == 2)
    #expect(rows[0].0 == 7 && rows[0].1 == nil && rows[0].2 == 1.75 && rows[0].3 == "héllo")
    #expect(rows[1].0 == -2 && rows[1].2 == -0.5 && rows[1].3 == "")
  }

  @Test("no signature, a field past the row's end, a stream cut before its trailer: errors that say so")
  func refuses() {
    #expect(throws: WorkspaceError.self) { try Self.read([[1, 2, 3] + Self.row(1, "a")]) }
    var cut = Self.row(1, "abc")
    cut.removeLast(2)
    #expect {
      try Self.read([Self.header() + cut, Self.be(Int16(-1))])
    } throws: { "\($0)".contains("row 1") && "\($0)".contains("past the row") }
    #expect {
      try Self.read([Self.header() + Self.row(1, "a")])
    } throws: { "\($0)".contains("without its trailer") }
  }
}
