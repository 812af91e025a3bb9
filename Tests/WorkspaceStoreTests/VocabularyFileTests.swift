import Foundation
import Testing
import WatchNextTestSupport
import WorkspaceStore

@Suite("Vocabulary files and the writer lock")
struct VocabularyFileTests {
  @Test(
    "Any ID reads back as itself: tabs, newlines, backslashes",
    arguments: ["a\tb", "line\nbreak", "back\\slash", "\\t", "cr\r"])
  func escaping(id: String) throws {
    let vocabulary = Vocabulary(counts: [id: 3, "plain": 2])
    let read = try Vocabulary(serialized: vocabulary.serialized(), file: "v.vocab")
    #expect(read.keys == vocabulary.keys && read.index(of: id) == vocabulary.index(of: id))
  }

  @Test("A second writer of a workspace is refused with who holds it; the lock frees on release")
  func writerLock() throws {
    let url = TemporaryFiles.url("wn-lock").appendingPathComponent("ws")
    func second() -> String? {
      do {
        _ = try WorkspaceLock(directory: url, activity: "training", wait: 0.2)
        return nil
      } catch {
        return error.description
      }
    }
    try withExtendedLifetime(WorkspaceLock(directory: url, activity: "importing")) {
      let refusal = second()
      #expect(
        refusal?.contains("workspace busy: PID \(ProcessInfo.processInfo.processIdentifier) is importing") == true)
    }
    #expect(second() == nil, "released with its holder")
  }
}
