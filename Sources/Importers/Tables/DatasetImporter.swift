import Foundation
import WorkspaceStore

/// One file of a dataset and the entity it holds.
public struct DatasetFile: Sendable, Equatable {
  /// What the rows are.
  public var kind: EntityKind
  /// The delimited file (CSV or TSV with a header row).
  public var url: URL

  /// A file of `kind`.
  public init(_ kind: EntityKind, _ url: URL) {
    self.kind = kind
    self.url = url
  }
}

/// Imports a dataset of several delimited files (videos, users, watches, impressions, searches)
/// into a workspace in one transaction, and reports per file what it used, ignored and defaulted.
///
/// Columns are found by common header names (see ``EntityKind/fields``) or named by a mapping.
/// Users and videos that events mention but no entity file lists are created with defaults (and
/// counted). Videos and users that already exist are matched by ID; changed metadata is updated
/// and counted in the report. Times are Unix seconds or milliseconds or ISO 8601, within
/// 1970–2100. Durations and watch times are seconds, or milliseconds when the header says `_ms`
/// or the file's median video duration exceeds an hour (KuaiRec's `video_duration` is in ms).
/// Watch seconds come from the watch-seconds column, else `rating / max rating × duration`,
/// else the duration. On any error nothing is written.
public struct DatasetImporter: Sendable {
  /// The files, imported in entity order (videos, users, then events).
  public var files: [DatasetFile]
  /// Per entity, field name → header name.
  public var mappings: [EntityKind: [String: String]]
  /// Duration of videos no file gives one, in seconds.
  public var defaultDurationSeconds: Double
  /// The format name for the report and the workspace's `source` metadata.
  public var format: String
  /// The rating that means a full watch (MovieLens: 5); nil uses the largest rating in each file.
  public var fullRating: Double?
  /// How the files' bytes are decoded (UTF-8 unless asked).
  public var encoding: DelimitedReader.Encoding = .utf8

  /// An importer.
  public init(
    files: [DatasetFile], mappings: [EntityKind: [String: String]] = [:], defaultDurationSeconds: Double = 600,
    format: String = "csv", fullRating: Double? = nil
  ) {
    self.fullRating = fullRating
    self.files = files
    self.mappings = mappings
    self.defaultDurationSeconds = defaultDurationSeconds
    self.format = format
  }

  /// Imports every file into `workspace` in one transaction.
  ///
  /// - Throws: ``ImportError`` with file, line and field for bad input; nothing is written then.
  @discardableResult
  public func importDataset(into workspace: Workspace) throws -> ImportReport {
    let started = Date()
    guard defaultDurationSeconds.isFinite, defaultDurationSeconds > 0, defaultDurationSeconds < 1e7 else {
      throw ImportError(
        file: files.first?.url.path ?? "", line: 0,
        message: "the default duration '\(defaultDurationSeconds)' is not a positive number of seconds")
    }
    var parsed = ParsedDataset()
    for file in files.sorted(by: { order($0.kind) < order($1.kind) }) {
      try parsed.read(file, mapping: mappings[file.kind] ?? [:], encoding: encoding)
    }
    guard !parsed.isEmpty else {
      throw ImportError(file: files.first?.url.path ?? "", line: 0, message: "the files hold no rows")
    }
    var report = try workspace.write { writer in
      try parsed.write(into: &writer, defaultDuration: defaultDurationSeconds, format: format, fullRating: fullRating)
    }
    report.seconds = Date().timeIntervalSince(started)
    return report
  }

  private func order(_ kind: EntityKind) -> Int { EntityKind.allCases.firstIndex(of: kind) ?? 0 }
}
