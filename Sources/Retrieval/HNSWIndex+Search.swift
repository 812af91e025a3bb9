import NeuralCore

extension HNSWIndex {
  /// Greedy descent to the most similar node on an upper layer.
  func greedyClosest(_ query: UnsafePointer<Float>, queryAugment: Float, from start: Int32, layer: Int) -> Int32 {
    var best = start
    var bestScore = querySimilarity(query, queryAugment: queryAugment, start)
    var improved = true
    while improved {
      improved = false
      for neighbour in links(of: best, layer: layer) {
        let score = querySimilarity(query, queryAugment: queryAugment, neighbour)
        if score > bestScore {
          bestScore = score
          best = neighbour
          improved = true
        }
      }
    }
    return best
  }

  /// The best-first search of one layer (Algorithm 2), returning up to `ef` nodes by
  /// descending similarity. Excluded nodes are walked through but not returned.
  func searchLayer(
    _ query: UnsafePointer<Float>, queryAugment: Float, entries: [Int32], ef: Int, layer: Int,
    excluded: Set<Int32> = [], visited: inout VisitedList
  ) -> [(score: Float, node: Int32)] {
    visited.reset(count: count)
    var candidates = ScoredHeap(maxOnTop: true, capacity: ef * 2)
    var results = ScoredHeap(maxOnTop: false, capacity: ef + 1)
    for entry in entries where visited.insert(entry) {
      let score = querySimilarity(query, queryAugment: queryAugment, entry)
      candidates.push(score, entry)
      if !excluded.contains(entry) { results.push(score, entry) }
    }
    while results.count > ef { results.pop() }
    while let current = candidates.pop() {
      if results.count >= ef, let worst = results.top, current.score < worst.score { break }
      for neighbour in links(of: current.node, layer: layer) where visited.insert(neighbour) {
        let score = querySimilarity(query, queryAugment: queryAugment, neighbour)
        if results.count < ef || score > (results.top?.score ?? -.infinity) {
          candidates.push(score, neighbour)
          if !excluded.contains(neighbour) {
            results.push(score, neighbour)
            if results.count > ef { results.pop() }
          }
        }
      }
    }
    return results.items.sorted { $0.score > $1.score }
  }

  /// The `k` items with the largest inner product with `query`, best first.
  ///
  /// - Parameters:
  ///   - ef: candidate-list size (default ``HNSWParameters/efSearch``; at least `k` is used).
  ///   - excluding: identifiers never returned (already watched, the query video itself). They are
  ///     still walked through, and the list grows by their number, so recall is kept.
  /// - Throws: ``RetrievalError`` for a wrong dimension or non-finite query.
  public func search(
    _ query: [Float], k: Int, ef: Int? = nil, excluding: Set<Int32> = []
  ) throws(RetrievalError) -> [SearchResult] {
    var visited = VisitedList(capacity: count)
    return try search(query, k: k, ef: ef, excluding: excluding, visited: &visited)
  }

  /// ``search(_:k:ef:excluding:)`` reusing a caller's visited list (one per thread), so that
  /// repeated searches allocate nothing proportional to the index.
  public func search(
    _ query: [Float], k: Int, ef: Int? = nil, excluding: Set<Int32> = [], visited: inout VisitedList
  ) throws(RetrievalError) -> [SearchResult] {
    guard query.count == dimension else { throw .dimensionMismatch(expected: dimension, found: query.count) }
    guard query.allSatisfy(\.isFinite) else { throw .nonFiniteValue(row: 0) }
    guard k > 0, entryPoint >= 0 else { return [] }
    let excludedNodes = Set(excluding.compactMap { nodeOfIdentifier[$0] })
    let width = max(ef ?? parameters.efSearch, k) + excludedNodes.count
    return query.withUnsafeBufferPointer { q -> [SearchResult] in
      guard let base = q.baseAddress else { return [] }
      var entry = entryPoint
      if maxLevel > 0 {
        for layer in stride(from: maxLevel, through: 1, by: -1) {
          entry = greedyClosest(base, queryAugment: 0, from: entry, layer: layer)
        }
      }
      let found = searchLayer(
        base, queryAugment: 0, entries: [entry], ef: width, layer: 0, excluded: excludedNodes, visited: &visited)
      return found.prefix(k).map { SearchResult(id: identifiers[Int($0.node)], score: $0.score) }
    }
  }
}
