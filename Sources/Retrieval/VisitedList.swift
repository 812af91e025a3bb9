/// Marks visited nodes during one search in O(1) without clearing between searches: a node is
/// visited when its tag equals the current generation. Tags are 16-bit (as in hnswlib): half the
/// cache footprint of 32-bit tags, and a wrap every 65,535 searches clears them once.
public struct VisitedList: Sendable {
  private var tags: [UInt16]
  private var generation: UInt16 = 0

  /// A list for an index of `capacity` nodes (it grows as needed).
  public init(capacity: Int = 0) { tags = [UInt16](repeating: 0, count: capacity) }

  /// Starts a new search over `count` nodes.
  mutating func reset(count: Int) {
    if tags.count < count { tags += [UInt16](repeating: 0, count: count - tags.count + count / 4) }
    generation &+= 1
    if generation == 0 {
      for i in tags.indices { tags[i] = 0 }
      generation = 1
    }
  }

  /// Runs `body` with raw access to the tags and the current generation (the search hot loop).
  mutating func withTags<R>(_ body: (UnsafeMutablePointer<UInt16>, UInt16) -> R) -> R {
    let generation = self.generation
    return tags.withUnsafeMutableBufferPointer { buffer in
      if let base = buffer.baseAddress { return body(base, generation) }
      // No tags yet (an empty index): give the body a private slot instead.
      var slot: UInt16 = 0
      return withUnsafeMutablePointer(to: &slot) { body($0, generation) }
    }
  }

  /// Marks `node`; returns false when it was already visited in this search.
  @inline(__always)
  mutating func insert(_ node: Int32) -> Bool {
    if tags[Int(node)] == generation { return false }
    tags[Int(node)] = generation
    return true
  }
}
