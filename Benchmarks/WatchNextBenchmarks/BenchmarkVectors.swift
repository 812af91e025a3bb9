import ArgumentParser
import Foundation
import NeuralCore

/// The options of the retrieval benchmarks' vectors and result size.
struct VectorOptions: ParsableArguments {
  @Option(help: "Base vectors (.npy, float32 rows); default: seeded clustered data.") var base: String?
  @Option(help: "Query vectors (.npy).") var queries: String?
  @Option(help: "Synthetic base size.") var n = 200_000
  @Option(help: "Synthetic dimension.") var d = 64
  @Option(help: "Synthetic query count.") var q = 1_000
  @Option(help: "Result size for recall.") var k = 100

  /// The base and query vectors.
  func load() throws -> (Matrix, Matrix) { try BenchmarkVectors.load(base: base, queries: queries, n: n, d: d, q: q) }
}

/// The vectors the retrieval benchmarks search: `.npy` files (float32 rows), or a seeded set of
/// `n` base and `q` query vectors around 100 Gaussian centres (σ 0.5) in `d` dimensions.
enum BenchmarkVectors {
  static func load(base: String?, queries: String?, n: Int, d: Int, q: Int) throws -> (Matrix, Matrix) {
    if let base, let queries {
      let b = try NPY.read(URL(fileURLWithPath: base), as: Float.self)
      let q = try NPY.read(URL(fileURLWithPath: queries), as: Float.self)
      guard b.shape.count == 2, q.shape.count == 2, b.shape[1] == q.shape[1] else {
        throw ValidationError("base and queries must be 2-D with the same width")
      }
      return (
        Matrix(rows: b.shape[0], columns: b.shape[1], values: b.values),
        Matrix(rows: q.shape[0], columns: q.shape[1], values: q.values)
      )
    }
    var random = SeededGenerator(seed: 42)
    let centres = (0..<100).map { _ in (0..<d).map { _ in Float(random.nextGaussian()) } }
    func draw(_ count: Int) -> Matrix {
      var values: [Float] = []
      values.reserveCapacity(count * d)
      for _ in 0..<count {
        let centre = centres[Int(random.next() % 100)]
        for c in 0..<d { values.append(centre[c] + 0.5 * Float(random.nextGaussian())) }
      }
      return Matrix(rows: count, columns: d, values: values)
    }
    return (draw(n), draw(q))
  }
}
