import Foundation

/// Reads one record's fields by name, turning bad values into ``ImportError``s with file, line and field.
struct FieldReader {
  let table: TableFile
  let record: DelimitedRecord
  /// Durations and watch times are in milliseconds in this file (see ``DatasetImporter``).
  let milliseconds: Bool

  /// Whether the file has a column for `field`.
  func has(_ field: String) -> Bool { table.columns[field] != nil }

  private func raw(_ field: String) -> (value: String, column: String)? {
    guard let i = table.columns[field], i < record.fields.count else { return nil }
    return (record.fields[i].trimmingCharacters(in: .whitespaces), table.header[i])
  }

  private func fail(_ column: String, _ message: String) -> ImportError {
    ImportError(file: table.url.path, line: record.line, field: column, message: message)
  }

  /// A required identifier: non-empty, without control characters.
  func id(_ field: String) throws(ImportError) -> String {
    guard let (value, column) = raw(field) else {
      throw ImportError(file: table.url.path, line: record.line, field: field, message: "missing value")
    }
    guard !value.isEmpty else { throw fail(column, "empty value") }
    guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
      throw fail(column, "an ID may not hold control characters (tab, newline, ...)")
    }
    return value
  }

  /// Optional text (nil when the column is absent or the value empty).
  func text(_ field: String) -> String? {
    guard let (value, _) = raw(field), !value.isEmpty else { return nil }
    return value
  }

  /// An optional non-negative finite number.
  func number(_ field: String) throws(ImportError) -> Double? {
    guard let (value, column) = raw(field), !value.isEmpty else { return nil }
    guard let number = Double(value), number.isFinite, number >= 0, number < 1e15 else {
      throw fail(column, "'\(ImportError.clip(value))' is not a non-negative number")
    }
    return number
  }

  /// An optional duration in seconds (converted from milliseconds where the file uses them).
  func seconds(_ field: String) throws(ImportError) -> Double? {
    guard let value = try number(field) else { return nil }
    let column = raw(field)?.column.lowercased() ?? ""
    return milliseconds || column.hasSuffix("_ms") ? value / 1000 : value
  }

  /// A required time (Unix seconds or milliseconds, or ISO 8601) within 1970–2100.
  func time(_ field: String) throws(ImportError) -> Int64 {
    guard let (value, column) = raw(field), !value.isEmpty else {
      throw ImportError(file: table.url.path, line: record.line, field: field, message: "empty value")
    }
    guard let time = TimeParser.parse(value) else {
      throw fail(column, "'\(ImportError.clip(value))' is not a time (Unix seconds or ISO 8601)")
    }
    guard TimeParser.acceptedRange.contains(time) else {
      throw fail(column, "'\(ImportError.clip(value))' is outside 1970–2100")
    }
    return time
  }

  /// An optional flag: 1/0, true/false, yes/no.
  func flag(_ field: String) throws(ImportError) -> Bool? {
    guard let (value, column) = raw(field), !value.isEmpty else { return nil }
    switch value.lowercased() {
    case "1", "true", "yes", "y", "t": return true
    case "0", "false", "no", "n", "f": return false
    default: throw fail(column, "'\(ImportError.clip(value))' is not 0/1 or true/false")
    }
  }

  /// An optional integer.
  func integer(_ field: String) throws(ImportError) -> Int64? {
    guard let (value, column) = raw(field), !value.isEmpty else { return nil }
    guard let number = Int64(value) else { throw fail(column, "'\(ImportError.clip(value))' is not an integer") }
    return number
  }
}
