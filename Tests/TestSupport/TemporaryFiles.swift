import Foundation
import Synchronization

/// Paths under the system's temporary directory for tests' workspaces, models and files. Every
/// path handed out is removed when the test process exits (whatever the test did with it), so
/// a run leaves nothing behind in `/tmp`.
public enum TemporaryFiles {
  private static let handedOut = Mutex<[URL]>([])
  private static let removalAtExit: Void = { atexit { TemporaryFiles.removeAll() } }()

  /// A fresh path named `prefix-<UUID>[.extension]`; nothing is created there.
  public static func url(_ prefix: String, extension pathExtension: String? = nil) -> URL {
    _ = removalAtExit
    var url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    if let pathExtension { url.appendPathExtension(pathExtension) }
    handedOut.withLock { $0.append(url) }
    return url
  }

  /// A fresh, empty directory.
  public static func directory(_ prefix: String) throws -> URL {
    let url = url(prefix)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Removes every path handed out so far (at exit; tests may call it too).
  public static func removeAll() {
    for url in handedOut.withLock({ $0 }) { try? FileManager.default.removeItem(at: url) }
  }
}
