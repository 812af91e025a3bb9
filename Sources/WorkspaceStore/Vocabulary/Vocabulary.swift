import Foundation

/// A map from external IDs (or tokens) to dense indexes, most frequent first,
/// optionally truncated to the top N (Paper §3.5: 1M videos and 1M tokens; §4.1: truncation
/// by frequency, out-of-vocabulary values map to the zero embedding).
public struct Vocabulary<Key: Hashable & Comparable & Sendable>: Sendable {
  /// The index returned for keys outside the vocabulary. Embedding lookups give the zero vector for it.
  public static var outOfVocabulary: Int32 { -1 }

  /// Keys by index: `keys[i]` has index `i`.
  public private(set) var keys: [Key]
  /// The count of each key, aligned with `keys`.
  public private(set) var counts: [Int]
  private var indexes: [Key: Int32]

  /// A vocabulary from key counts, sorted by count (descending, ties by key), truncated to
  /// `maxSize` keys and to keys seen at least `minCount` times.
  ///
  /// - Complexity: O(k log k) for k distinct keys.
  public init(counts: [Key: Int], maxSize: Int? = nil, minCount: Int = 1) {
    var entries = counts.filter { $0.value >= minCount }.sorted { a, b in
      a.value != b.value ? a.value > b.value : a.key < b.key
    }
    if let maxSize, entries.count > maxSize { entries.removeLast(entries.count - maxSize) }
    keys = entries.map(\.key)
    self.counts = entries.map(\.value)
    indexes = Dictionary(uniqueKeysWithValues: entries.enumerated().map { ($0.element.key, Int32($0.offset)) })
  }

  /// A vocabulary counting the keys of a sequence.
  public init<S: Sequence>(counting sequence: S, maxSize: Int? = nil, minCount: Int = 1) where S.Element == Key {
    var tally: [Key: Int] = [:]
    for key in sequence { tally[key, default: 0] += 1 }
    self.init(counts: tally, maxSize: maxSize, minCount: minCount)
  }

  /// The number of keys in the vocabulary (not counting out-of-vocabulary).
  public var count: Int { keys.count }

  /// The index of `key`, or ``outOfVocabulary``.
  ///
  /// - Complexity: O(1) on average.
  public func index(of key: Key) -> Int32 { indexes[key] ?? Self.outOfVocabulary }

  /// Whether `key` is in the vocabulary.
  public func contains(_ key: Key) -> Bool { indexes[key] != nil }
}

extension Vocabulary where Key == String {
  /// The vocabulary as text: one `key<TAB>count` line per index, the key escaped (`\\`, `\t`,
  /// `\n`, `\r`) so that any ID, whatever characters it holds, reads back as itself.
  public func serialized() -> Data {
    Data(zip(keys, counts).map { "\(Self.escape($0))\t\($1)\n" }.joined().utf8)
  }

  static func escape(_ key: String) -> String {
    guard key.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else {
      return key
    }
    var out = ""
    for scalar in key.unicodeScalars {
      switch scalar {
      case "\\": out += "\\\\"
      case "\t": out += "\\t"
      case "\n": out += "\\n"
      case "\r": out += "\\r"
      default: out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  static func unescape(_ key: Substring) -> String {
    guard key.contains("\\") else { return String(key) }
    var out = ""
    var escaping = false
    for scalar in key.unicodeScalars {
      if escaping {
        switch scalar {
        case "t": out += "\t"
        case "n": out += "\n"
        case "r": out += "\r"
        default: out.unicodeScalars.append(scalar)
        }
        escaping = false
      } else if scalar == "\\" {
        escaping = true
      } else {
        out.unicodeScalars.append(scalar)
      }
    }
    return out
  }

  /// Reads the text form written by ``serialized()``.
  ///
  /// - Throws: ``WorkspaceError/invalidRecord(path:record:field:reason:)`` naming the line.
  public init(serialized data: Data, file: String) throws(WorkspaceError) {
    var counts: [String: Int] = [:]
    var order: [String] = []
    for (number, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
      .enumerated()
    {
      let parts = line.split(separator: "\t", omittingEmptySubsequences: false)
      guard parts.count == 2, let count = Int(parts[1]), count >= 0 else {
        throw .invalidRecord(path: file, record: "line \(number + 1)", field: "count", reason: "expected key<TAB>count")
      }
      let key = Self.unescape(parts[0])
      counts[key] = count
      order.append(key)
    }
    self.init(counts: counts)
    // Keep the saved order exactly (it may hold ties in another order).
    keys = order
    self.counts = order.map { counts[$0] ?? 0 }
    indexes = Dictionary(order.enumerated().map { ($0.element, Int32($0.offset)) }, uniquingKeysWith: { a, _ in a })
  }
}
