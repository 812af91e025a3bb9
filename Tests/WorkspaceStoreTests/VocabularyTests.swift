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
