import CSimd
import NeuralCore
import Testing

@testable import Retrieval

@Suite("Partition index: k-means cells, 4-bit codes scanned with lookup tables, exact re-scoring")
struct PartitionIndexTests {
  /// Clustered vectors with varied norms (the HNSW tests' set).
  static func clustered(_ n: Int, _ d: Int, seed: UInt64) -> Matrix { RetrievalTests.clustered(n, d, seed: seed) }

  @Test("The fast scan's AVX2 and portable kernels equal the lookups of the packed nibbles")
  func fastScanKernel() {
    var generator = SeededGenerator(seed: 3)
    for subspaces in [2, 4, 32, 64] {
      let blocks = 3
      let codes = (0..<(blocks * 32 * subspaces)).map { _ in UInt8(generator.next() % 16) }  // [block][item][s]
      let lut = (0..<(subspaces * 16)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
      var packed = [UInt8](repeating: 0, count: blocks * subspaces * 16)
      for b in 0..<blocks {
        for item in 0..<32 {
          for s in 0..<subspaces {
            let code = codes[(b * 32 + item) * subspaces + s]
            let i = b * subspaces * 16 + s * 16 + item % 16
            packed[i] |= item < 16 ? code : code << 4
          }
        }
      }
      var fast = [UInt16](repeating: 0, count: blocks * 32)
      CSimd_fastScan(packed, lut, subspaces, blocks, &fast)
      var portable = [UInt16](repeating: 0, count: 32)
      for b in 0..<blocks {
        packed.withUnsafeBufferPointer { p in
          CSimd_fastScanPortable(p.baseAddress! + b * subspaces * 16, lut, subspaces, &portable)
        }
        for item in 0..<32 {
          let expected = (0..<subspaces).reduce(0) {
            $0 + Int(lut[$1 * 16 + Int(codes[(b * 32 + item) * subspaces + $1])])
          }
          #expect(Int(fast[b * 32 + item]) == expected && Int(portable[item]) == expected, "s \(subspaces), b \(b)")
        }
      }
    }
  }

  @Test("Every cell searched and every item re-scored: exactly the exact search's results, exclusions included")
  func exhaustiveIsExact() throws {
    let items = Self.clustered(700, 16, seed: 1)
    let index = try PartitionIndex.build(items, parameters: PartitionParameters(partitions: 12))
    let exact = try ExactSearch(vectors: items)
    let queries = Self.clustered(20, 16, seed: 2)
    for q in 0..<queries.rows {
      let query = Array(queries.row(q))
      let excluded: Set<Int32> = [Int32(q), Int32(q * 7 % 700), 5]
      let found = try index.search(query, k: 10, probe: 12, reorder: 700, excluding: excluded)
      let truth = try exact.search(
        queries, k: 10, excluded: Array(repeating: excluded, count: queries.rows), threads: 1)[q]
      #expect(found.map(\.id) == truth.map(\.id), "query \(q)")
      for (a, b) in zip(found, truth) { #expect(abs(a.score - b.score) <= 1e-4 * max(1, abs(b.score))) }
      #expect(found.allSatisfy { !excluded.contains($0.id) })
    }
  }

  @Test("A few cells and a short re-scoring list find most of the true top 10, with exact scores")
  func recallAndExactScores() throws {
    let items = Self.clustered(3000, 32, seed: 4)
    let index = try PartitionIndex.build(items)
    let queries = Self.clustered(50, 32, seed: 5)
    let truth = try ExactSearch(vectors: items).search(queries, k: 10, threads: 1)
    var found: [[SearchResult]] = []
    for q in 0..<queries.rows {
      let results = try index.search(Array(queries.row(q)), k: 10, probe: 16, reorder: 100)
      for r in results {
        let exact = zip(queries.row(q), items.row(Int(r.id))).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        #expect(abs(r.score - exact) <= 1e-4 * max(1, abs(exact)), "the returned score is the exact inner product")
      }
      #expect(zip(results, results.dropFirst()).allSatisfy { $0.score >= $1.score }, "best first")
      found.append(results)
    }
    let recall = SearchRecall.recall(found: found, truth: truth, k: 10)
    #expect(recall >= 0.9, "recall@10 \(recall) with 16 of \(index.partitionCount) cells")
    // Routing only one cell must lose recall against 16: the cells do partition the items.
    let narrow = try (0..<queries.rows).map { try index.search(Array(queries.row($0)), k: 10, probe: 1, reorder: 100) }
    #expect(SearchRecall.recall(found: narrow, truth: truth, k: 10) < recall)
  }

  @Test("An inserted item is found by its own vector; bad inserts are refused and change nothing")
  func inserts() throws {
    let items = Self.clustered(500, 8, seed: 6)
    var index = try PartitionIndex.build(items, identifiers: (0..<500).map { Int32($0 + 1000) })
    let fresh = (0..<8).map { Float($0) * 0.7 - 2 }
    try index.insert(fresh, id: 42)
    #expect(index.count == 501)
    let selfScore = fresh.reduce(0) { $0 + $1 * $1 }
    let found = try index.search(fresh, k: 501, probe: index.partitionCount, reorder: 501)
    #expect(found.contains { $0.id == 42 && abs($0.score - selfScore) < 1e-4 * max(1, selfScore) })
    #expect(throws: RetrievalError.duplicateIdentifier(42)) { try index.insert(fresh, id: 42) }
    #expect(throws: RetrievalError.dimensionMismatch(expected: 8, found: 3)) { try index.insert([1, 2, 3], id: 7) }
    #expect(throws: RetrievalError.nonFiniteValue(row: 0)) { try index.insert(fresh.map { _ in .nan }, id: 8) }
    #expect(index.count == 501)
  }

  @Test("Edge cases: one item, an odd dimension, k beyond the items, bad inputs")
  func edgeCases() throws {
    let one = try PartitionIndex.build(Matrix(rows: 1, columns: 5, values: [1, 2, 3, 4, 5]))
    let only = try one.search([1, 0, 0, 0, 1], k: 10)
    #expect(only.map(\.id) == [0] && abs((only.first?.score ?? 0) - 6) < 1e-5)
    let odd = Self.clustered(200, 5, seed: 7)
    let index = try PartitionIndex.build(odd)
    let all = try index.search(Array(odd.row(3)), k: 500, probe: index.partitionCount, reorder: 500)
    #expect(all.count == 200 && Set(all.map(\.id)).count == 200)
    #expect(try index.search(Array(odd.row(3)), k: 0).isEmpty)
    #expect(throws: RetrievalError.dimensionMismatch(expected: 5, found: 2)) { try index.search([1, 2], k: 3) }
    #expect(throws: RetrievalError.nonFiniteValue(row: 1)) {
      try PartitionIndex.build(Matrix(rows: 2, columns: 2, values: [1, 2, .infinity, 0]))
    }
    #expect(throws: RetrievalError.duplicateIdentifier(3)) {
      try PartitionIndex.build(Matrix(rows: 2, columns: 2, values: [1, 2, 3, 4]), identifiers: [3, 3])
    }
    #expect(throws: RetrievalError.self) {
      try PartitionIndex.build(odd, parameters: PartitionParameters(probe: 0))
    }
  }
}

extension PartitionIndexTests {
  @Test("The candidate buffer keeps exactly the best of a stream, whatever its order and ties")
  func candidateBuffer() {
    var generator = SeededGenerator(seed: 9)
    for capacity in [1, 2, 7, 50] {
      for length in [0, 1, capacity, 2 * capacity, 5 * capacity + 3, 1000] {
        // Few distinct scores, so that ties are common.
        let scores = (0..<length).map { _ in Float(generator.next() % 40) }
        var buffer = CandidateBuffer(capacity: capacity)
        for (i, s) in scores.enumerated() where s > buffer.threshold { buffer.offer(s, Int32(i)) }
        let kept = buffer.best()
        let expected = scores.sorted(by: >).prefix(capacity)
        #expect(kept.map(\.score).sorted(by: >) == Array(expected), "capacity \(capacity), length \(length)")
        #expect(kept.allSatisfy { scores[Int($0.node)] == $0.score })
      }
    }
  }
}
