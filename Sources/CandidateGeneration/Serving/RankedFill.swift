/// Turns neighbourhood scores into a ranked list, topped up from a fallback list.
enum RankedFill {
  /// The `k` best-scored videos not in `excluded` (ties by lower index), then videos from
  /// `fallback` not already listed, until there are `k`.
  static func top<Score: Comparable>(
    _ scores: [Int32: Score], k: Int, excluding excluded: Set<Int32>, thenFrom fallback: [Int32]
  ) -> [Int32] {
    var list = scores.filter { !excluded.contains($0.key) }.sorted { ($0.value, -$0.key) > ($1.value, -$1.key) }
      .prefix(k).map(\.key)
    var present = Set(list)
    for v in fallback where list.count < k && !present.contains(v) {
      list.append(v)
      present.insert(v)
    }
    return list
  }
}
