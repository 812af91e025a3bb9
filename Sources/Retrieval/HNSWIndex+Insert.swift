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
    let query = vector
    let queryAugment = augment[Int(node)]
    var scratch = visitedScratch
    defer { visitedScratch = scratch }
    var entry = [entryPoint]
    query.withUnsafeBufferPointer { q in
      guard let qBase = q.baseAddress else { return }
      if maxLevel > level {
        for layer in stride(from: maxLevel, to: level, by: -1) {
          entry = [greedyClosest(qBase, queryAugment: queryAugment, from: entry[0], layer: layer)]
        }
      }
      for layer in stride(from: min(level, maxLevel), through: 0, by: -1) {
        let found = searchLayer(
          qBase, queryAugment: queryAugment, entries: entry, ef: parameters.efConstruction, layer: layer,
          excluded: [node], visited: &scratch)
        let capacity = layer == 0 ? maxLinks0 : parameters.m
        let chosen = selectNeighbours(base: node, candidates: found, limit: parameters.m)
        setLinks(of: node, layer: layer, to: chosen)
        for neighbour in chosen { connect(neighbour, to: node, layer: layer, capacity: capacity) }
        entry = found.map(\.node)
      }
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

  /// Adds `node` to `neighbour`'s links, pruning with the heuristic when they overflow.
  private mutating func connect(_ neighbour: Int32, to node: Int32, layer: Int, capacity: Int) {
    var current = Array(links(of: neighbour, layer: layer))
    if current.count < capacity {
      current.append(node)
      setLinks(of: neighbour, layer: layer, to: current)
      return
    }
    let candidates = (current + [node]).map { (score: itemSimilarity(neighbour, $0), node: $0) }
      .sorted { $0.score > $1.score }
    setLinks(
      of: neighbour, layer: layer, to: selectNeighbours(base: neighbour, candidates: candidates, limit: capacity))
  }

  /// Malkov & Yashunin's heuristic (Algorithm 4): keep a candidate only if it is closer to the
  /// base than to every neighbour already kept, which spreads links across directions.
  /// `candidates` are sorted by similarity to the base, best first.
  func selectNeighbours(base: Int32, candidates: [(score: Float, node: Int32)], limit: Int) -> [Int32] {
    var kept: [Int32] = []
    kept.reserveCapacity(limit)
    for candidate in candidates where candidate.node != base {
      if kept.count >= limit { break }
      var good = true
      for other in kept where itemSimilarity(candidate.node, other) > candidate.score {
        good = false
        break
      }
      if good { kept.append(candidate.node) }
    }
    return kept
  }
}
