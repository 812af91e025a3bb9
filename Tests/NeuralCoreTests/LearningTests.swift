import NeuralCore
import Testing

@Suite("Optimizers learn a tiny problem")
struct LearningTests {
  /// A two-layer ReLU network on 4-class Gaussian blobs; returns (first epoch loss, last epoch loss).
  static func trainBlobs<O: Optimizer>(optimizer initial: O, epochs: Int, seed: UInt64) -> (Float, Float) {
    var generator = SeededGenerator(seed: seed)
    let centers: [[Float]] = [[2, 2], [-2, 2], [2, -2], [-2, -2]]
    let n = 256
    var x = Matrix(rows: n, columns: 2)
    var labels = [Int32](repeating: 0, count: n)
    for i in 0..<n {
      let k = i % 4
      labels[i] = Int32(k)
      x[i, 0] = centers[k][0] + Float(generator.nextGaussian() * 0.7)
      x[i, 1] = centers[k][1] + Float(generator.nextGaussian() * 0.7)
    }
    var optimizer = initial
    var hidden = DenseLayer(inputs: 2, outputs: 16, generator: &generator)
    var output = DenseLayer(inputs: 16, outputs: 4, initializer: .glorot, generator: &generator)
    var states = [
      optimizer.makeState(count: hidden.weights.count), optimizer.makeState(count: hidden.bias.count),
      optimizer.makeState(count: output.weights.count), optimizer.makeState(count: output.bias.count),
    ]
    var first: Float = 0
    var last: Float = 0
    for epoch in 0..<epochs {
      optimizer.advance()
      let h = ReLU.forward(hidden.forward(x))
      let z = output.forward(h)
      let (loss, dz) = SoftmaxCrossEntropy.compute(logits: z, labels: labels)
      if epoch == 0 { first = loss }
      last = loss
      let go = output.backward(input: h, outputGradient: dz)
      let gh = hidden.backward(input: x, outputGradient: ReLU.backward(output: h, outputGradient: go.input))
      optimizer.update(&hidden.weights.values, gradient: gh.weights.values, state: &states[0])
      optimizer.update(&hidden.bias, gradient: gh.bias, state: &states[1])
      optimizer.update(&output.weights.values, gradient: go.weights.values, state: &states[2])
      optimizer.update(&output.bias, gradient: go.bias, state: &states[3])
    }
    return (first, last)
  }

  @Test("Adam: loss falls at least tenfold on separable blobs")
  func adamLearns() {
    let (first, last) = Self.trainBlobs(optimizer: Adam(learningRate: 0.02), epochs: 300, seed: 31)
    #expect(last < first / 10, "loss \(first) -> \(last)")
  }

  @Test("Adagrad: loss falls at least tenfold on separable blobs")
  func adagradLearns() {
    let (first, last) = Self.trainBlobs(optimizer: Adagrad(learningRate: 0.1), epochs: 300, seed: 32)
    #expect(last < first / 10, "loss \(first) -> \(last)")
  }

  @Test("Training is deterministic for a seed")
  func deterministic() {
    let a = Self.trainBlobs(optimizer: Adam(learningRate: 0.02), epochs: 20, seed: 7)
    let b = Self.trainBlobs(optimizer: Adam(learningRate: 0.02), epochs: 20, seed: 7)
    #expect(a == b)
  }

  @Test("Lazy Adam and sparse Adagrad leave untouched rows and their state alone", arguments: [true, false])
  func sparseUpdatesTouchOnlyRows(useAdam: Bool) {
    var generator = SeededGenerator(seed: 9)
    var table = TestSupport.randomMatrix(6, 3, generator: &generator)
    let before = table
    let gradient = SparseRowGradient(rows: [1, 4], values: TestSupport.randomMatrix(2, 3, generator: &generator))
    if useAdam {
      var adam = Adam(learningRate: 0.1)
      var state = adam.makeState(count: table.count)
      adam.advance()
      adam.updateRows(&table, gradient: gradient, state: &state)
      #expect(state.m[0] == 0 && state.m[3] != 0)
    } else {
      let adagrad = Adagrad(learningRate: 0.1)
      var state = adagrad.makeState(count: table.count)
      adagrad.updateRows(&table, gradient: gradient, state: &state)
      #expect(state.accumulator[0] == adagrad.initialAccumulator && state.accumulator[3] != adagrad.initialAccumulator)
    }
    for row in 0..<6 {
      let changed = table.row(row) != before.row(row)
      #expect(changed == (row == 1 || row == 4), "row \(row)")
    }
  }

  @Test("Sampled-softmax retrieval learns a planted user→item mapping (recall beats chance)")
  func sampledSoftmaxLearns() throws {
    var generator = SeededGenerator(seed: 41)
    let (users, items, dimension) = (64, 200, 8)
    // Each user likes items in a block of 5: user u → items [5·(u mod 40), +5).
    var userTable = EmbeddingTable(vocabularySize: users, dimension: dimension, generator: &generator)
    var itemTable = EmbeddingTable(vocabularySize: items, dimension: dimension, generator: &generator)
    var optimizer = Adam(learningRate: 0.05)
    var userState = optimizer.makeState(count: userTable.table.count)
    var itemState = optimizer.makeState(count: itemTable.table.count)
    let sampler = try NegativeSampler(
      frequencies: [Int](repeating: 1, count: items), distribution: .uniform, samplesPerBatch: 20)
    func target(_ u: Int, _ k: Int) -> Int32 { Int32(5 * (u % 40) + k) }
    for _ in 0..<300 {
      optimizer.advance()
      let ids = (0..<32).map { _ in Int32(generator.next() % UInt64(users)) }
      let labels = ids.map { target(Int($0), Int(generator.next() % 5)) }
      let bags = Bags(single: ids)
      let u = userTable.bagMean(bags)
      let samples = sampler.sample(using: &generator)
      let result = SampledSoftmax.compute(
        userVectors: u, classEmbeddings: itemTable.table, classBias: nil, labels: labels, samples: samples,
        labelLogQ: labels.map { sampler.logExpectedCount[Int($0)] },
        sampleLogQ: samples.map { sampler.logExpectedCount[Int($0)] })
      optimizer.updateRows(&itemTable.table, gradient: result.classGradient, state: &itemState)
      optimizer.updateRows(
        &userTable.table, gradient: userTable.bagMeanBackward(bags, outputGradient: result.userGradient),
        state: &userState)
    }
    // Recall@10 over the 5 true items, full corpus.
    let scores = BLAS.product(userTable.table, itemTable.table, transposeB: true)
    var hits = 0
    for u in 0..<users {
      let top = (0..<items).sorted { scores[u, $0] > scores[u, $1] }.prefix(10)
      hits += (0..<5).filter { top.contains(Int(target(u, $0))) }.count
    }
    let recall = Double(hits) / Double(users * 5)
    #expect(recall > 0.8, "recall@10 \(recall); chance is 0.05")
  }
}
