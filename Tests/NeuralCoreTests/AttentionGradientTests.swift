import NeuralCore
import Testing

@Suite("Layer norm, dropout and causal self-attention by central differences")
struct AttentionGradientTests {
  /// Central differences of `loss` at each coordinate of `x` (the loss reads Float values).
  static func numeric(_ x: [Float], _ loss: @escaping ([Float]) -> Double) -> [Double] {
    TestSupport.numericalGradient(x, step: 1e-2) { loss($0.map(Float.init)) }
  }

  static func dot(_ a: Matrix, _ c: Matrix) -> Double {
    zip(a.values, c.values).reduce(0) { $0 + Double($1.0) * Double($1.1) }
  }

  @Test("Layer norm: rows come out with mean 0 and variance 1; input, gain and bias gradients")
  func layerNorm() {
    var generator = SeededGenerator(seed: 4)
    var norm = LayerNorm(width: 6)
    norm.gain = (0..<6).map { _ in Float(1 + 0.3 * generator.nextGaussian()) }
    norm.bias = (0..<6).map { _ in Float(0.2 * generator.nextGaussian()) }
    let x = TestSupport.randomMatrix(3, 6, generator: &generator)
    let c = TestSupport.randomMatrix(3, 6, generator: &generator)
    let plain = LayerNorm(width: 6).forward(x).output
    for r in 0..<3 {
      let row = plain.row(r)
      let mean = row.reduce(0, +) / 6
      let variance = row.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 6
      #expect(abs(mean) < 1e-5 && abs(variance - 1) < 1e-3)
    }
    let (_, cache) = norm.forward(x)
    let g = norm.backward(cache, outputGradient: c)
    let dx = Self.numeric(x.values) { Self.dot(norm.forward(Matrix(rows: 3, columns: 6, values: $0)).output, c) }
    let dGain = Self.numeric(norm.gain) { values in
      var n = norm
      n.gain = values
      return Self.dot(n.forward(x).output, c)
    }
    let dBias = Self.numeric(norm.bias) { values in
      var n = norm
      n.bias = values
      return Self.dot(n.forward(x).output, c)
    }
    #expect(TestSupport.maxRelativeError(g.input.values, dx, floor: 1e-2) < 1e-2)
    #expect(TestSupport.maxRelativeError(g.gain, dGain, floor: 1e-2) < 1e-2)
    #expect(TestSupport.maxRelativeError(g.bias, dBias, floor: 1e-2) < 1e-2)
  }

  @Test("Dropout: the kept share is about 1 − rate, kept values scaled by 1 / (1 − rate); a seed repeats its mask")
  func dropout() {
    var a = SeededGenerator(seed: 9)
    var b = SeededGenerator(seed: 9)
    let mask = DropoutMask(count: 10_000, rate: 0.3, generator: &a)
    #expect(mask == DropoutMask(count: 10_000, rate: 0.3, generator: &b))
    let kept = mask.factors.filter { $0 > 0 }
    #expect(abs(Double(kept.count) / 10_000 - 0.7) < 0.02)
    #expect(kept.allSatisfy { abs($0 - 1 / 0.7) < 1e-6 })
    let m = Matrix(rows: 100, columns: 100, repeating: 2)
    let mean = mask.apply(m).values.reduce(0, +) / 10_000
    #expect(abs(mean - 2) < 0.1)
  }

  @Test("Attention: causal (changing a later row leaves earlier rows alone); input and projection gradients")
  func attention() {
    var generator = SeededGenerator(seed: 5)
    let layer = CausalSelfAttention(width: 6, heads: 2, generator: &generator)
    let offsets = [0, 4, 5, 8]
    let x = TestSupport.randomMatrix(8, 6, generator: &generator)
    let c = TestSupport.randomMatrix(8, 6, generator: &generator)
    let (y, cache) = layer.forward(x, offsets: offsets)
    var later = x
    for col in 0..<6 { later[3, col] += 1 }  // the last row of the first sequence
    for col in 0..<6 { later[7, col] -= 1 }  // the last row of the third
    let y2 = layer.forward(later, offsets: offsets).output
    for r in [0, 1, 2, 4, 5, 6] {
      #expect(zip(y.row(r), y2.row(r)).allSatisfy { abs($0 - $1) < 1e-6 }, "row \(r)")
    }
    #expect(zip(y.row(3), y2.row(3)).contains { abs($0 - $1) > 1e-3 })
    // The first row of a sequence attends to itself only: its output is the projected value.
    let value = layer.output.forward(layer.value.forward(x))
    #expect(zip(y.row(4), value.row(4)).allSatisfy { abs($0 - $1) < 1e-5 })
    let g = layer.backward(cache, outputGradient: c)
    let dx = Self.numeric(x.values) {
      Self.dot(layer.forward(Matrix(rows: 8, columns: 6, values: $0), offsets: offsets).output, c)
    }
    #expect(TestSupport.maxRelativeError(g.input.values, dx, floor: 1e-2) < 1e-2)
    let paths: [WritableKeyPath<CausalSelfAttention, [Float]>] = [
      \.query.weights.values, \.key.weights.values, \.value.weights.values, \.output.weights.values,
      \.query.bias, \.key.bias, \.value.bias, \.output.bias,
    ]
    let analytic = g.projections.map(\.weights.values) + g.projections.map(\.bias)
    for (path, expected) in zip(paths, analytic) {
      let d = Self.numeric(layer[keyPath: path]) { values in
        var l = layer
        l[keyPath: path] = values
        return Self.dot(l.forward(x, offsets: offsets).output, c)
      }
      #expect(TestSupport.maxRelativeError(expected, d, floor: 1e-2) < 1e-2, "\(path)")
    }
  }
}
