import NeuralCore
import Testing

@Suite("Collectives: thread ranks and the gradient exchange")
struct CollectiveTests {
  @Test("allreduce, allgatherv and broadcast give every rank the same answers", arguments: [1, 2, 3])
  func operations(size: Int) {
    let answers = ThreadRanks.run(size: size) { ranks in
      var floats: [Float] = [Float(ranks.rank + 1), 10]
      ranks.allreduceSum(&floats)
      var doubles = [Double(ranks.rank) * 0.5]
      ranks.allreduceSum(&doubles)
      // Rank r gives r + 1 ids: counts differ between ranks.
      let ids = ranks.allgatherv((0...ranks.rank).map { Int32(100 * ranks.rank + $0) })
      var decided = [ranks.rank == 1 ? 7.0 : -1.0]
      ranks.broadcast(&decided, root: min(1, size - 1))
      ranks.barrier()
      return (floats, doubles, ids.values, ids.counts, decided)
    }
    #expect(answers.count == size)
    let n = Float(size)
    for (floats, doubles, ids, counts, decided) in answers {
      #expect(floats == [n * (n + 1) / 2, 10 * n])
      #expect(doubles == [Double(size * (size - 1)) / 4])
      #expect(counts == Array(1...size))
      #expect(ids == (0..<size).flatMap { r in (0...r).map { Int32(100 * r + $0) } })
      #expect(decided == [size > 1 ? 7 : -1])
    }
  }

  @Test("shares of a count are contiguous, disjoint and cover it")
  func shares() {
    for size in 1...4 {
      for count in [0, 1, 5, 64, 65] {
        let ranges = ThreadRanks.run(size: size) { $0.share(of: count) }
        #expect(ranges.first?.lowerBound == 0 && ranges.last?.upperBound == count)
        for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
      }
    }
  }

  @Test("combining shares gives the weighted mean of dense and sparse gradients on every rank")
  func combine() {
    // Rank r: weight r + 1 (rank 2 has weight 0: an empty share), dense [r, 2r], rows {r, 3}.
    let weights: [Double] = [1, 2, 0]
    let table = GradientShare.Table(rows: 5, width: 2)
    let results = ThreadRanks.run(size: 3) { ranks in
      let r = ranks.rank
      let rows: [Int32] = r == 2 ? [] : [Int32(r), 3]
      let values = r == 2 ? [] : [Float(r), 1, 10, Float(r)]
      let share = GradientShare(
        weight: weights[r], dense: [[Float(r), Float(2 * r)], [1]],
        sparse: [SparseRowGradient(rows: rows, values: Matrix(rows: rows.count, columns: 2, values: values))])
      return ranks.combine(share, tables: [table])
    }
    for result in results {
      #expect(result.weight == 3)
      // (1·0 + 2·1) / 3 and (1·0 + 2·2) / 3; the constant stays 1.
      #expect(abs(result.dense[0][0] - 2.0 / 3) < 1e-6 && abs(result.dense[0][1] - 4.0 / 3) < 1e-6)
      #expect(abs(result.dense[1][0] - 1) < 1e-6)
      let dense = result.sparse[0].dense(tableRows: 5)
      // Row 0 from rank 0 (1/3 · [0, 1]), row 1 from rank 1 (2/3 · [1, 1]), row 3 from both (1/3 · [10, 0] + 2/3 · [10, 1]).
      let expected: [Float] = [0, 1.0 / 3, 2.0 / 3, 2.0 / 3, 0, 0, 10, 2.0 / 3, 0, 0]
      for (a, b) in zip(dense.values, expected) { #expect(abs(a - b) < 1e-6) }
    }
    #expect(results.allSatisfy { $0.sparse[0] == results[0].sparse[0] })
  }
}
