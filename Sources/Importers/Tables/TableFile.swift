import Foundation

/// A delimited file with a header row, its columns resolved to an entity's fields.
///
/// The separator is a tab for `.tsv`, `.tab` and RecBole's `.inter`/`.item`/`.user` files, a comma
/// for `.csv`, and otherwise whichever of the two the header has more of. RecBole's typed headers
/// (`user_id:token`, `timestamp:float`) are read without their `:type` suffix.
struct TableFile {
  /// The file.
  let url: URL
  /// The header's names as written.
  let header: [String]
  /// The data records.
  let records: [DelimitedRecord]
  /// Field name → column index.
  let columns: [String: Int]
  /// The header line.
  let headerLine: Int

  /// Reads `url` and resolves `kind`'s fields: explicitly mapped names first, then known aliases.
  ///
  /// - Throws: ``ImportError`` for an unreadable or empty file, a mapped column that is not in the
  ///   header, or a required field with no column.
  init(
    url: URL, kind: EntityKind, mapping: [String: String], encoding: DelimitedReader.Encoding = .utf8
  ) throws(ImportError) {
    self.url = url
    // Read once: a pipe or /dev/fd/N cannot be read again after its head was sniffed.
    let data = try DelimitedReader.read(url)
    let separator = Self.separator(for: url, firstLine: Self.firstLine(of: data))
    var all = try DelimitedReader(data: data, file: url.path, separator: separator, encoding: encoding).records()
    guard !all.isEmpty else { throw ImportError(file: url.path, line: 1, message: "the file is empty") }
    let first = all.removeFirst()
    header = first.fields
    headerLine = first.line
    records = all
    let normalised = header.map(Self.normalise)
    var columns: [String: Int] = [:]
    for field in kind.fields {
      if let name = mapping[field.name] {
        guard
          let i = header.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == name })
            ?? normalised.firstIndex(of: Self.normalise(name))
        else {
          throw ImportError(
            file: url.path, line: first.line, field: name,
            message: "column '\(name)' (mapped to \(field.name)) is not in the header")
        }
        columns[field.name] = i
      } else if let i = field.aliases.lazy.compactMap({ normalised.firstIndex(of: $0) }).first(where: {
        !columns.values.contains($0)
      }) {
        columns[field.name] = i
      }
      if field.required && columns[field.name] == nil {
        throw ImportError(
          file: url.path, line: first.line, field: field.name,
          message:
            "no \(field.name) column for \(kind.rawValue) in the header (\(ImportError.clip(header.joined(separator: ", ")))); "
            + "known names: \(field.aliases.prefix(6).joined(separator: ", ")); or map it")
      }
    }
    self.columns = columns
  }

  /// `user_id:token` → `user_id`, lower-cased and trimmed.
  static func normalise(_ name: String) -> String {
    let trimmed = name.trimmingCharacters(in: .whitespaces).lowercased()
    if let colon = trimmed.lastIndex(of: ":"),
      trimmed[trimmed.index(after: colon)...].allSatisfy({ $0.isLetter || $0 == "_" })
    {
      return String(trimmed[..<colon])
    }
    return trimmed
  }

  /// The separator of `url`: by extension, else whichever of tab and comma `firstLine` has more of.
  static func separator(for url: URL, firstLine line: String) -> DelimitedReader.Separator {
    switch url.pathExtension.lowercased() {
    case "tsv", "tab", "inter", "item", "user": return .plain("\t")
    case "csv": return .csv
    default: return line.filter { $0 == "\t" }.count > line.filter { $0 == "," }.count ? .plain("\t") : .csv
    }
  }

  /// The text before the first newline of `data` (at most its first 64 KB).
  static func firstLine(of data: Data) -> String {
    String(decoding: data.prefix(65_536).prefix { $0 != 10 && $0 != 13 }, as: UTF8.self)
  }

  /// The header line of the file at `url`, reading at most its first 64 KB (not the whole file).
  ///
  /// - Throws: ``ImportError`` when the file cannot be read.
  static func headerLine(of url: URL) throws(ImportError) -> String {
    do {
      let handle = try FileHandle(forReadingFrom: url)
      defer { try? handle.close() }
      return firstLine(of: try handle.read(upToCount: 65_536) ?? Data())
    } catch {
      throw ImportError(file: url.path, line: 0, message: "cannot read the file: \(error.localizedDescription)")
    }
  }

  /// The columns that no field uses, by header name.
  var ignoredColumns: [String] {
    let used = Set(columns.values)
    return header.indices.filter { !used.contains($0) }.map { header[$0] }
  }

  /// Field name → header name, for the report.
  var usedColumns: [String: String] { columns.mapValues { header[$0] } }
}
