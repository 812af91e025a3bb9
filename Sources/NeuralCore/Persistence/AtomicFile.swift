import Foundation

/// Writes files so that a reader sees either the old content or the new, never half:
/// the bytes go to a temporary file in the same directory, which is then renamed.
public enum AtomicFile {
  /// Writes `data` to `url` atomically, creating parent directories.
  ///
  /// - Throws: ``NeuralCoreError/io(file:reason:)`` when the directory or file cannot be written.
  public static func write(_ data: Data, to url: URL) throws(NeuralCoreError) {
    let directory = url.deletingLastPathComponent()
    let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(UUID().uuidString)")
    do {
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      try data.write(to: temporary)
      if rename(temporary.path, url.path) != 0 {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw NeuralCoreError.io(file: url.path, reason: "rename failed: \(reason)")
      }
    } catch let error as NeuralCoreError {
      throw error
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw .io(file: url.path, reason: error.localizedDescription)
    }
  }

  /// Replaces the directory at `url` by one that `fill` populates, so that the old
  /// directory stays intact if `fill` throws.
  ///
  /// - Throws: whatever `fill` throws, or ``NeuralCoreError/io(file:reason:)``.
  public static func replaceDirectory(
    at url: URL, fill: (URL) throws(NeuralCoreError) -> Void
  ) throws(NeuralCoreError) {
    let parent = url.deletingLastPathComponent()
    let staging = parent.appendingPathComponent(".\(url.lastPathComponent).new-\(UUID().uuidString)")
    let retired = parent.appendingPathComponent(".\(url.lastPathComponent).old-\(UUID().uuidString)")
    let manager = FileManager.default
    do {
      try manager.createDirectory(at: staging, withIntermediateDirectories: true)
    } catch {
      throw .io(file: staging.path, reason: error.localizedDescription)
    }
    do {
      try fill(staging)
    } catch {
      try? manager.removeItem(at: staging)
      throw error
    }
    let hadOld = manager.fileExists(atPath: url.path)
    if hadOld, rename(url.path, retired.path) != 0 {
      try? manager.removeItem(at: staging)
      throw .io(file: url.path, reason: "cannot move the old directory aside: \(String(cString: strerror(errno)))")
    }
    if rename(staging.path, url.path) != 0 {
      let reason = String(cString: strerror(errno))
      if hadOld { _ = rename(retired.path, url.path) }
      try? manager.removeItem(at: staging)
      throw .io(file: url.path, reason: "cannot move the new directory in place: \(reason)")
    }
    if hadOld { try? manager.removeItem(at: retired) }
  }
}
