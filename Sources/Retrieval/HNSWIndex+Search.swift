import CPrefetch
import CSimd
import NeuralCore

extension HNSWIndex {
  /// Greedy descent to the most similar node on an upper layer.
  func greedyClosest(_ query: UnsafePointer<Float>, queryAugment: Float, from start: Int32, layer: Int) -> Int32 {
    let (weights, constant) = quantized.weights(for: query)
    return weights.withUnsafeBufferPointer { w in
      guard let weights = w.baseAddress else { return start }
      var best = start
      var bestScore = querySimilarity(weights, constant: constant, queryAugment: queryAugment, start)
      var improved = true
      while improved {
        improved = false
        for neighbour in links(of: best, layer: layer) {
          let score = querySimilarity(weights, constant: constant, queryAugment: queryAugment, neighbour)
          if score > bestScore {
            bestScore = score
            best = neighbour
            improved = true
          }
        }
      }
      return best
    }
  }

  /// The best-first search of one layer (Algorithm 2), returning up to `ef` nodes by
  /// descending similarity. Excluded nodes are walked through but not returned.
  ///
  /// Layer 0, where nearly all the work happens, reads vectors and links through raw pointers
  /// (measured: 2× faster than going through array accessors per visited node).
  func searchLayer(
    _ query: UnsafePointer<Float>, queryAugment: Float, entries: [Int32], ef: Int, layer: Int,
    excluded: Set<Int32> = [], visited: inout VisitedList
  ) -> [(score: Float, node: Int32)] {
    visited.reset(count: count)
    var candidates = ScoredHeap<HighestFirst>(capacity: ef * 2)
    var results = ScoredHeap<LowestFirst>(capacity: ef + 1)
    let checkExcluded = !excluded.isEmpty
    let width = maxLinks0
    let d = dimension
    let (weightArray, constant) = quantized.weights(for: query)
    weightArray.withUnsafeBufferPointer { weightBuffer in
      quantized.codes.withUnsafeBufferPointer { vectorBuffer in
        augment.withUnsafeBufferPointer { augmentBuffer in
          level0.withUnsafeBufferPointer { linkBuffer in
            level0Count.withUnsafeBufferPointer { countBuffer in
              visited.withTags { tags, generation in
                guard let v = vectorBuffer.baseAddress, let a = augmentBuffer.baseAddress,
                  let w = weightBuffer.baseAddress,
                  let l = linkBuffer.baseAddress, let c = countBuffer.baseAddress
                else { return }
                for entry in entries where tags[Int(entry)] != generation {
                  tags[Int(entry)] = generation
                  var score = constant + CSimd_dotCodes(w, v + Int(entry) * d, d)
                  if queryAugment != 0 { score += queryAugment * a[Int(entry)] }
                  candidates.push(score, entry)
                  if !checkExcluded || !excluded.contains(entry) { results.push(score, entry) }
                }
                while results.count > ef { results.pop() }
                var worst = results.count >= ef ? (results.top?.score ?? -.infinity) : -.infinity
                let linesPerVector = max(1, (d * MemoryLayout<UInt8>.stride + 63) / 64)
                withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(width, parameters.m) + 1) { fresh in
                  while let current = candidates.pop() {
                    if results.count >= ef && current.score < worst { break }
                    // The next node to expand is probably the heap's new top: start loading its links.
                    if layer == 0, let next = candidates.top {
                      let row = UnsafeRawPointer(l + Int(next.node) * width)
                      CPrefetch_read(row)
                      CPrefetch_read(row + 64)
                      CPrefetch_read(c + Int(next.node))
                    }
                    // The unvisited neighbours first, with every cache line of their codes requested
                    // before the first is scored: the loads overlap instead of stalling one by one.
                    var freshCount = 0
                    func consider(_ neighbour: Int32) {
                      guard tags[Int(neighbour)] != generation else { return }
                      tags[Int(neighbour)] = generation
                      fresh[freshCount] = neighbour
                      freshCount += 1
                      let base = UnsafeRawPointer(v + Int(neighbour) * d)
                      for line in 0..<linesPerVector { CPrefetch_read(base + line * 64) }
                    }
                    if layer == 0 {
                      let neighbours = l + Int(current.node) * width
                      for i in 0..<Int(c[Int(current.node)]) { consider(neighbours[i]) }
                    } else {
                      for neighbour in links(of: current.node, layer: layer) { consider(neighbour) }
                    }
                    for i in 0..<freshCount {
                      let neighbour = fresh[i]
                      var score = constant + CSimd_dotCodes(w, v + Int(neighbour) * d, d)
                      if queryAugment != 0 { score += queryAugment * a[Int(neighbour)] }
                      if results.count < ef || score > worst {
                        candidates.push(score, neighbour)
                        if !checkExcluded || !excluded.contains(neighbour) {
                          results.push(score, neighbour)
                          if results.count > ef { results.pop() }
                          if results.count >= ef { worst = results.top?.score ?? -.infinity }
                        }
                      }
                    }
                  }
                }
              }
            }
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
      let exact = rescore(found, query: base, k: k)
      return exact.prefix(k).map { SearchResult(id: identifiers[Int($0.node)], score: $0.score) }
    }
  }

  /// The walk's list (best first by code score) ranked by exact scores. A code score is within
  /// ``QuantizedVectors/errorBound(for:)`` `E` of the exact one, so a node whose code score
  /// is below the k-th best code score minus `2E` has an exact score below the exact scores of
  /// all of the top k by code score, and cannot be in the answer: only the nodes above that line
  /// (and any with saturated codes, which have no bound) are re-scored. This keeps the answer
  /// exactly the exact top k of the list while reading far fewer full-precision vectors.
  func rescore(_ found: [(score: Float, node: Int32)], query: UnsafePointer<Float>, k: Int) -> [(
    score: Float, node: Int32
  )] {
    var line = -Float.infinity
    if found.count > k {
      let bound = quantized.errorBound(for: query)
      line = found[k - 1].score - 2 * bound
    }
    var exact: [(score: Float, node: Int32)] = []
    exact.reserveCapacity(min(found.count, 2 * k))
    for item in found where item.score >= line || (!saturatedNodes.isEmpty && saturatedNodes.contains(item.node)) {
      exact.append((exactSimilarity(query, item.node), item.node))
    }
    return exact.sorted { $0.score > $1.score || ($0.score == $1.score && $0.node < $1.node) }
  }
}
