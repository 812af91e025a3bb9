/// The bookkeeping of one best-first layer search (Malkov & Yashunin's Algorithm 2): the
/// candidates still to expand (best on top), the best `ef` results so far (worst on top) and
/// the score a newcomer must beat. Excluded nodes are expanded but never become results.
struct HNSWLayerWalk {
  private(set) var candidates: ScoredHeap<HighestFirst>
  private(set) var results: ScoredHeap<LowestFirst>
  private let ef: Int
  private let excluded: Set<Int32>
  private var worst = -Float.infinity

  init(ef: Int, excluded: Set<Int32>) {
    self.ef = ef
    self.excluded = excluded
    candidates = ScoredHeap(capacity: ef * 2)
    results = ScoredHeap(capacity: ef + 1)
  }

  /// Adds an entry point, whatever its score.
  mutating func seed(_ score: Float, _ node: Int32) {
    candidates.push(score, node)
    if excluded.isEmpty || !excluded.contains(node) { results.push(score, node) }
  }

  /// Ends seeding: keeps the best `ef` entries and sets the bar.
  mutating func finishSeeding() {
    while results.count > ef { results.pop() }
    worst = results.count >= ef ? (results.top?.score ?? -.infinity) : -.infinity
  }

  /// The next node to expand, or `nil` when the best candidate left cannot improve the results.
  @inline(__always)
  mutating func next() -> (score: Float, node: Int32)? {
    guard let current = candidates.pop() else { return nil }
    if results.count >= ef && current.score < worst { return nil }
    return current
  }

  /// Offers a newly visited neighbour: kept as a candidate (and a result) when it beats the bar.
  @inline(__always)
  mutating func offer(_ score: Float, _ node: Int32) {
    guard results.count < ef || score > worst else { return }
    candidates.push(score, node)
    guard excluded.isEmpty || !excluded.contains(node) else { return }
    results.push(score, node)
    if results.count > ef { results.pop() }
    if results.count >= ef { worst = results.top?.score ?? -.infinity }
  }

  /// The results by descending score.
  func sortedResults() -> [(score: Float, node: Int32)] { results.items.sorted { $0.score > $1.score } }
}
