import NeuralCore

extension HNSWIndex {
  /// Greedy descent to the most similar node on an upper layer.
  func greedyClosest(_ query: HNSWGraphView.Query, from start: Int32, layer: Int, graph: HNSWGraphView) -> Int32 {
    var best = start
    var bestScore = graph.codeScore(query, start)
    var improved = true
    while improved {
      improved = false
      for neighbour in links(of: best, layer: layer) {
        let score = graph.codeScore(query, neighbour)
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
  /// descending code score. Excluded nodes are walked through but not returned.
  ///
  /// Each expansion first marks the unvisited neighbours and requests every cache line of their
  /// codes, then scores them: the loads overlap instead of stalling one by one. The next node to
  /// expand (probably the candidates' new top) has its links requested meanwhile.
  func searchLayer(
    _ query: HNSWGraphView.Query, entries: [Int32], ef: Int, layer: Int, excluded: Set<Int32> = [],
    visited: inout VisitedList, graph: HNSWGraphView
  ) -> [(score: Float, node: Int32)] {
    visited.reset(count: count)
    var walk = HNSWLayerWalk(ef: ef, excluded: excluded)
    visited.withTags { tags, generation in
      for entry in entries where tags[Int(entry)] != generation {
        tags[Int(entry)] = generation
        walk.seed(graph.codeScore(query, entry), entry)
      }
      walk.finishSeeding()
      withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(maxLinks0, parameters.m) + 1) { fresh in
        while let current = walk.next() {
          if layer == 0, let next = walk.candidates.top { graph.prefetchLinks(of: next.node) }
          var freshCount = 0
          func mark(_ neighbour: Int32) {
            guard tags[Int(neighbour)] != generation else { return }
            tags[Int(neighbour)] = generation
            assert(freshCount < fresh.count, "more fresh neighbours than link slots")
            fresh[freshCount] = neighbour
            freshCount += 1
            graph.prefetchCodes(of: neighbour)
          }
          if layer == 0 {
            for neighbour in graph.level0Links(of: current.node) { mark(neighbour) }
          } else {
            for neighbour in links(of: current.node, layer: layer) { mark(neighbour) }
          }
          for i in 0..<freshCount { walk.offer(graph.codeScore(query, fresh[i]), fresh[i]) }
        }
      }
    }
    return walk.sortedResults()
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
    let bound = quantized.errorBound(for: query)
    let exact: [(score: Float, node: Int32)] =
      withPreparedQuery(query, augment: 0) { prepared in
        withGraphView { graph -> [(score: Float, node: Int32)] in
          var entry = entryPoint
          for layer in stride(from: maxLevel, through: 1, by: -1) {
            entry = greedyClosest(prepared, from: entry, layer: layer, graph: graph)
          }
          let found = searchLayer(
            prepared, entries: [entry], ef: width, layer: 0, excluded: excludedNodes, visited: &visited, graph: graph)
          return rescore(found, query: prepared, errorBound: bound, k: k, graph: graph)
        } ?? []
      } ?? []
    return exact.prefix(k).map { SearchResult(id: identifiers[Int($0.node)], score: $0.score) }
  }

  /// The walk's list (best first by code score) ranked by exact scores. A code score is within
  /// ``QuantizedVectors/errorBound(for:)`` `E` of the exact one, so a node whose code score
  /// is below the k-th best code score minus `2E` has an exact score below the exact scores of
  /// all of the top k by code score, and cannot be in the answer: only the nodes above that line
  /// (and any with saturated codes, which have no bound) are re-scored. This keeps the answer
  /// exactly the exact top k of the list while reading far fewer full-precision vectors.
  func rescore(
    _ found: [(score: Float, node: Int32)], query: HNSWGraphView.Query, errorBound: Float, k: Int,
    graph: HNSWGraphView
  ) -> [(score: Float, node: Int32)] {
    let line = found.count > k ? found[k - 1].score - 2 * errorBound : -Float.infinity
    var exact: [(score: Float, node: Int32)] = []
    exact.reserveCapacity(min(found.count, 2 * k))
    for item in found where item.score >= line || (!saturatedNodes.isEmpty && saturatedNodes.contains(item.node)) {
      exact.append((graph.exactScore(query, item.node), item.node))
    }
    return exact.sorted { $0.score > $1.score || ($0.score == $1.score && $0.node < $1.node) }
  }
}
