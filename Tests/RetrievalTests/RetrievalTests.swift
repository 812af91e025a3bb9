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

@Suite("HNSW persistence")
struct HNSWPersistenceTests {
  @Test("Save and load give identical results; a corrupted file is named; the index can be rebuilt")
  func roundTrip() throws {
    let items = RetrievalTests.clustered(500, 8, seed: 9)
    var index = try HNSWIndex.build(items, parameters: HNSWParameters(m: 8, efConstruction: 40))
    // An upload outside the fitted ranges re-encodes the one-byte copy with wider ranges; the
    // saved index must walk the graph on exactly those codes again.
    try index.insert(Array(items.row(3)).map { $0 * 5 }, identifier: 10_000)
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wn-hnsw-\(UUID().uuidString)")
    try index.save(to: directory)
    let loaded = try HNSWIndex.load(from: directory)
    for q in 0..<70 {
      let query = Array(items.row(q * 7))
      #expect(try loaded.search(query, k: 10, ef: 10) == (try index.search(query, k: 10, ef: 10)))
    }
    let file = directory.appendingPathComponent("level0.npy")
    var bytes = try Data(contentsOf: file)
    bytes[bytes.count - 1] ^= 0x7F
    try bytes.write(to: file)
    do {
      _ = try HNSWIndex.load(from: directory)
      Issue.record("corruption was not detected")
    } catch {
      #expect(error.description.contains("level0.npy"))
    }
  }

  @Test(
    "A graph whose checksums match but whose links point outside it is rejected, not walked",
    arguments: ["level0.npy", "upper.npy"])
  func inconsistentGraph(file name: String) throws {
    let items = RetrievalTests.clustered(300, 8, seed: 4)
    let index = try HNSWIndex.build(items, parameters: HNSWParameters(m: 8, efConstruction: 40))
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("wn-hnsw-\(UUID().uuidString)")
    try index.save(to: directory)
    let file = directory.appendingPathComponent(name)
    let (shape, values) = try NPY.decode(try Data(contentsOf: file), as: Int32.self, file: name)
    var broken = values
    // The last link of the file points far outside the graph.
    if let last = broken.indices.last(where: { broken[$0] >= 0 }) { broken[last] = 1_000_000 }
    let data = NPY.encode(broken, shape: shape)
    try data.write(to: file)
    // Fix the checksum, as a bug that wrote a wrong value would have.
    let manifestURL = directory.appendingPathComponent("manifest.json")
    var manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [String: Any])
    for key in ["tensors", "files"] {
      guard var entries = manifest[key] as? [[String: Any]] else { continue }
      for i in entries.indices where entries[i]["file"] as? String == name {
        entries[i]["crc32"] = CRC32.checksum(data)
      }
      manifest[key] = entries
    }
    try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
    #expect(throws: NeuralCoreError.self) { _ = try HNSWIndex.load(from: directory) }
  }
}

@Suite("Video retriever")
struct VideoRetrieverTests {
  @Test("Neighbours are by cosine and exclude the video itself; candidates come from the index")
  func neighboursAndCandidates() throws {
    // Rows 0 and 1 point the same way with different norms; row 2 is orthogonal.
    let embeddings = Matrix(rows: 4, columns: 2, values: [1, 0, 5, 0, 0, 1, -1, 0])
    let retriever = try VideoRetriever(embeddings: embeddings, index: try HNSWIndex.build(embeddings))
    let neighbours = try retriever.neighbors(of: 0, k: 2)
    #expect(neighbours.map(\.id) == [1, 2] && abs(neighbours[0].score - 1) < 1e-6)
    #expect(try retriever.candidates(for: [1, 0], n: 1, excluding: [1]).map(\.id) == [0])
    #expect(throws: RetrievalError.self) { try retriever.neighbors(of: 9, k: 1) }
    #expect(throws: RetrievalError.self) {
      try VideoRetriever(
        embeddings: Matrix(rows: 2, columns: 2, values: [1, 0, 0, 1]), index: try HNSWIndex.build(embeddings))
    }
  }
}

@Suite("The search's inner-product kernel")
struct DotKernelTests {
  /// Applies a C kernel to two arrays (nil for empty arrays, which have no base address).
  func apply(_ kernel: (UnsafePointer<Float>, UnsafePointer<Float>, Int) -> Float, _ a: [Float], _ b: [Float]) -> Float?
  {
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        guard let x = pa.baseAddress, let y = pb.baseAddress else { return nil }
        return kernel(x, y, a.count)
      }
    }
  }

  @Test("CSimd_dot equals a double-precision reference for every length, tails included")
  func dot() throws {
    var generator = SeededGenerator(seed: 9)
    for n in [1, 3, 7, 8, 15, 16, 17, 31, 64, 100, 257] {
      let a = (0..<n).map { _ in Float(generator.nextGaussian()) }
      let b = (0..<n).map { _ in Float(generator.nextGaussian()) }
      let reference = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
      let fast = try #require(apply({ CSimd_dot($0, $1, $2) }, a, b))
      let portable = try #require(apply({ CSimd_dotPortable($0, $1, $2) }, a, b))
      #expect(abs(Double(fast) - reference) <= 1e-4 * max(1, abs(reference)), "n = \(n)")
      #expect(abs(Double(portable) - reference) <= 1e-4 * max(1, abs(reference)), "n = \(n)")
    }
  }
}

@Suite("The graph's one-byte kernels")
struct CodeKernelTests {
  @Test("Query-code and decoded code-code dot products equal a double-precision reference, tails included")
  func dots() {
    var generator = SeededGenerator(seed: 10)
    for n in [1, 3, 7, 8, 15, 16, 17, 31, 64, 100, 257] {
      let weights = (0..<n).map { _ in Float(generator.nextGaussian()) }
      let low = (0..<n).map { _ in Float(generator.nextGaussian()) }
      let step = (0..<n).map { _ in Float(generator.nextUnit()) * 0.05 }
      let a = (0..<n).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
      let b = (0..<n).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
      func decoded(_ codes: [UInt8], _ i: Int) -> Double { Double(low[i]) + Double(step[i]) * Double(codes[i]) }
      let referenceCodes = (0..<n).reduce(0.0) { $0 + Double(weights[$1]) * Double(a[$1]) }
      let referenceDecoded = (0..<n).reduce(0.0) { $0 + decoded(a, $1) * decoded(b, $1) }
      let codes = (CSimd_dotCodes(weights, a, n), CSimd_dotCodesPortable(weights, a, n))
      let pair = (CSimd_dotDecoded(low, step, a, b, n), CSimd_dotDecodedPortable(low, step, a, b, n))
      for value in [codes.0, codes.1] {
        #expect(abs(Double(value) - referenceCodes) <= 1e-5 * max(1, abs(referenceCodes)), "n = \(n)")
      }
      for value in [pair.0, pair.1] {
        #expect(abs(Double(value) - referenceDecoded) <= 1e-5 * max(1, abs(referenceDecoded)), "n = \(n)")
      }
    }
  }

  @Test("Recall counts each query's true top k found in the approximate top k, and only the true neighbours there are")
  func searchRecall() {
    func results(_ ids: [Int32]) -> [SearchResult] { ids.map { SearchResult(id: $0, score: 0) } }
    let truth = [results([1, 2, 3]), results([4, 5])]
    let found = [results([3, 9, 1]), results([5, 4])]
    // Query 0 finds 2 of 3, query 1 both of its 2: 4 of 5.
    #expect(SearchRecall.recall(found: found, truth: truth, k: 3) == 0.8)
    // At k = 1 query 0's first true neighbour (1) is not its first answer (3); query 1's (4) is not either.
    #expect(SearchRecall.recall(found: found, truth: truth, k: 1) == 0)
    #expect(SearchRecall.recall(found: [], truth: [], k: 10) == 0)
  }
}
