import CSimd
import Foundation
import NeuralCore

/// Approximate maximum-inner-product search with an HNSW graph (Paper §3.1: serving is a
/// nearest-neighbour search in dot-product space).
///
/// Two graph spaces (``HNSWParameters/Space``): links by raw inner product (the default, as
/// hnswlib's `ip`), or the reduction of inner product to nearest-neighbour search by one extra
/// coordinate (Bachrach et al., 2014): item `x` becomes `(x, sqrt(R² − |x|²))` with `R` the
/// largest norm, a query `q` becomes `(q, 0)`, and `|q' − x'|² = |q|² + R² − 2 q·x`, so the
/// nearest item has the largest inner product. The extra coordinate is kept implicitly:
/// similarity between items is `x·y + a_x a_y` (`a = 0` in the raw space), between a query and an
/// item always `q·x`. Vectors and layer-0 links live in flat arrays.
public struct HNSWIndex: Sendable {
  /// Build and search parameters.
  public let parameters: HNSWParameters
  /// Vector dimension.
  public let dimension: Int
  /// Vectors, `count × dimension`, row-major: exact scores, persistence and staleness checks.
  var vectors: [Float] = []
  /// The one-byte copy the graph is built and walked on.
  var quantized: QuantizedVectors
  /// Nodes with a value outside the codes' ranges: their code scores have no error bound, so
  /// the answer always re-scores them.
  var saturatedNodes: Set<Int32> = []
  /// The implicit extra coordinate of each item.
  var augment: [Float] = []
  /// Squared radius `R²` of the reduction.
  var radiusSquared: Float = 0
  /// External identifier of each node.
  public internal(set) var identifiers: [Int32] = []
  var nodeOfIdentifier: [Int32: Int32] = [:]
  /// Top layer of each node.
  var levels: [Int8] = []
  /// Layer-0 links, `count × 2M`, with `level0Count` valid entries per node.
  var level0: [Int32] = []
  var level0Count: [UInt8] = []
  /// Upper-layer links: node → layers 1…level, each an array of at most M links.
  var upper: [Int32: [[Int32]]] = [:]
  var entryPoint: Int32 = -1
  var maxLevel = -1
  var random: SeededGenerator
  /// Reused by inserts.
  var visitedScratch = VisitedList()

  /// An empty index.
  public init(dimension: Int, parameters: HNSWParameters = HNSWParameters()) throws(RetrievalError) {
    try parameters.validate()
    guard dimension > 0 else { throw .invalidParameter(name: "dimension", reason: "must be positive") }
    self.dimension = dimension
    self.parameters = parameters
    quantized = QuantizedVectors(dimension: dimension, fittedTo: [])
    random = SeededGenerator(seed: parameters.seed)
  }

  /// The number of items.
  public var count: Int { identifiers.count }

  /// Approximate memory held by vectors and links, in bytes.
  public var memoryBytes: Int {
    vectors.count * 4 + quantized.memoryBytes + augment.count * 4 + level0.count * 4 + level0Count.count + identifiers
      .count * 4
      + upper.values.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count * 4 } }
  }
  var maxLinks0: Int { 2 * parameters.m }

  /// Builds an index over the rows of `vectors`, identified by their row numbers (or `identifiers`).
  ///
  /// - Complexity: O(n log n × efConstruction × dimension) expected.
  /// With `threads` > 1, the first items are inserted one by one and the rest in batches whose
  /// searches and link merges run in parallel (``insertBatched(_:identifiers:threads:batchSize:progress:)``).
  public static func build(
    _ vectors: Matrix, identifiers: [Int32]? = nil, parameters: HNSWParameters = HNSWParameters(),
    threads: Int = 2, progress: ProgressHandler = { _ in }
  ) throws(RetrievalError) -> HNSWIndex {
    var index = try HNSWIndex(dimension: vectors.columns, parameters: parameters)
    let ids = identifiers ?? Array(0..<Int32(vectors.rows))
    guard ids.count == vectors.rows else { throw .invalidParameter(name: "identifiers", reason: "one per row") }
    for r in 0..<vectors.rows where !vectors.row(r).allSatisfy(\.isFinite) { throw .nonFiniteValue(row: r) }
    guard Set(ids).count == ids.count else { throw .invalidParameter(name: "identifiers", reason: "must be unique") }
    // The reduction's radius is the largest norm; later inserts beyond it grow the radius.
    var largest: Float = 0
    for r in 0..<vectors.rows { largest = max(largest, vectors.row(r).reduce(0) { $0 + $1 * $1 }) }
    index.radiusSquared = largest
    index.quantized = QuantizedVectors(dimension: vectors.columns, fittedTo: vectors.values)
    index.quantized.reserve(rows: vectors.rows)
    index.vectors = HugePageArrays.empty(capacity: vectors.count)
    index.level0 = HugePageArrays.empty(capacity: vectors.rows * index.maxLinks0)
    let sequential = threads > 1 ? min(vectors.rows, 2_048) : vectors.rows
    for r in 0..<sequential {
      try index.insert(Array(vectors.row(r)), identifier: ids[r])
      if r % 1024 == 0 || r == vectors.rows - 1 {
        progress(ProgressReport(phase: "indexing", done: r + 1, total: vectors.rows))
      }
    }
    if sequential < vectors.rows {
      let rest = Matrix(
        rows: vectors.rows - sequential, columns: vectors.columns,
        values: Array(vectors.values[(sequential * vectors.columns)...]))
      try index.insertBatched(
        rest, identifiers: Array(ids[sequential...]), threads: threads, batchSize: 512,
        progress: { progress(ProgressReport(phase: $0.phase, done: sequential + $0.done, total: vectors.rows)) })
    }
    return index
  }

  // MARK: - Links

  /// The node's links on `layer` (level 0 from the flat rows, upper layers from `upper`).
  func links(of node: Int32, layer: Int) -> ArraySlice<Int32> {
    if layer == 0 {
      let start = Int(node) * maxLinks0
      return level0[start..<(start + Int(level0Count[Int(node)]))]
    }
    return upper[node]?[layer - 1][...] ?? []
  }

  mutating func setLinks(of node: Int32, layer: Int, to links: [Int32]) {
    if layer == 0 {
      let start = Int(node) * maxLinks0
      for (i, link) in links.enumerated() { level0[start + i] = link }
      level0Count[Int(node)] = UInt8(links.count)
    } else {
      upper[node, default: []][layer - 1] = links
    }
  }
}

extension HNSWIndex {
  /// Whether the index holds exactly the rows of `embeddings`, each under its row number:
  /// a saved index is stale once the embeddings it was built from are retrained.
  ///
  /// - Complexity: O(count × dimension).
  public func indexes(_ embeddings: Matrix) -> Bool {
    guard embeddings.rows == count, embeddings.columns == dimension else { return false }
    for (node, id) in identifiers.enumerated() {
      guard id >= 0, Int(id) < embeddings.rows else { return false }
      let stored = vectors[(node * dimension)..<((node + 1) * dimension)]
      guard stored.elementsEqual(embeddings.row(Int(id))) else { return false }
    }
    return true
  }
}
