import NeuralCore

extension PartitionIndex {
  /// The top `k` items by exact inner product with `query`, best first, among the items of the
  /// `probe` cells whose centroids score best, skipping `excluding`.
  ///
  /// Inside the cells each item's score is approximated as `q · centroid + Σ_s lut_s[code_s]`
  /// (the lookup table quantised to one byte per codeword); the `reorder` best by that are
  /// re-scored with the exact vectors. Excluded items never take a re-scoring place.
  /// - Throws: ``RetrievalError/dimensionMismatch(expected:found:)``, ``RetrievalError/nonFiniteValue(row:)``.
  /// - Complexity: O(partitions × dimension) to route, O(items in the probed cells × subspaces / 32)
  ///   table lookups, O(reorder × dimension) to re-score.
  public func search(
    _ query: [Float], k: Int, probe: Int? = nil, reorder: Int? = nil, excluding: Set<Int32> = []
  ) throws(RetrievalError) -> [SearchResult] {
    guard query.count == dimension else { throw .dimensionMismatch(expected: dimension, found: query.count) }
    guard query.allSatisfy(\.isFinite) else { throw .nonFiniteValue(row: 0) }
    guard k > 0, count > 0 else { return [] }
    // The centroids are kept transposed: a GEMM of one row would pack them every query.
    let routing = FastScanKernel.scores(query, transposed: centroidsByDimension, rows: partitionCount)
    let probed = TopK.select(routing, k: min(max(probe ?? parameters.probe, 1), partitionCount))
    let table = lookupTable(query)
    let width = max(reorder ?? parameters.reorder, k)
    var best = CandidateBuffer(capacity: width)
    var sums: [UInt16] = []
    for cell in probed {
      let members = cells[Int(cell)].members
      guard !members.isEmpty else { continue }
      let blocks = (members.count + Self.blockSize - 1) / Self.blockSize
      FastScanKernel.scan(cells[Int(cell)].codes, lut: table.bytes, subspaces: subspaces, blocks: blocks, into: &sums)
      let base = routing[Int(cell)] + table.offset
      // An item is offered when its byte sum beats the buffer's threshold, in byte-sum units.
      var limit = (best.threshold - base) / table.step
      for i in 0..<members.count where Float(sums[i]) > limit {
        let node = members[i]
        if !excluding.isEmpty && excluding.contains(identifiers[Int(node)]) { continue }
        best.offer(base + table.step * Float(sums[i]), node)
        limit = (best.threshold - base) / table.step
      }
    }
    let nodes = best.best().map(\.node)
    let scores = FastScanKernel.dots(query, vectors.values, nodes: nodes, dimension: dimension)
    let top = TopK.select(scores, k: k)
    var exact = top.map { (score: scores[Int($0)], node: nodes[Int($0)]) }
    exact.sort { $0.score != $1.score ? $0.score > $1.score : $0.node < $1.node }
    return exact.map { SearchResult(id: identifiers[Int($0.node)], score: $0.score) }
  }

  /// The query's lookup table: `subspaces × 16` bytes, and the affine map back to scores,
  /// `Σ_s lut_s[c_s] ≈ offset + step × Σ_s bytes_s[c_s]` (each subspace's smallest entry is its
  /// zero; one step for all, so that the byte sums add).
  func lookupTable(_ query: [Float]) -> (bytes: [UInt8], offset: Float, step: Float) {
    let words = Self.codewords
    var values = [Float](repeating: 0, count: subspaces * words)
    var lows = [Float](repeating: 0, count: subspaces)
    var widest: Float = 0
    for s in 0..<subspaces {
      let x = 2 * s < dimension ? query[2 * s] : 0
      let y = 2 * s + 1 < dimension ? query[2 * s + 1] : 0
      var low = Float.infinity
      var high = -Float.infinity
      for w in 0..<words {
        let base = (s * words + w) * 2
        let v = x * codebooks[base] + y * codebooks[base + 1]
        values[s * words + w] = v
        low = min(low, v)
        high = max(high, v)
      }
      lows[s] = low
      widest = max(widest, high - low)
    }
    let step = widest > 0 ? widest / 255 : 1
    var bytes = [UInt8](repeating: 0, count: subspaces * words)
    for s in 0..<subspaces {
      for w in 0..<words {
        bytes[s * words + w] = UInt8(min(max(((values[s * words + w] - lows[s]) / step).rounded(), 0), 255))
      }
    }
    return (bytes, lows.reduce(0, +), step)
  }
}
