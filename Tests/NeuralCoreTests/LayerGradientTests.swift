import NeuralCore
import Testing

@Suite("Layer gradients by central differences (Double reference)")
struct LayerGradientTests {
  @Test("Dense layer: forward matches a Double reference; input, weight and bias gradients")
  func dense() {
    var generator = SeededGenerator(seed: 1)
    let layer = DenseLayer(inputs: 5, outputs: 4, initializer: .glorot, generator: &generator)
    let x = TestSupport.randomMatrix(3, 5, generator: &generator)
    let c = TestSupport.randomMatrix(3, 4, generator: &generator)  // loss = Σ c ⊙ y

    func loss(x: [Double], w: [Double], b: [Double]) -> Double {
      var total = 0.0
      for r in 0..<3 {
        for o in 0..<4 {
          var y = b[o]
          for i in 0..<5 { y += x[r * 5 + i] * w[i * 4 + o] }
          total += Double(c[r, o]) * y
        }
      }
      return total
    }
    let xs = x.values.map(Double.init)
    let ws = layer.weights.values.map(Double.init)
    let bs = layer.bias.map(Double.init)
    let y = layer.forward(x)
    let reference = (0..<12).map { index -> Double in
      let r = index / 4
      let o = index % 4
      return (0..<5).reduce(bs[o]) { $0 + xs[r * 5 + $1] * ws[$1 * 4 + o] }
    }
    #expect(TestSupport.maxRelativeError(y.values, reference) < 1e-5)

    let gradients = layer.backward(input: x, outputGradient: c)
    let dx = TestSupport.numericalGradient(x.values) { loss(x: $0, w: ws, b: bs) }
    let dw = TestSupport.numericalGradient(layer.weights.values) { loss(x: xs, w: $0, b: bs) }
    let db = TestSupport.numericalGradient(layer.bias) { loss(x: xs, w: ws, b: $0) }
    #expect(TestSupport.maxRelativeError(gradients.input.values, dx) < 1e-4)
    #expect(TestSupport.maxRelativeError(gradients.weights.values, dw) < 1e-4)
    #expect(TestSupport.maxRelativeError(gradients.bias, db) < 1e-4)
  }

  @Test("ReLU: zeroes negatives and passes gradient only where the output is positive")
  func relu() {
    var generator = SeededGenerator(seed: 2)
    var x = TestSupport.randomMatrix(4, 6, generator: &generator)
    // Keep inputs away from the kink so central differences are valid.
    for i in 0..<x.count where abs(x.values[i]) < 0.05 { x.values[i] = 0.3 }
    let c = TestSupport.randomMatrix(4, 6, generator: &generator)
    let y = ReLU.forward(x)
    #expect(y.values.allSatisfy { $0 >= 0 })
    let analytic = ReLU.backward(output: y, outputGradient: c)
    let numeric = TestSupport.numericalGradient(x.values) { xs in
      zip(xs, c.values).reduce(0) { $0 + max($1.0, 0) * Double($1.1) }
    }
    #expect(TestSupport.maxRelativeError(analytic.values, numeric) < 1e-4)
  }

  @Test("Concatenation: blocks side by side, and the gradient splits back exactly")
  func concatenation() {
    var generator = SeededGenerator(seed: 3)
    let a = TestSupport.randomMatrix(3, 2, generator: &generator)
    let b = TestSupport.randomMatrix(3, 4, generator: &generator)
    let joined = Concatenation.forward([a, b])
    #expect(joined.columns == 6)
    #expect(joined[1, 0] == a[1, 0] && joined[1, 2] == b[1, 0] && joined[2, 5] == b[2, 3])
    let parts = Concatenation.backward(joined, widths: [2, 4])
    #expect(parts == [a, b])
  }

  @Test("Embedding bag mean: gradient by central differences, touching only used rows; empty and OOV bags")
  func embeddingBag() {
    var generator = SeededGenerator(seed: 4)
    let table = EmbeddingTable(vocabularySize: 7, dimension: 3, generator: &generator)
    let bags = Bags([[0, 2, 2], [], [5, -1], [6]])
    let c = TestSupport.randomMatrix(4, 3, generator: &generator)
    let means = table.bagMean(bags)
    #expect(means.row(1).allSatisfy { $0 == 0 }, "empty bag is the zero vector")
    // OOV counts in the denominator and adds zero.
    #expect(abs(means[2, 1] - table.table[5, 1] / 2) < 1e-6)

    let gradient = table.bagMeanBackward(bags, outputGradient: c)
    #expect(gradient.rows == [0, 2, 5, 6], "only the rows used are touched, in order of first use")
    let numeric = TestSupport.numericalGradient(table.table.values) { t in
      var total = 0.0
      for b in 0..<bags.count {
        let ids = Array(bags[b])
        guard !ids.isEmpty else { continue }
        for d in 0..<3 {
          let mean = ids.reduce(0.0) { $0 + ($1 >= 0 ? t[Int($1) * 3 + d] : 0) } / Double(ids.count)
          total += mean * Double(c[b, d])
        }
      }
      return total
    }
    #expect(TestSupport.maxRelativeError(gradient.dense(tableRows: 7).values, numeric) < 1e-4)
  }
}
