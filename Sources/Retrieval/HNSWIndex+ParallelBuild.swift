import CSimd
import Dispatch
import NeuralCore
import Synchronization

/// Raw pointers shared with the workers of one phase (reads, or writes to disjoint rows).
private struct GraphPointers: @unchecked Sendable {  // level-0 rows are written by one worker each
  let codes: UnsafePointer<UInt8>
  let low: UnsafePointer<Float>
  let step: UnsafePointer<Float>
  let augment: UnsafePointer<Float>
  let links: UnsafeMutablePointer<Int32>
  let counts: UnsafeMutablePointer<UInt8>
}

extension HNSWIndex {
  /// Inserts `vectors` in batches (at most `batchSize`, and at most 1/32 of the graph so far)
  /// whose expensive parts run on `threads` threads:
  ///
  /// 1. each new node searches the graph as it was before the batch and picks its neighbours
  ///    with the heuristic, among the search results and the batch's earlier nodes (found by
  ///    brute force, since they are not reachable yet): read-only, in parallel over nodes;
  /// 2. the nodes' own links are written: sequential and cheap;
  /// 3. every existing node that gained reverse links merges them and re-prunes once: in
  ///    parallel over those nodes on layer 0 (each row written by one worker), sequentially on
  ///    the few upper-layer nodes.
  ///
  /// The result is deterministic for a seed and a batch size, whatever the thread timing.
  mutating func insertBatched(
    _ vectors: Matrix, identifiers ids: [Int32], threads: Int, batchSize: Int, progress: (Int, Int) -> Void
  ) throws(RetrievalError) {
    var start = 0
    while start < vectors.rows {
      // A batch is invisible to its own searches: keep it small next to the graph.
      let size = min(batchSize, max(16, count / 32))
      let end = min(start + size, vectors.rows)
      try insertBatch(vectors, rows: start..<end, identifiers: ids, threads: threads)
      start = end
      progress(start, vectors.rows)
    }
  }

  private mutating func insertBatch(
    _ source: Matrix, rows: Range<Int>, identifiers ids: [Int32], threads: Int
  ) throws(RetrievalError) {
    // Append the batch's nodes (not yet linked, so unreachable by searches).
    for r in rows where nodeOfIdentifier[ids[r]] != nil { throw .duplicateIdentifier(ids[r]) }
    let appended = rows.map { r in appendUnlinkedNode(source.row(r), identifier: ids[r]) }
    let nodes = appended.map(\.node)
    let batchLevels = appended.map(\.level)

    // 1. Plan every node's links in parallel against the graph as it stands.
    // Each worker plans into its own buffer; the buffers are joined under a lock once per worker,
    // so no two threads ever write one array (ThreadSanitizer judged the shared-array version).
    let graph = self
    let collected = Mutex<[(index: Int, plan: [[Int32]])]>([])
    DispatchQueue.concurrentPerform(iterations: max(1, min(threads, nodes.count))) { worker in
      var visited = VisitedList(capacity: graph.count)
      var mine: [(index: Int, plan: [[Int32]])] = []
      var i = worker
      while i < nodes.count {
        mine.append(
          (
            i,
            graph.planLinks(
              node: nodes[i], level: batchLevels[i], earlier: nodes[..<i], earlierLevels: batchLevels[..<i],
              visited: &visited)
          ))
        i += max(1, min(threads, nodes.count))
      }
      collected.withLock { $0.append(contentsOf: mine) }
    }
    var plans = [[[Int32]]](repeating: [], count: nodes.count)
    for entry in collected.withLock({ $0 }) { plans[entry.index] = entry.plan }

    // 2. Write the nodes' own links and gather the reverse links per (layer, neighbour).
    var reverse: [[Int32: [Int32]]] = []
    for (i, node) in nodes.enumerated() {
      for (layer, links) in plans[i].enumerated() {
        setLinks(of: node, layer: layer, to: links)
        while reverse.count <= layer { reverse.append([:]) }
        for neighbour in links { reverse[layer][neighbour, default: []].append(node) }
      }
    }

    // 3. Merge the reverse links: layer 0 in parallel over neighbours, upper layers in order.
    if let layer0 = reverse.first, !layer0.isEmpty {
      let work = layer0.keys.sorted()
      let width = maxLinks0
      let d = dimension
      let m = parameters.m
      let quantizer = quantized
      quantizer.codes.withUnsafeBufferPointer { v in
        quantizer.low.withUnsafeBufferPointer { lowBuffer in
          quantizer.step.withUnsafeBufferPointer { stepBuffer in
            augment.withUnsafeBufferPointer { a in
              level0.withUnsafeMutableBufferPointer { l in
                level0Count.withUnsafeMutableBufferPointer { c in
                  guard let vb = v.baseAddress, let ab = a.baseAddress, let lb = l.baseAddress, let cb = c.baseAddress,
                    let low = lowBuffer.baseAddress, let step = stepBuffer.baseAddress
                  else { return }
                  let pointers = GraphPointers(codes: vb, low: low, step: step, augment: ab, links: lb, counts: cb)
                  let workers = max(1, min(threads, work.count / 64 + 1))
                  DispatchQueue.concurrentPerform(iterations: workers) { w in
                    for j in stride(from: w, to: work.count, by: workers) {
                      let neighbour = work[j]
                      Self.mergeLevel0(
                        neighbour, adding: layer0[neighbour] ?? [], pointers: pointers, width: width, dimension: d,
                        limit: m * 2)
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    for layer in reverse.indices.dropFirst() {
      for neighbour in reverse[layer].keys.sorted() {
        var current = Array(links(of: neighbour, layer: layer))
        for node in reverse[layer][neighbour] ?? [] where !current.contains(node) { current.append(node) }
        if current.count > parameters.m {
          let candidates = current.map { (score: itemSimilarity(neighbour, $0), node: $0) }
            .sorted { $0.score > $1.score }
          current = selectNeighbours(base: neighbour, candidates: candidates, limit: parameters.m)
        }
        setLinks(of: neighbour, layer: layer, to: current)
      }
    }

    // The highest new level becomes the entry point.
    for (i, level) in batchLevels.enumerated() where level > maxLevel || entryPoint < 0 {
      maxLevel = level
      entryPoint = nodes[i]
    }
  }

  /// Node `node`'s links per layer 0...level: the search of the current graph from the entry
  /// point, plus the batch's earlier nodes, pruned by the heuristic.
  private func planLinks(
    node: Int32, level: Int, earlier: ArraySlice<Int32>, earlierLevels: ArraySlice<Int>, visited: inout VisitedList
  ) -> [[Int32]] {
    var result = [[Int32]](repeating: [], count: level + 1)
    let d = dimension
    let query = Array(vectors[(Int(node) * d)..<(Int(node) * d + d)])
    let queryAugment = augment[Int(node)]
    query.withUnsafeBufferPointer { q in
      guard let qBase = q.baseAddress else { return }
      var entry: [Int32] = entryPoint >= 0 ? [entryPoint] : []
      if let start = entry.first, maxLevel > level {
        var best = start
        for layer in stride(from: maxLevel, to: level, by: -1) {
          best = greedyClosest(qBase, queryAugment: queryAugment, from: best, layer: layer)
        }
        entry = [best]
      }
      for layer in stride(from: level, through: 0, by: -1) {
        var found: [(score: Float, node: Int32)] = []
        if layer <= maxLevel, !entry.isEmpty {
          found = searchLayer(
            qBase, queryAugment: queryAugment, entries: entry, ef: parameters.efConstruction, layer: layer,
            visited: &visited)
          entry = found.map(\.node)
        }
        for (other, otherLevel) in zip(earlier, earlierLevels) where otherLevel >= layer {
          found.append((itemSimilarity(node, other), other))
        }
        found.sort { $0.score > $1.score }
        result[layer] = selectNeighbours(base: node, candidates: found, limit: parameters.m)
      }
    }
    return result
  }

  /// Adds `added` to `neighbour`'s layer-0 links and re-prunes once when they overflow.
  private static func mergeLevel0(
    _ neighbour: Int32, adding added: [Int32], pointers: GraphPointers, width: Int, dimension d: Int, limit: Int
  ) {
    let row = pointers.links + Int(neighbour) * width
    var current = (0..<Int(pointers.counts[Int(neighbour)])).map { row[$0] }
    for node in added where !current.contains(node) { current.append(node) }
    if current.count > limit {
      func similarity(_ x: Int32, _ y: Int32) -> Float {
        CSimd_dotDecoded(pointers.low, pointers.step, pointers.codes + Int(x) * d, pointers.codes + Int(y) * d, d)
          + pointers.augment[Int(x)] * pointers.augment[Int(y)]
      }
      let candidates = current.map { (score: similarity(neighbour, $0), node: $0) }.sorted { $0.score > $1.score }
      var kept: [Int32] = []
      kept.reserveCapacity(limit)
      for candidate in candidates where candidate.node != neighbour {
        if kept.count >= limit { break }
        if kept.allSatisfy({ similarity(candidate.node, $0) <= candidate.score }) { kept.append(candidate.node) }
      }
      current = kept
    }
    for (i, link) in current.enumerated() { row[i] = link }
    pointers.counts[Int(neighbour)] = UInt8(current.count)
  }
}
