import Foundation

/// One record of a delimited text file and the line it starts on.
public struct DelimitedRecord: Sendable, Equatable {
  /// The 1-based line number where the record starts.
  public var line: Int
  /// The fields, unquoted.
  public var fields: [String]
}

/// Reads delimited text (CSV per RFC 4180 with quotes, or a plain separator such as `\t`,
/// `|` or `::`), tracking line numbers for error messages.
///
/// Hand-written because the importers must report the exact line and field of bad input,
/// including inside quoted fields that span lines. Bytes that are not UTF-8 are read as
/// UTF-8 by default, or ISO Latin-1 when asked (the GroupLens MovieLens files are Latin-1).
public struct DelimitedReader: Sequence {
  /// How fields are separated.
  public enum Separator: Sendable, Equatable {
    /// Comma-separated values with double-quote quoting.
    case csv
    /// A fixed separator string, no quoting (MovieLens: `\t`, `|`, `::`).
    case plain(String)
  }

  /// How bytes become text.
  public enum Encoding: String, Sendable, CaseIterable {
    /// UTF-8; an invalid byte is an error naming its line.
    case utf8
    /// ISO Latin-1 (every byte is a character).
    case latin1
    /// UTF-8 when the whole file is valid UTF-8, else Latin-1 (the GroupLens MovieLens files).
    case utf8OrLatin1
  }

  private let text: String
  private let separator: Separator
  private let decodingError: ImportError?
  /// The file name used in errors.
  public let file: String

  /// A reader over a file's contents.
  ///
  /// - Throws: ``ImportError`` when the file cannot be read.
  public init(url: URL, separator: Separator, encoding: Encoding = .utf8) throws(ImportError) {
    self.init(data: try Self.read(url), file: url.path, separator: separator, encoding: encoding)
  }

  /// The whole content of `url`, streamed, so that pipes, FIFOs and `/dev/fd/N` (process
  /// substitution) read like files.
  ///
  /// - Throws: ``ImportError`` for a directory, a missing file or a read error.
  static func read(_ url: URL) throws(ImportError) -> Data {
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
      throw ImportError(file: url.path, line: 0, message: "no such file")
    }
    guard !isDirectory.boolValue else {
      throw ImportError(file: url.path, line: 0, message: "is a directory, not a file")
    }
    do {
      let handle = try FileHandle(forReadingFrom: url)
      defer { try? handle.close() }
      return try handle.readToEnd() ?? Data()
    } catch {
      throw ImportError(file: url.path, line: 0, message: "cannot read the file: \(error.localizedDescription)")
    }
  }

  /// A reader over bytes already in memory.
  ///
  /// A UTF-8 file with an invalid byte reads as nothing; ``records()`` then throws the error,
  /// naming the line and column of the first bad byte (never a silent Latin-1 reinterpretation
  /// of the whole file, which would turn every valid title into mojibake).
  public init(data: Data, file: String, separator: Separator, encoding: Encoding = .utf8) {
    self.separator = separator
    self.file = file
    let utf8 = encoding == .latin1 ? nil : String(data: data, encoding: .utf8)
    switch encoding {
    case .utf8:
      text = utf8 ?? ""
      decodingError = utf8 == nil ? Self.invalidUTF8(data, file: file) : nil
    case .latin1, .utf8OrLatin1:
      text = utf8 ?? String(data: data, encoding: .isoLatin1) ?? ""
      decodingError = nil
    }
  }

  /// The error for the first byte of `data` that is not valid UTF-8.
  static func invalidUTF8(_ data: Data, file: String) -> ImportError {
    let bytes = [UInt8](data)
    var i = 0
    var line = 1
    var lineStart = 0
    while i < bytes.count {
      let b = bytes[i]
      let length: Int
      switch b {
      case 0x00...0x7F: length = 1
      case 0xC2...0xDF: length = 2
      case 0xE0...0xEF: length = 3
      case 0xF0...0xF4: length = 4
      default: length = 0
      }
      let valid =
        length > 0 && i + length <= bytes.count
        && bytes[(i + 1)..<(i + length)].allSatisfy { $0 & 0xC0 == 0x80 }
        && String(bytes: bytes[i..<(i + length)], encoding: .utf8) != nil
      if !valid {
        return ImportError(
          file: file, line: line,
          message: "byte 0x\(String(b, radix: 16)) at column \(i - lineStart + 1) is not UTF-8 "
            + "(perhaps Latin-1)", kind: .notUTF8)
      }
      if b == 0x0A {
        line += 1
        lineStart = i + 1
      }
      i += length
    }
    return ImportError(file: file, line: 0, message: "not UTF-8")
  }

  /// Iterates records; a CSV field whose quote never closes ends iteration with ``Iterator/error``.
  public func makeIterator() -> Iterator { Iterator(text: text, separator: separator) }

  /// Reads all records.
  ///
  /// - Throws: ``ImportError`` for an unterminated quoted field.
  public func records() throws(ImportError) -> [DelimitedRecord] {
    if let decodingError { throw decodingError }
    var iterator = makeIterator()
    var result: [DelimitedRecord] = []
    while let record = iterator.next() { result.append(record) }
    if let line = iterator.unterminatedQuoteLine {
      throw ImportError(file: file, line: line, message: "a quoted field is never closed")
    }
    return result
  }

  /// The first `n` records.
  public func prefixRecords(_ n: Int) -> [DelimitedRecord] {
    var iterator = makeIterator()
    var result: [DelimitedRecord] = []
    while result.count < n, let record = iterator.next() { result.append(record) }
    return result
  }

  /// Walks the text record by record.
  public struct Iterator: IteratorProtocol {
    private let scalars: [Unicode.Scalar]
    private let separator: Separator
    private var position = 0
    private var line = 1
    /// Set when a quoted field runs to the end of the file.
    public private(set) var unterminatedQuoteLine: Int?

    init(text: String, separator: Separator) {
      scalars = Array(text.unicodeScalars)
      self.separator = separator
    }

    /// The next non-empty record.
    public mutating func next() -> DelimitedRecord? {
      while position < scalars.count {
        let start = line
        let fields: [String]
        switch separator {
        case .csv: fields = nextCSV()
        case .plain(let token): fields = nextPlain(token)
        }
        if unterminatedQuoteLine != nil { return nil }
        if fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
        return DelimitedRecord(line: start, fields: fields)
      }
      return nil
    }

    private mutating func endOfLine() -> Bool {
      let c = scalars[position]
      if c == "\n" {
        position += 1
        line += 1
        return true
      }
      if c == "\r" {
        position += 1
        if position < scalars.count && scalars[position] == "\n" { position += 1 }
        line += 1
        return true
      }
      return false
    }

    private mutating func nextPlain(_ token: String) -> [String] {
      var current = String.UnicodeScalarView()
      var lineScalars: [Unicode.Scalar] = []
      while position < scalars.count && !endOfLine() {
        lineScalars.append(scalars[position])
        position += 1
      }
      current.append(contentsOf: lineScalars)
      return String(current).components(separatedBy: token)
    }

    private mutating func nextCSV() -> [String] {
      var fields: [String] = []
      var field = String.UnicodeScalarView()
      var quoted = false
      let startLine = line
      while position < scalars.count {
        let c = scalars[position]
        if quoted {
          if c == "\"" {
            if position + 1 < scalars.count && scalars[position + 1] == "\"" {
              field.append("\"")
              position += 2
            } else {
              quoted = false
              position += 1
            }
          } else {
            if c == "\n" { line += 1 }
            field.append(c)
            position += 1
          }
          continue
        }
        if c == "\"" && field.isEmpty {
          quoted = true
          position += 1
        } else if c == "," {
          fields.append(String(field))
          field = String.UnicodeScalarView()
          position += 1
        } else if endOfLine() {
          fields.append(String(field))
          return fields
        } else {
          field.append(c)
          position += 1
        }
      }
      if quoted { unterminatedQuoteLine = startLine }
      fields.append(String(field))
      return fields
    }
  }
}
