import Foundation
import WorkspaceStore

/// Imports a user's own watch log from one CSV or TSV file with a header row (the single-file
/// form of ``DatasetImporter``).
///
/// Each row becomes a watch (source `external`). Users and videos are created as they first
/// appear. The watch time is the watch-seconds column when mapped; otherwise the rating
/// scaled by the largest rating in the file times the video duration; otherwise the duration.
/// The whole import is one transaction: on any error the workspace is left exactly as it was.
public struct CSVEventImporter: Sendable {
  /// The column mapping (unset columns are detected from the header).
  public var mapping: ColumnMapping
  /// Duration given to videos without a duration column, in seconds.
  public var defaultDurationSeconds: Double

  /// An importer with a mapping.
  public init(mapping: ColumnMapping = ColumnMapping(), defaultDurationSeconds: Double = 600) {
    self.mapping = mapping
    self.defaultDurationSeconds = defaultDurationSeconds
  }

  /// Imports `url` into `workspace`.
  ///
  /// - Throws: ``ImportError`` with file, line and field for bad input; nothing is written then.
  @discardableResult
  public func importFile(_ url: URL, into workspace: Workspace) throws -> ImportReport {
    try DatasetImporter(
      files: [DatasetFile(.watches, url)], mappings: [.watches: mapping.fields],
      defaultDurationSeconds: defaultDurationSeconds
    ).importDataset(into: workspace)
  }
}
