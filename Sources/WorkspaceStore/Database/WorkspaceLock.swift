import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// One writer at a time per workspace, across processes: an advisory `flock` on a lock file
/// beside the workspace directory (`.NAME.lock`, so that it exists before the workspace does).
///
/// Writers (imports, generation, training, index builds) take it; readers never do, so a running
/// import or training never blocks `recommend`, `info` or the explorer. The holder writes its PID
/// and what it is doing into the file, so a second writer can say who holds it. The lock is
/// released when the holder exits, however it exits (the kernel drops `flock`s with the file).
public final class WorkspaceLock: Sendable {
  private let descriptor: Int32
  /// The lock file.
  public let file: URL

  /// The lock file of the workspace at `directory`.
  public static func file(for directory: URL) -> URL {
    directory.deletingLastPathComponent().appendingPathComponent(".\(directory.lastPathComponent).lock")
  }

  /// Takes the lock of the workspace at `directory` for `activity` ("importing", "training the
  /// ranking model"), waiting up to `wait` seconds for another writer to finish.
  ///
  /// - Throws: ``WorkspaceError/busy(path:holder:)`` when another process holds it.
  public init(directory: URL, activity: String, wait: TimeInterval = 2) throws(WorkspaceError) {
    file = Self.file(for: directory)
    try? FileManager.default.createDirectory(
      at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
    let fd = open(file.path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard fd >= 0 else {
      throw .database(path: file.path, message: "cannot open the lock file: \(String(cString: strerror(errno)))")
    }
    let deadline = Date().addingTimeInterval(wait)
    while flock(fd, LOCK_EX | LOCK_NB) != 0 {
      guard errno == EWOULDBLOCK || errno == EINTR, Date() < deadline else {
        let holder = (try? String(contentsOf: file, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        close(fd)
        throw .busy(path: directory.path, holder: holder?.isEmpty == false ? holder ?? "" : "another process")
      }
      usleep(50_000)
    }
    descriptor = fd
    let note = "PID \(getpid()) is \(activity)\n"
    _ = ftruncate(fd, 0)
    _ = note.withCString { pwrite(fd, $0, strlen($0), 0) }
  }

  deinit {
    _ = ftruncate(descriptor, 0)
    flock(descriptor, LOCK_UN)
    close(descriptor)
  }
}
