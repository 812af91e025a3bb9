import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

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
      try synchronize(temporary)
      if rename(temporary.path, url.path) != 0 {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: temporary)
        throw NeuralCoreError.io(file: url.path, reason: "rename failed: \(reason)")
      }
      try synchronize(directory)
    } catch let error as NeuralCoreError {
      throw error
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw .io(file: url.path, reason: error.localizedDescription)
    }
  }

  /// Flushes a file or directory to stable storage (`fsync`), so that a rename that follows, or
  /// one that came before, survives a power loss.
  ///
  /// - Throws: ``NeuralCoreError/io(file:reason:)`` when it cannot be opened or flushed.
  public static func synchronize(_ url: URL) throws(NeuralCoreError) {
    let fd = open(url.path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else { throw .io(file: url.path, reason: "cannot open to sync: \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    guard fsync(fd) == 0 || errno == EINVAL else {
      throw .io(file: url.path, reason: "fsync failed: \(String(cString: strerror(errno)))")
    }
  }

  /// Removes staging leftovers of a killed writer inside `directory` (call under the workspace's
  /// writer lock, so that no other writer's staging is removed).
  public static func removeStaleStaging(in directory: URL) {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    for name in names
    where name.hasPrefix(".") && (name.contains(".new-") || name.contains(".old-") || name.contains(".tmp-")) {
      try? FileManager.default.removeItem(at: directory.appendingPathComponent(name))
    }
  }

  /// Replaces the directory at `url` by one that `fill` populates, so that the old
  /// directory stays intact if `fill` throws or the new one fails `verify`.
  ///
  /// Every file of the new directory and the directories themselves are flushed (`fsync`) before
  /// and after the swap.
  /// - Parameters:
  ///   - verify: reads the staged directory back; a throw keeps the old directory.
  ///   - previous: where the replaced directory goes instead of being deleted (replacing what was
  ///     there); nil deletes it. Keeping it is best effort: the new directory is in place first.
  /// - Throws: whatever `fill` or `verify` throws, or ``NeuralCoreError/io(file:reason:)``.
  public static func replaceDirectory(
    at url: URL, fill: (URL) throws(NeuralCoreError) -> Void,
    verify: (URL) throws(NeuralCoreError) -> Void = { _ throws(NeuralCoreError) in }, previous: URL? = nil
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
      try verify(staging)
      for name in (try? manager.contentsOfDirectory(atPath: staging.path)) ?? [] {
        try synchronize(staging.appendingPathComponent(name))
      }
      try synchronize(staging)
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
    if hadOld {
      if let previous, Self.keep(retired, as: previous) {
        try? synchronize(previous.deletingLastPathComponent())
      } else {
        try? manager.removeItem(at: retired)
      }
    }
    try synchronize(parent)
  }

  /// Moves `retired` to `previous`, replacing what was there; false when it could not.
  private static func keep(_ retired: URL, as previous: URL) -> Bool {
    let manager = FileManager.default
    do {
      try manager.createDirectory(at: previous.deletingLastPathComponent(), withIntermediateDirectories: true)
    } catch { return false }
    try? manager.removeItem(at: previous)
    return rename(retired.path, previous.path) == 0
  }
}
