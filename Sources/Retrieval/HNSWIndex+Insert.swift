import Foundation
import NeuralCore

extension HNSWIndex {
  /// Adds one item; it is retrievable as soon as this returns (a fresh upload needs no rebuild).
  ///
  /// - Throws: ``RetrievalError`` for a wrong dimension, NaN or infinite values, or a repeated
  ///   identifier; the index is unchanged then.
  public mutating func insert(_ vector: [Float], identifier: Int32) throws(RetrievalError) {
    guard vector.count == dimension else { throw .dimensionMismatch(expected: dimension, found: vector.count) }
    guard vector.allSatisfy(\.isFinite) else { throw .nonFiniteValue(row: count) }
    guard nodeOfIdentifier[identifier] == nil else { throw .duplicateIdentifier(identifier) }
    let (node, level) = appendUnlinkedNode(vector, identifier: identifier)
    guard entryPoint >= 0 else {
      entryPoint = node
      maxLevel = level
      return
    }
    let queryAugment = augment[Int(node)]
    var scratch = visitedScratch
    defer { visitedScratch = scratch }
    var entry = [entryPoint]
    if maxLevel > level {
      let top = maxLevel
      let start = entryPoint
      let closest = withPreparedQuery(vector, augment: queryAugment) { prepared in
        withGraphView { graph in
          var best = start
          for layer in stride(from: top, to: level, by: -1) {
            best = greedyClosest(prepared, from: best, layer: layer, graph: graph)
          }
          return best
        }
      }
      entry = [(closest ?? nil) ?? start]
    }
    // Each layer is planned on a read-only view, then written: the new node's links, and the
    // reverse link on each chosen neighbour (pruned when its list is full).
    for layer in stride(from: min(level, maxLevel), through: 0, by: -1) {
      let capacity = layer == 0 ? maxLinks0 : parameters.m
      let (m, efConstruction, from) = (parameters.m, parameters.efConstruction, entry)
      let planned = withPreparedQuery(vector, augment: queryAugment) { prepared in
        withGraphView { graph -> (found: [Int32], chosen: [Int32], reverse: [(Int32, [Int32])]) in
          let found = searchLayer(
            prepared, entries: from, ef: efConstruction, layer: layer, excluded: [node], visited: &scratch,
            graph: graph)
          let chosen = Self.selectNeighbours(base: node, candidates: found, limit: m, graph: graph)
          let reverse = chosen.map { neighbour in
            (neighbour, linksAfterAdding(node, to: neighbour, layer: layer, capacity: capacity, graph: graph))
          }
          return (found.map(\.node), chosen, reverse)
        }
      }
      guard let step = planned ?? nil else { break }
      setLinks(of: node, layer: layer, to: step.chosen)
      for (neighbour, links) in step.reverse { setLinks(of: neighbour, layer: layer, to: links) }
      entry = step.found
    }
    if level > maxLevel {
      maxLevel = level
      entryPoint = node
    }
  }

  /// Stores a new node (vector, extra coordinate, identifier, level, empty link lists) without
  /// linking it: nothing reaches it until its links are set.
  mutating func appendUnlinkedNode(_ vector: some Collection<Float>, identifier: Int32) -> (node: Int32, level: Int) {
    let normSquared = vector.reduce(0) { $0 + $1 * $1 }
    if parameters.space == .reducedEuclidean && normSquared > radiusSquared { growRadius(to: normSquared * 1.21) }
    let node = Int32(count)
    vectors.append(contentsOf: vector)
    if quantized.append(vector) { saturatedNodes.insert(node) }
    if quantized.needsRefit {
      quantized.rebuild(from: vectors)
      saturatedNodes = []
    }
    augment.append(parameters.space == .reducedEuclidean ? max(0, radiusSquared - normSquared).squareRoot() : 0)
    identifiers.append(identifier)
    nodeOfIdentifier[identifier] = node
    let level = drawLevel()
    levels.append(Int8(level))
    level0.append(contentsOf: repeatElement(-1, count: maxLinks0))
    level0Count.append(0)
    if level > 0 { upper[node] = Array(repeating: [], count: level) }
    return (node, level)
  }

  private mutating func drawLevel() -> Int {
    let scale = 1 / log(Double(parameters.m))
    return min(Int(-log(max(random.nextUnit(), 1e-12)) * scale), 16)
  }

  /// Raises the reduction's radius; every extra coordinate is recomputed (links stay).
  private mutating func growRadius(to newRadiusSquared: Float) {
    radiusSquared = newRadiusSquared
    for node in 0..<count {
      var norm: Float = 0
      for c in 0..<dimension { norm += vectors[node * dimension + c] * vectors[node * dimension + c] }
      augment[node] = max(0, radiusSquared - norm).squareRoot()
    }
  }

  /// `neighbour`'s links on `layer` with `node` added, pruned with the heuristic when they
  /// overflow `capacity`.
  private func linksAfterAdding(
    _ node: Int32, to neighbour: Int32, layer: Int, capacity: Int, graph: HNSWGraphView
  ) -> [Int32] {
    let current = Array(links(of: neighbour, layer: layer))
    if current.count < capacity { return current + [node] }
    return Self.pruned(neighbour, current + [node], limit: capacity, graph: graph)
  }

  /// Malkov & Yashunin's heuristic (Algorithm 4): keep a candidate only if it is closer to the
  /// base than to every neighbour already kept, which spreads links across directions.
  /// `candidates` are sorted by similarity to the base, best first.
  static func selectNeighbours(
    base: Int32, candidates: [(score: Float, node: Int32)], limit: Int, graph: HNSWGraphView
  ) -> [Int32] {
    var kept: [Int32] = []
    kept.reserveCapacity(limit)
    for candidate in candidates where candidate.node != base {
      if kept.count >= limit { break }
      if kept.allSatisfy({ graph.similarity(candidate.node, $0) <= candidate.score }) { kept.append(candidate.node) }
    }
    return kept
  }
}
