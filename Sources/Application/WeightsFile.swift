import Foundation
import NeuralCore
import Ranking
import WorkspaceStore

/// The explorer's saved group weights (`explorer-weights.json`), read by `recommend --weights` too.
public enum WeightsFile {
  /// Saves `weights` in the workspace (staged and swapped); returns the file.
  public static func save(_ weights: GroupWeights, in layout: WorkspaceLayout) throws -> URL {
    let file = layout.explorerWeights
    try AtomicFile.write(try weights.json(), to: file)
    return file
  }

  /// The saved weights, or nil when the workspace has none.
  ///
  /// - Throws: ``RankingError`` naming the file when it exists but is not valid weights.
  public static func load(from layout: WorkspaceLayout) throws -> GroupWeights? {
    try load(file: layout.explorerWeights)
  }

  /// The weights in `file`, or nil when it does not exist.
  public static func load(file: URL) throws -> GroupWeights? {
    guard FileManager.default.fileExists(atPath: file.path) else { return nil }
    let data: Data
    do { data = try Data(contentsOf: file) } catch {
      throw RankingError.invalidConfiguration(field: file.path, reason: "cannot be read: \(error.localizedDescription)")
    }
    return try GroupWeights(json: data, file: file.path)
  }
}
