import CandidateGeneration
import Foundation
import NeuralCore
import Testing
import WorkspaceStore

@Suite("EASE and implicit ALS baselines")
struct LinearBaselineTests {
  @Test("LAPACK: a positive-definite inverse times the matrix is the identity; a singular one is refused")
  func inverse() throws {
    var generator = SeededGenerator(seed: 3)
    let n = 7
    var a = Matrix(rows: n, columns: n)
    let r = Matrix(rows: n, columns: n, values: (0..<(n * n)).map { _ in Float(generator.nextGaussian()) })
    a = BLAS.product(r, r, transposeA: true)
    for i in 0..<n { a[i, i] += 0.5 }
    var inverse = a
    try LAPACK.invertPositiveDefinite(&inverse)
    let identity = BLAS.product(a, inverse)
    for i in 0..<n {
      for j in 0..<n { #expect(abs(identity[i, j] - (i == j ? 1 : 0)) < 1e-3) }
    }
    var singular = Matrix(rows: 2, columns: 2, values: [1, 1, 1, 1])
    #expect(throws: LAPACK.NotPositiveDefinite.self) { try LAPACK.invertPositiveDefinite(&singular) }
  }

  @Test("On a tiny world EASE and ALS beat most-popular at recall@50, and are chosen on validation")
  func learn() throws {
    let (_, columns) = try Fixtures.world(users: 300, videos: 400, days: 10)
    let split = try EvaluationSplit(columns: columns, protocol: .leaveLastOut)
    let ease = try #require(EASEBaseline.tuned(columns: columns, split: split))
    let als = try #require(ImplicitALSBaseline.tuned(columns: columns, split: split))
    #expect(ease.name.hasPrefix("EASE (λ ") && als.name.hasPrefix("ALS (32 factors"))
    let table = CandidateEvaluation.compare(
      [ease, als, PopularityBaseline(columns: columns, split: split, name: "popular")], targets: split.test)
    let popular = try #require(table[2].at(50)).recall
    #expect(try #require(table[0].at(50)).recall > popular, "EASE vs popular")
    #expect(try #require(table[1].at(50)).recall > popular, "ALS vs popular")
    // Recommendations never repeat the history when it is excluded.
    for (target, list) in zip(split.test, ease.recommend(split.test, k: 50, excludeHistory: true)) {
      #expect(Set(list).isDisjoint(with: target.historyVideos(in: columns)))
    }
  }
}
