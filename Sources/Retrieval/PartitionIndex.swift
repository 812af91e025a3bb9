import NeuralCore

/// Maximum-inner-product search by partitions and 4-bit product quantisation (the design of
/// ScaNN and FAISS's IVF fast scan): k-means cells route a query to the few whose centroid scores
/// best; inside them every item is scored from 4-bit codes of its residual (item − centroid),
/// 2 dimensions per code, against a one-byte lookup table per code, 32 items at a time with
/// in-register table lookups (`pshufb`); the best few hundred are then re-scored exactly, so the
/// returned scores are exact inner products.
///
/// Memory: 16 bytes of codes per 64-dimensional item beside its exact vector.
public struct PartitionIndex: Sendable {
  /// One k-means cell: its items and their codes in blocks of 32.
  struct Cell: Sendable {
    /// Internal node numbers of the cell's items, in code order.
    var members: [Int32] = []
    /// `blocks × subspaces × 16` bytes (``FastScanKernel`` layout).
    var codes: [UInt8] = []
  }

  /// Items per code block.
  static let blockSize = 32
  /// Code values per subspace (4 bits).
  static let codewords = 16

  /// Vector dimension.
  public let dimension: Int
  /// The parameters it was built with.
  public let parameters: PartitionParameters
  /// `partitions × dimension` cell centroids.
  public private(set) var centroids: Matrix
  /// The centroids transposed (`dimension × partitions`), for routing without horizontal sums.
  let centroidsByDimension: [Float]
  /// Subspaces of two dimensions (an odd dimension's last one is paired with a zero), rounded up
  /// to an even count for the two-per-register scan.
  let subspaces: Int
  /// `subspaces × 16 × 2` codewords of the residuals.
  let codebooks: [Float]
  /// The cells.
  var cells: [Cell]
  /// `items × dimension` exact vectors, by node.
  public private(set) var vectors: Matrix
  /// The caller's identifier of each node.
  public private(set) var identifiers: [Int32]

  /// Items in the index.
  public var count: Int { identifiers.count }
  /// Partitions.
  public var partitionCount: Int { centroids.rows }

  /// An index over the rows of `vectors`, row `i` identified by `identifiers[i]` (default `i`).
  ///
  /// - Throws: ``RetrievalError/nonFiniteValue(row:)``, ``RetrievalError/invalidParameter(name:reason:)``,
  ///   ``RetrievalError/duplicateIdentifier(_:)``.
  /// - Complexity: k-means on the training sample (`iterations × sample × partitions × dimension`)
  ///   and one assignment of every item.
  public static func build(
    _ vectors: Matrix, identifiers: [Int32]? = nil, parameters: PartitionParameters = PartitionParameters()
  ) throws(RetrievalError) -> PartitionIndex {
    try parameters.validate()
    let n = vectors.rows
    guard n > 0 else { throw .invalidParameter(name: "vectors", reason: "the index needs at least one item") }
    for r in 0..<n where !vectors.row(r).allSatisfy(\.isFinite) { throw .nonFiniteValue(row: r) }
    let ids = identifiers ?? (0..<n).map(Int32.init)
    guard ids.count == n else {
      throw .invalidParameter(name: "identifiers", reason: "\(ids.count) identifiers for \(n) vectors")
    }
    var seen = Set<Int32>()
    for id in ids where !seen.insert(id).inserted { throw .duplicateIdentifier(id) }
    var generator = SeededGenerator(seed: parameters.seed)
    let sample = Self.sample(vectors, count: parameters.trainingSample, generator: &generator)
    let centroids = KMeans.centroids(
      of: sample, k: parameters.partitionCount(for: n), iterations: parameters.iterations, generator: &generator)
    let d = vectors.columns
    let subspaces = Self.subspaceCount(dimension: d)
    let (sampleCells, _) = KMeans.assign(sample, to: centroids)
    let residuals = Self.residuals(sample, cells: sampleCells, centroids: centroids)
    let codebooks = Self.trainCodebooks(
      residuals, subspaces: subspaces, iterations: parameters.iterations, generator: &generator)
    var index = PartitionIndex(
      dimension: d, parameters: parameters, centroids: centroids, centroidsByDimension: centroids.transposed().values,
      subspaces: subspaces, codebooks: codebooks,
      cells: Array(repeating: Cell(), count: centroids.rows), vectors: vectors, identifiers: ids)
    let (cells, _) = KMeans.assign(vectors, to: centroids)
    let allResiduals = Self.residuals(vectors, cells: cells, centroids: centroids)
    for node in 0..<n {
      index.append(node: Int32(node), cell: Int(cells[node]), codes: index.encode(allResiduals.row(node)))
    }
    return index
  }

  /// `count` distinct rows of `x` (all when it has no more), in a seeded order.
  static func sample(_ x: Matrix, count: Int, generator: inout SeededGenerator) -> Matrix {
    guard x.rows > count else { return x }
    var order = Array(0..<x.rows)
    for i in 0..<count {
      let j = i + Int(generator.next() % UInt64(x.rows - i))
      order.swapAt(i, j)
    }
    return x.gatherRows(order.prefix(count).map(Int32.init))
  }

  /// Two dimensions per subspace, an even number of subspaces.
  static func subspaceCount(dimension d: Int) -> Int {
    let pairs = (d + 1) / 2
    return pairs + pairs % 2
  }

  /// Each row minus its cell's centroid.
  static func residuals(_ x: Matrix, cells: [Int32], centroids: Matrix) -> Matrix {
    var out = x
    let d = x.columns
    for r in 0..<x.rows {
      let c = Int(cells[r]) * d
      for j in 0..<d { out.values[r * d + j] -= centroids.values[c + j] }
    }
    return out
  }

  /// The 16 codewords of each two-dimensional subspace of the residuals (k-means in the plane).
  static func trainCodebooks(_ residuals: Matrix, subspaces: Int, iterations: Int, generator: inout SeededGenerator)
    -> [Float]
  {
    let d = residuals.columns
    var codebooks = [Float](repeating: 0, count: subspaces * codewords * 2)
    for s in 0..<subspaces {
      var plane = Matrix(rows: residuals.rows, columns: 2)
      for r in 0..<residuals.rows {
        for t in 0..<2 where 2 * s + t < d { plane.values[r * 2 + t] = residuals.values[r * d + 2 * s + t] }
      }
      let k = min(codewords, plane.rows)
      let words = KMeans.centroids(of: plane, k: k, iterations: iterations, generator: &generator)
      for w in 0..<codewords {
        let source = w % k
        codebooks[(s * codewords + w) * 2] = words.values[source * 2]
        codebooks[(s * codewords + w) * 2 + 1] = words.values[source * 2 + 1]
      }
    }
    return codebooks
  }

  /// The nearest codeword of each subspace for one residual.
  func encode(_ residual: ArraySlice<Float>) -> [UInt8] {
    let r = Array(residual)
    return (0..<subspaces).map { s in
      let x = 2 * s < dimension ? r[2 * s] : 0
      let y = 2 * s + 1 < dimension ? r[2 * s + 1] : 0
      var best = Float.infinity
      var arg = 0
      for w in 0..<Self.codewords {
        let base = (s * Self.codewords + w) * 2
        let dx = x - codebooks[base]
        let dy = y - codebooks[base + 1]
        let distance = dx * dx + dy * dy
        if distance < best {
          best = distance
          arg = w
        }
      }
      return UInt8(arg)
    }
  }

  /// Appends `node` with its codes to `cell`'s blocks (a new block when the last is full).
  mutating func append(node: Int32, cell c: Int, codes: [UInt8]) {
    let position = cells[c].members.count
    let slot = position % Self.blockSize
    if slot == 0 {
      cells[c].codes.append(contentsOf: repeatElement(0, count: subspaces * 16))
    }
    let block = (position / Self.blockSize) * subspaces * 16
    let byte = slot % 16
    let high = slot >= 16
    for s in 0..<subspaces {
      let i = block + s * 16 + byte
      cells[c].codes[i] = high ? (cells[c].codes[i] & 0x0F) | (codes[s] << 4) : (cells[c].codes[i] & 0xF0) | codes[s]
    }
    cells[c].members.append(node)
  }

  /// Adds one item (a fresh upload) to its nearest cell, encoded with the trained codebooks.
  ///
  /// - Throws: ``RetrievalError/dimensionMismatch(expected:found:)``, ``RetrievalError/nonFiniteValue(row:)``,
  ///   ``RetrievalError/duplicateIdentifier(_:)``; the index is unchanged then.
  /// - Complexity: O(partitions × dimension).
  public mutating func insert(_ vector: [Float], id: Int32) throws(RetrievalError) {
    guard vector.count == dimension else { throw .dimensionMismatch(expected: dimension, found: vector.count) }
    guard vector.allSatisfy(\.isFinite) else { throw .nonFiniteValue(row: 0) }
    guard !identifiers.contains(id) else { throw .duplicateIdentifier(id) }
    let row = Matrix(rows: 1, columns: dimension, values: vector)
    let (cell, _) = KMeans.assign(row, to: centroids)
    let c = Int(cell[0])
    let residual = Self.residuals(row, cells: cell, centroids: centroids)
    let node = Int32(count)
    vectors.values.append(contentsOf: vector)
    vectors.reshape(rows: count + 1, columns: dimension)
    identifiers.append(id)
    append(node: node, cell: c, codes: encode(residual.row(0)))
  }
}
