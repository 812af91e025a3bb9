import Foundation

/// RecBole's atomic files: `NAME.inter` (interactions), `NAME.item`, `NAME.user`, tab-separated
/// with typed headers (`user_id:token`, `rating:float`, `timestamp:float`).
public enum RecBoleLayout {
  /// The dataset files in `directory`: the interactions as watches, items as videos, users as users.
  ///
  /// - Throws: ``ImportError`` when there is no `.inter` file, or several and no `name`.
  public static func files(in directory: URL, name: String?) throws(ImportError) -> [DatasetFile] {
    let contents = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    let names = contents.filter { $0.hasSuffix(".inter") }.map { String($0.dropLast(".inter".count)) }.sorted()
    let chosen: String
    if let name {
      guard names.contains(name) else {
        throw ImportError(file: directory.path, line: 0, message: "no \(name).inter here (found: \(names))")
      }
      chosen = name
    } else {
      guard names.count == 1, let only = names.first else {
        throw ImportError(
          file: directory.path, line: 0,
          message: names.isEmpty ? "not a RecBole directory: no NAME.inter file" : "several datasets \(names): pick one"
        )
      }
      chosen = only
    }
    var files: [DatasetFile] = []
    for (ext, kind) in [("item", EntityKind.videos), ("user", .users), ("inter", .watches)] {
      let url = directory.appendingPathComponent("\(chosen).\(ext)")
      if FileManager.default.fileExists(atPath: url.path) { files.append(DatasetFile(kind, url)) }
    }
    return files
  }
}

/// KuaiRec / KuaiRand logs.
public enum KuaiLayout {
  /// `.impressions` when the log has an `is_click` column (KuaiRand), `.watches` otherwise (KuaiRec).
  ///
  /// Reads only the header line (a KuaiRand log is gigabytes); a pipe cannot be sniffed so.
  public static func kind(of url: URL) throws(ImportError) -> EntityKind {
    let line = try TableFile.headerLine(of: url)
    guard !line.isEmpty else { throw ImportError(file: url.path, line: 1, message: "the file is empty") }
    let header =
      DelimitedReader(
        data: Data(line.utf8), file: url.path, separator: TableFile.separator(for: url, firstLine: line)
      ).prefixRecords(1).first?.fields ?? []
    return header.map(TableFile.normalise).contains("is_click") ? .impressions : .watches
  }
}
