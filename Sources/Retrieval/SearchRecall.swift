/// Recall of approximate search against exact search: the share of each query's true top `k`
/// that the approximate top `k` found, averaged over every true neighbour (so a query with fewer
/// than `k` true results counts only those it has).
public enum SearchRecall {
  /// Recall@`k` of `found` against `truth`, query by query (`found[q]` and `truth[q]` answer query `q`).
  public static func recall(found: [[SearchResult]], truth: [[SearchResult]], k: Int) -> Double {
    var hits = 0
    var wanted = 0
    for (approximate, exact) in zip(found, truth) {
      let relevant = Set(exact.prefix(k).map(\.id))
      hits += approximate.prefix(k).count { relevant.contains($0.id) }
      wanted += relevant.count
    }
    return wanted > 0 ? Double(hits) / Double(wanted) : 0
  }
}
