import Foundation
import Testing
import WorkspaceStore

@Suite("Vocabularies and query tokens")
struct VocabularyTests {
  @Test("Sorted by frequency (ties by key), truncated to the top N, OOV is -1")
  func frequencyOrder() {
    let vocabulary = Vocabulary(counting: ["b", "a", "c", "a", "b", "a", "d"], maxSize: 3)
    #expect(vocabulary.keys == ["a", "b", "c"])
    #expect(vocabulary.counts == [3, 2, 1])
    #expect(vocabulary.index(of: "a") == 0 && vocabulary.index(of: "c") == 2)
    #expect(vocabulary.index(of: "d") == Vocabulary<String>.outOfVocabulary)
    #expect(Vocabulary(counting: ["x", "x", "y"], minCount: 2).keys == ["x"])
  }

  @Test("Text serialization round-trips, and a bad line is named")
  func serialization() throws {
    let vocabulary = Vocabulary(counting: ["q", "p", "p", "r r"])
    let back = try Vocabulary<String>(serialized: vocabulary.serialized(), file: "v.txt")
    #expect(back.keys == vocabulary.keys && back.counts == vocabulary.counts && back.index(of: "r r") == 2)
    #expect(
      throws: WorkspaceError.invalidRecord(
        path: "v.txt", record: "line 2", field: "count", reason: "expected key<TAB>count")
    ) {
      try Vocabulary<String>(serialized: Data("a\t1\nb\tmany\n".utf8), file: "v.txt")
    }
  }

  @Test("Queries become unigrams then bigrams, lower-cased, punctuation dropped")
  func tokens() {
    #expect(
      QueryTokenizer.tokens("How to make Pasta!") == ["how", "to", "make", "pasta", "how to", "to make", "make pasta"])
    #expect(QueryTokenizer.tokens("ramen") == ["ramen"])
    #expect(QueryTokenizer.tokens("  ").isEmpty)
  }
}

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
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("wn-lock-\(UUID().uuidString)/ws")
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
