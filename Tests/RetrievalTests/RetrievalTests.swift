import CSimd
import Foundation
import NeuralCore
import Retrieval
import Testing

@Suite("Exact and HNSW maximum-inner-product search")
struct RetrievalTests {
  /// Clustered vectors with varied norms (inner product, not cosine, decides).
  static func clustered(_ n: Int, _ d: Int, seed: UInt64) -> Matrix {
    var random = SeededGenerator(seed: seed)
    let centres = (0..<20).map { _ in (0..<d).map { _ in Float(random.nextGaussian()) } }
    var values: [Float] = []
    for _ in 0..<n {
      let centre = centres[Int(random.next() % 20)]
      let scale = Float(0.5 + random.nextUnit())
      values += centre.map { scale * ($0 + Float(random.nextGaussian() * 0.4)) }
    }
    return Matrix(rows: n, columns: d, values: values)
  }

  @Test("Exact search returns the true top k by inner product, honouring exclusions")
  func exact() throws {
    let items = Self.clustered(300, 8, seed: 1)
    let queries = Self.clustered(10, 8, seed: 2)
    let index = try ExactSearch(vectors: items)
    let results = try index.search(queries, k: 5, excluded: [[0, 1, 2]])
    for q in 0..<10 {
      let scores = (0..<300).map { i in zip(queries.row(q), items.row(i)).reduce(Float(0)) { $0 + $1.0 * $1.1 } }
      let skip: Set<Int32> = q == 0 ? [0, 1, 2] : []
      let expected = (0..<300).filter { !skip.contains(Int32($0)) }.sorted { scores[$0] > scores[$1] }.prefix(5)
      #expect(results[q].map(\.id) == expected.map { Int32($0) })
    }
  }

  @Test(
    "HNSW recall@10 against exact search is at least 0.95 on clustered data, in both graph spaces",
    arguments: HNSWParameters.Space.allCases)
  func recall(space: HNSWParameters.Space) throws {
    let items = Self.clustered(3_000, 16, seed: 3)
    let queries = Self.clustered(100, 16, seed: 4)
    let hnsw = try HNSWIndex.build(
      items, parameters: HNSWParameters(m: 12, efConstruction: 100, efSearch: 64, space: space))
    let exact = try ExactSearch(vectors: items).search(queries, k: 10)
    func recall(ef: Int) throws -> Double {
      let found = try (0..<queries.rows).map { try hnsw.search(Array(queries.row($0)), k: 10, ef: ef) }
      return SearchRecall.recall(found: found, truth: exact, k: 10)
    }
    let (low, high) = (try recall(ef: 16), try recall(ef: 256))
    #expect(high >= 0.95, "recall@10 at ef 256: \(high)")
    #expect(low < high, "a wider search finds more")
  }

  @Test("the parallel batched build matches the sequential build's recall and is deterministic")
  func parallelBuild() throws {
    let items = Self.clustered(5_000, 16, seed: 11)
    let queries = Self.clustered(100, 16, seed: 12)
    let parameters = HNSWParameters(m: 12, efConstruction: 100, efSearch: 64)
    let sequential = try HNSWIndex.build(items, parameters: parameters, threads: 1)
    let parallel = try HNSWIndex.build(items, parameters: parameters, threads: 2)
    let again = try HNSWIndex.build(items, parameters: parameters, threads: 2)
    let exact = try ExactSearch(vectors: items).search(queries, k: 10)
    func recall(_ index: HNSWIndex) throws -> Double {
      let found = try (0..<queries.rows).map { try index.search(Array(queries.row($0)), k: 10, ef: 256) }
      return SearchRecall.recall(found: found, truth: exact, k: 10)
    }
    let (r1, r2) = (try recall(sequential), try recall(parallel))
    #expect(r2 >= 0.95, "parallel recall@10 \(r2), sequential \(r1)")
    #expect(abs(r1 - r2) <= 0.02, "sequential \(r1) vs parallel \(r2)")
    #expect(parallel.count == 5_000)
    for q in 0..<20 {
      let query = Array(queries.row(q))
      #expect(try parallel.search(query, k: 10) == again.search(query, k: 10))
    }
  }

  @Test("Exclusions are never returned and recall holds; inserted items are found at once")
  func filterAndInsert() throws {
    let items = Self.clustered(1_000, 8, seed: 5)
    var hnsw = try HNSWIndex.build(items, parameters: HNSWParameters(m: 8, efConstruction: 64, efSearch: 32))
    let query = Array(items.row(7))
    let top = try hnsw.search(query, k: 20)
    let excluded = Set(top.prefix(10).map(\.id))
    let filtered = try hnsw.search(query, k: 10, excluding: excluded)
    #expect(filtered.count == 10 && filtered.allSatisfy { !excluded.contains($0.id) })
    #expect(Set(filtered.map(\.id)).intersection(Set(top.suffix(10).map(\.id))).count >= 8)
    // A fresh upload far along the query's direction must come first.
    try hnsw.insert(query.map { $0 * 3 }, identifier: 5_000)
    #expect(try hnsw.search(query, k: 1).first?.id == 5_000)
    #expect(hnsw.count == 1_001)
  }

  @Test(
    "Tiny and huge magnitudes keep recall and exact scores; an outlying upload is found first",
    arguments: [Float(1e-7), 1, 1e7])
  func magnitudes(scale: Float) throws {
    let base = Self.clustered(1_500, 16, seed: 21)
    let items = Matrix(rows: base.rows, columns: base.columns, values: base.values.map { $0 * scale })
    let queries = Self.clustered(50, 16, seed: 22)
    var hnsw = try HNSWIndex.build(items, parameters: HNSWParameters(m: 12, efConstruction: 100, efSearch: 128))
    let exact = try ExactSearch(vectors: items).search(queries, k: 10)
    var answers: [[SearchResult]] = []
    for q in 0..<queries.rows {
      let found = try hnsw.search(Array(queries.row(q)), k: 10)
      answers.append(found)
      // Returned scores are exact single-precision inner products, not the one-byte codes' estimates.
      for result in found {
        let pairs = zip(queries.row(q), items.row(Int(result.id)))
        let direct = pairs.reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let magnitude = pairs.reduce(0.0) { $0 + abs(Double($1.0) * Double($1.1)) }
        #expect(abs(Double(result.score) - direct) <= 1e-6 * magnitude)
      }
    }
    #expect(SearchRecall.recall(found: answers, truth: exact, k: 10) >= 0.95, "scale \(scale)")
    // An upload 1,000× larger than anything indexed saturates its codes; it must still come first.
    let query = Array(queries.row(0))
    try hnsw.insert(query.map { $0 * scale * 1_000 }, identifier: 99_999)
    #expect(try hnsw.search(query, k: 1).first?.id == 99_999)
    let rest = Set(try hnsw.search(query, k: 11).dropFirst().map(\.id))
    #expect(rest.intersection(exact[0].map(\.id)).count >= 9)
  }

  @Test("With ef covering the index, the answer is exactly exact search's top k, saturated codes included")
  func exhaustiveEqualsExact() throws {
    let items = Self.clustered(400, 12, seed: 31)
    var hnsw = try HNSWIndex.build(items, parameters: HNSWParameters(m: 8, efConstruction: 100))
    // Two uploads far outside the fitted ranges: their codes saturate and have no error bound.
    try hnsw.insert(Array(items.row(5)).map { $0 * 40 }, identifier: 400)
    try hnsw.insert(Array(items.row(9)).map { $0 * -40 }, identifier: 401)
    let all = Matrix(
      rows: 402, columns: 12,
      values: items.values + Array(items.row(5)).map { $0 * 40 } + Array(items.row(9)).map { $0 * -40 })
    let queries = Self.clustered(30, 12, seed: 32)
    let exact = try ExactSearch(vectors: all).search(queries, k: 20)
    for q in 0..<queries.rows {
      let found = try hnsw.search(Array(queries.row(q)), k: 20, ef: 402)
      #expect(found.map(\.id) == exact[q].map(\.id), "query \(q)")
    }
  }

  @Test("Edge cases: k above the count, empty index, duplicates, zero vectors, bad values, wrong dimension")
  func edgeCases() throws {
    var empty = try HNSWIndex(dimension: 3)
    #expect(try empty.search([1, 0, 0], k: 5).isEmpty)
    try empty.insert([0, 0, 0], identifier: 1)
    try empty.insert([1, 2, 3], identifier: 2)
    try empty.insert([1, 2, 3], identifier: 3)
    let all = try empty.search([1, 1, 1], k: 10)
    #expect(all.count == 3 && Set(all.prefix(2).map(\.id)) == [2, 3] && all.last?.id == 1)
    #expect(throws: RetrievalError.duplicateIdentifier(2)) { try empty.insert([1, 1, 1], identifier: 2) }
    #expect(throws: RetrievalError.nonFiniteValue(row: 3)) { try empty.insert([.nan, 1, 1], identifier: 9) }
    #expect(throws: RetrievalError.dimensionMismatch(expected: 3, found: 2)) {
      try empty.insert([1, 1], identifier: 9)
    }
    #expect(throws: RetrievalError.dimensionMismatch(expected: 3, found: 4)) { try empty.search([1, 1, 1, 1], k: 1) }
    #expect(empty.count == 3, "failed inserts leave the index unchanged")
    let bad = Matrix(rows: 2, columns: 2, values: [1, 2, .infinity, 0])
    #expect(throws: RetrievalError.nonFiniteValue(row: 1)) { try HNSWIndex.build(bad) }
    #expect(throws: RetrievalError.nonFiniteValue(row: 1)) { try ExactSearch(vectors: bad) }
  }
}
