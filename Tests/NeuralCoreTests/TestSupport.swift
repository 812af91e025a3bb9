import NeuralCore

/// Helpers shared by the numerical tests.
enum TestSupport {
  /// A matrix of Gaussian values.
  static func randomMatrix(_ rows: Int, _ columns: Int, scale: Double = 1, generator: inout SeededGenerator) -> Matrix {
    Matrix(
      rows: rows, columns: columns, values: (0..<(rows * columns)).map { _ in Float(generator.nextGaussian() * scale) })
  }

  /// Central-difference derivative of `f` at `x[i]`, evaluated in Double.
  static func numericalGradient(_ x: [Float], step: Double = 1e-3, _ f: ([Double]) -> Double) -> [Double] {
    var point = x.map(Double.init)
    return x.indices.map { i in
      let original = point[i]
      point[i] = original + step
      let up = f(point)
      point[i] = original - step
      let down = f(point)
      point[i] = original
      return (up - down) / (2 * step)
    }
  }

  /// The largest relative error `|a − b| / max(|a|, |b|, floor)` over two gradients.
  static func maxRelativeError(_ analytic: [Float], _ reference: [Double], floor: Double = 1e-3) -> Double {
    precondition(analytic.count == reference.count)
    var worst = 0.0
    for (a, b) in zip(analytic, reference) {
      let error = abs(Double(a) - b) / max(abs(Double(a)), abs(b), floor)
      worst = max(worst, error)
    }
    return worst
  }

  /// Double log-sum-exp.
  static func logSumExp(_ values: [Double]) -> Double {
    let m = values.max() ?? 0
    return m + log(values.reduce(0) { $0 + exp($1 - m) })
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
