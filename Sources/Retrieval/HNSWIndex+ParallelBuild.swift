import Dispatch
import NeuralCore
import Synchronization

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
    _ vectors: Matrix, identifiers ids: [Int32], threads: Int, batchSize: Int, progress: ProgressHandler
  ) throws(RetrievalError) {
    var start = 0
    while start < vectors.rows {
      // A batch is invisible to its own searches: keep it small next to the graph.
      let size = min(batchSize, max(16, count / 32))
      let end = min(start + size, vectors.rows)
      try insertBatch(vectors, rows: start..<end, identifiers: ids, threads: threads)
      start = end
      progress(ProgressReport(phase: "indexing", done: start, total: vectors.rows))
    }
  }

  /// One batch: append its nodes unlinked, plan their links in parallel (phase 1), write them
  /// with the reverse links they imply (phase 2), then merge those reverse links (phase 3).
  private mutating func insertBatch(
    _ source: Matrix, rows: Range<Int>, identifiers ids: [Int32], threads: Int
  ) throws(RetrievalError) {
    for r in rows where nodeOfIdentifier[ids[r]] != nil { throw .duplicateIdentifier(ids[r]) }
    let appended = rows.map { r in appendUnlinkedNode(source.row(r), identifier: ids[r]) }
    let nodes = appended.map(\.node)
    let levels = appended.map(\.level)
    let plans = planBatch(nodes: nodes, levels: levels, threads: threads)
    let reverse = writeOwnLinks(nodes: nodes, plans: plans)
    if let layer0 = reverse.first, !layer0.isEmpty { mergeLevel0(layer0, threads: threads) }
    for layer in reverse.indices.dropFirst() { mergeUpper(reverse[layer], layer: layer) }
    // The highest new level becomes the entry point.
    for (i, level) in levels.enumerated() where level > maxLevel || entryPoint < 0 {
      maxLevel = level
      entryPoint = nodes[i]
    }
  }

  /// Phase 1: every new node's links per layer, planned in parallel against the graph as it
  /// stands. Each worker plans into its own buffer; the buffers are joined under a lock once per
  /// worker, so no two threads ever write one array.
  private func planBatch(nodes: [Int32], levels: [Int], threads: Int) -> [[[Int32]]] {
    let workers = max(1, min(threads, nodes.count))
    let collected = Mutex<[(index: Int, plan: [[Int32]])]>([])
    _ = withGraphView { graph in
      DispatchQueue.concurrentPerform(iterations: workers) { worker in
        var visited = VisitedList(capacity: count)
        var mine: [(index: Int, plan: [[Int32]])] = []
        for i in stride(from: worker, to: nodes.count, by: workers) {
          let plan = planLinks(
            node: nodes[i], level: levels[i], earlier: nodes[..<i], earlierLevels: levels[..<i], visited: &visited,
            graph: graph)
          mine.append((i, plan))
        }
        collected.withLock { $0.append(contentsOf: mine) }
      }
    }
    var plans = [[[Int32]]](repeating: [], count: nodes.count)
    for entry in collected.withLock({ $0 }) { plans[entry.index] = entry.plan }
    return plans
  }

  /// Phase 2: writes the new nodes' own links; returns the reverse links per layer and neighbour.
  private mutating func writeOwnLinks(nodes: [Int32], plans: [[[Int32]]]) -> [[Int32: [Int32]]] {
    var reverse: [[Int32: [Int32]]] = []
    for (i, node) in nodes.enumerated() {
      for (layer, links) in plans[i].enumerated() {
        setLinks(of: node, layer: layer, to: links)
        while reverse.count <= layer { reverse.append([:]) }
        for neighbour in links { reverse[layer][neighbour, default: []].append(node) }
      }
    }
    return reverse
  }

  /// Phase 3 on layer 0: in parallel over the neighbours that gained links, each row written
  /// by the one worker that owns the neighbour.
  private mutating func mergeLevel0(_ added: [Int32: [Int32]], threads: Int) {
    let work = added.keys.sorted()
    let limit = maxLinks0
    let workers = max(1, min(threads, work.count / 64 + 1))
    _ = withWritableGraphView { graph in
      DispatchQueue.concurrentPerform(iterations: workers) { w in
        for j in stride(from: w, to: work.count, by: workers) {
          let neighbour = work[j]
          var current = Array(graph.level0Links(of: neighbour))
          for node in added[neighbour] ?? [] where !current.contains(node) { current.append(node) }
          if current.count > limit { current = Self.pruned(neighbour, current, limit: limit, graph: graph) }
          graph.setLevel0Links(of: neighbour, to: current)
        }
      }
    }
  }

  /// Phase 3 on an upper layer: sequential (few nodes live there).
  private mutating func mergeUpper(_ added: [Int32: [Int32]], layer: Int) {
    for neighbour in added.keys.sorted() {
      var current = Array(links(of: neighbour, layer: layer))
      for node in added[neighbour] ?? [] where !current.contains(node) { current.append(node) }
      if current.count > parameters.m {
        let m = parameters.m
        current = withGraphView { graph in Self.pruned(neighbour, current, limit: m, graph: graph) } ?? current
      }
      setLinks(of: neighbour, layer: layer, to: current)
    }
  }

  /// Node `node`'s links per layer 0...level: the search of the current graph from the entry
  /// point, plus the batch's earlier nodes, pruned by the heuristic.
  private func planLinks(
    node: Int32, level: Int, earlier: ArraySlice<Int32>, earlierLevels: ArraySlice<Int>, visited: inout VisitedList,
    graph: HNSWGraphView
  ) -> [[Int32]] {
    let d = dimension
    let query = Array(vectors[(Int(node) * d)..<(Int(node) * d + d)])
    let planned = withPreparedQuery(query, augment: augment[Int(node)]) { prepared in
      var result = [[Int32]](repeating: [], count: level + 1)
      var entry: [Int32] = entryPoint >= 0 ? [entryPoint] : []
      if let start = entry.first, maxLevel > level {
        var best = start
        for layer in stride(from: maxLevel, to: level, by: -1) {
          best = greedyClosest(prepared, from: best, layer: layer, graph: graph)
        }
        entry = [best]
      }
      for layer in stride(from: level, through: 0, by: -1) {
        var found: [(score: Float, node: Int32)] = []
        if layer <= maxLevel, !entry.isEmpty {
          found = searchLayer(
            prepared, entries: entry, ef: parameters.efConstruction, layer: layer, visited: &visited, graph: graph)
          entry = found.map(\.node)
        }
        for (other, otherLevel) in zip(earlier, earlierLevels) where otherLevel >= layer {
          found.append((graph.similarity(node, other), other))
        }
        found.sort { $0.score > $1.score }
        result[layer] = Self.selectNeighbours(base: node, candidates: found, limit: parameters.m, graph: graph)
      }
      return result
    }
    return planned ?? [[Int32]](repeating: [], count: level + 1)
  }

  /// `links` of `base` (more than `limit`) cut to `limit` by the heuristic.
  static func pruned(_ base: Int32, _ links: [Int32], limit: Int, graph: HNSWGraphView) -> [Int32] {
    let candidates = links.map { (score: graph.similarity(base, $0), node: $0) }.sorted { $0.score > $1.score }
    return selectNeighbours(base: base, candidates: candidates, limit: limit, graph: graph)
  }
}
