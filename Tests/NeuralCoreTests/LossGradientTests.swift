import NeuralCore
import Testing

@Suite("Loss functions: gradients and the paper's identities")
struct LossGradientTests {
  @Test("Softmax cross-entropy: value and gradient against a Double reference")
  func softmax() {
    var generator = SeededGenerator(seed: 10)
    let logits = TestSupport.randomMatrix(4, 6, generator: &generator)
    let labels: [Int32] = [0, 5, 2, 2]
    func reference(_ z: [Double]) -> Double {
      (0..<4).reduce(0.0) { total, r in
        let row = Array(z[(r * 6)..<(r * 6 + 6)])
        return total + TestSupport.logSumExp(row) - row[Int(labels[r])]
      } / 4
    }
    let (loss, gradient) = SoftmaxCrossEntropy.compute(logits: logits, labels: labels)
    #expect(abs(Double(loss) - reference(logits.values.map(Double.init))) < 1e-5)
    let numeric = TestSupport.numericalGradient(logits.values, reference)
    #expect(TestSupport.maxRelativeError(gradient.values, numeric) < 1e-3)
  }

  /// Double reference of the sampled softmax with log-Q correction and hit removal.
  static func sampledReference(
    u: [Double], v: [Double], bias: [Double], dimension: Int, labels: [Int32], samples: [Int32],
    labelLogQ: [Float], sampleLogQ: [Float]
  ) -> Double {
    let batch = labels.count
    var total = 0.0
    for b in 0..<batch {
      func dot(_ j: Int32) -> Double {
        (0..<dimension).reduce(bias[Int(j)]) { $0 + u[b * dimension + $1] * v[Int(j) * dimension + $1] }
      }
      let trueLogit = dot(labels[b]) - Double(labelLogQ[b])
      var all = [trueLogit]
      for (j, s) in samples.enumerated() where s != labels[b] { all.append(dot(s) - Double(sampleLogQ[j])) }
      total += TestSupport.logSumExp(all) - trueLogit
    }
    return total / Double(batch)
  }

  @Test("Sampled softmax: gradients for user vectors, class embeddings and bias, with repeats and accidental hits")
  func sampledGradient() {
    var generator = SeededGenerator(seed: 11)
    let (batch, dimension, classes) = (3, 4, 9)
    let u = TestSupport.randomMatrix(batch, dimension, generator: &generator)
    let v = TestSupport.randomMatrix(classes, dimension, generator: &generator)
    let bias = (0..<classes).map { _ in Float(generator.nextGaussian() * 0.3) }
    let labels: [Int32] = [1, 4, 1]
    let samples: [Int32] = [0, 4, 7, 7, 2, 1]  // 4 and 1 are accidental hits for some rows; 7 repeats
    let labelLogQ: [Float] = [-1.2, -0.7, -1.2]
    let sampleLogQ: [Float] = [-0.5, -0.7, -2.0, -2.0, -1.0, -1.2]
    let result = SampledSoftmax.compute(
      userVectors: u, classEmbeddings: v, classBias: bias, labels: labels, samples: samples,
      labelLogQ: labelLogQ, sampleLogQ: sampleLogQ)
    let us = u.values.map(Double.init)
    let vs = v.values.map(Double.init)
    let bs = bias.map(Double.init)
    func loss(u: [Double], v: [Double], b: [Double]) -> Double {
      Self.sampledReference(
        u: u, v: v, bias: b, dimension: dimension, labels: labels, samples: samples,
        labelLogQ: labelLogQ, sampleLogQ: sampleLogQ)
    }
    #expect(abs(Double(result.loss) - loss(u: us, v: vs, b: bs)) < 1e-5)
    let du = TestSupport.numericalGradient(u.values) { loss(u: $0, v: vs, b: bs) }
    let dv = TestSupport.numericalGradient(v.values) { loss(u: us, v: $0, b: bs) }
    let db = TestSupport.numericalGradient(bias) { loss(u: us, v: vs, b: $0) }
    #expect(TestSupport.maxRelativeError(result.userGradient.values, du) < 1e-3)
    #expect(TestSupport.maxRelativeError(result.classGradient.dense(tableRows: classes).values, dv) < 1e-3)
    var denseBias = [Float](repeating: 0, count: classes)
    for (slot, row) in result.classGradient.rows.enumerated() { denseBias[Int(row)] = result.biasGradient[slot] }
    #expect(TestSupport.maxRelativeError(denseBias, db) < 1e-3)
    #expect(result.classGradient.rows.sorted() == [0, 1, 2, 4, 7], "only labels and samples are touched")
  }

  @Test("Sampled softmax with every class sampled once and uniform Q equals the full softmax")
  func sampledEqualsFull() throws {
    var generator = SeededGenerator(seed: 12)
    let (batch, dimension, classes) = (5, 3, 8)
    let u = TestSupport.randomMatrix(batch, dimension, generator: &generator)
    let v = TestSupport.randomMatrix(classes, dimension, generator: &generator)
    let labels: [Int32] = [0, 3, 7, 3, 5]
    let sampler = try NegativeSampler(
      frequencies: [Int](repeating: 1, count: classes), distribution: .uniform, samplesPerBatch: classes)
    let all = Array(0..<Int32(classes))
    let sampled = SampledSoftmax.compute(
      userVectors: u, classEmbeddings: v, classBias: nil, labels: labels, samples: all,
      labelLogQ: labels.map { sampler.logExpectedCount[Int($0)] },
      sampleLogQ: all.map { sampler.logExpectedCount[Int($0)] })
    let logits = BLAS.product(u, v, transposeB: true)
    let full = SoftmaxCrossEntropy.compute(logits: logits, labels: labels)
    #expect(abs(sampled.loss - full.loss) < 1e-5)
    let fullUser = BLAS.product(full.gradient, v)
    let fullClass = BLAS.product(full.gradient, u, transposeA: true)
    #expect(TestSupport.maxRelativeError(sampled.userGradient.values, fullUser.values.map(Double.init)) < 1e-4)
    #expect(
      TestSupport.maxRelativeError(
        sampled.classGradient.dense(tableRows: classes).values, fullClass.values.map(Double.init)) < 1e-4)
  }

  @Test("Weighted logistic loss: gradient by central differences")
  func weightedLogisticGradient() {
    let logits: [Float] = [-2.0, 0.3, 1.5, 4.0, -0.1]
    // Soft labels too: the per-impression weighting's clicked examples have label T / (T + 1).
    let labels: [Float] = [0, 1, 35.0 / 36.0, 0, 0.25]
    let weights: [Float] = [1, 120, 36, 1, 600]
    let (loss, gradient) = WeightedLogisticLoss.compute(logits: logits, labels: labels, weights: weights)
    func reference(_ z: [Double]) -> Double {
      let total = weights.reduce(0.0) { $0 + Double($1) }
      return z.indices.reduce(0.0) { sum, i in
        sum + Double(weights[i]) * (log(1 + exp(z[i])) - Double(labels[i]) * z[i])
      } / total
    }
    #expect(abs(Double(loss) - reference(logits.map(Double.init))) < 1e-5)
    let numeric = TestSupport.numericalGradient(logits, reference)
    #expect(TestSupport.maxRelativeError(gradient, numeric) < 1e-4)
  }

  @Test("Paper §4.2: a weighted-LR intercept learns odds Σ T_i / (N − k)")
  func weightedOdds() {
    // N = 10 impressions, k = 3 clicked with watch times 30, 60, 90 s.
    let labels: [Float] = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0]
    let weights: [Float] = [30, 60, 90, 1, 1, 1, 1, 1, 1, 1]
    var bias: Float = 0
    for _ in 0..<4000 {
      let (_, g) = WeightedLogisticLoss.compute(
        logits: [Float](repeating: bias, count: 10), labels: labels, weights: weights)
      bias -= 20 * g.reduce(0, +)
    }
    let expected = Float(180.0 / 7.0)
    #expect(abs(exp(bias) - expected) / expected < 1e-3)
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
