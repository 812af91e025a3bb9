import Foundation

/// Multi-head causal self-attention over packed sequences (Vaswani et al. 2017; the SASRec
/// design for next-item prediction): row `i` of a sequence attends to rows `0…i` of the same
/// sequence only, so a position never sees what comes after it.
///
/// Sequences are packed without padding: sequence `s` is rows `offsets[s]..<offsets[s + 1]`
/// of the input. Per sequence and head the scores, the softmax and the weighted sum are three
/// small GEMMs; the four projections are one GEMM each over all rows of the batch.
public struct CausalSelfAttention: Sendable, Equatable {
  /// Query, key, value and output projections, each `width × width`.
  public var query, key, value, output: DenseLayer
  /// Number of heads; `width` is split evenly between them.
  public var heads: Int

  /// A layer over rows of `width` with `heads` heads (Glorot-initialised projections).
  ///
  /// - Precondition: `width` divisible by `heads`.
  public init(width: Int, heads: Int, generator: inout SeededGenerator) {
    precondition(heads > 0 && width % heads == 0, "width \(width) does not split into \(heads) heads")
    query = DenseLayer(inputs: width, outputs: width, initializer: .glorot, generator: &generator)
    key = DenseLayer(inputs: width, outputs: width, initializer: .glorot, generator: &generator)
    value = DenseLayer(inputs: width, outputs: width, initializer: .glorot, generator: &generator)
    output = DenseLayer(inputs: width, outputs: width, initializer: .glorot, generator: &generator)
    self.heads = heads
  }

  /// The row width.
  public var width: Int { query.inputs }

  /// What the backward pass needs.
  public struct Cache: Sendable {
    var input, queries, keys, values, attended: Matrix
    /// Attention weights, per sequence then head, `n × n` row-major each.
    var weights: [Float]
    var offsets: [Int]
  }

  /// Gradients of the input and of the four projections.
  public struct Gradients: Sendable {
    /// d loss / d input.
    public var input: Matrix
    /// Projection gradients in the order query, key, value, output.
    public var projections: [DenseLayer.Gradients]
  }

  /// The attended rows for packed sequences.
  ///
  /// - Parameter offsets: sequence boundaries, `offsets.first == 0`, `offsets.last == input.rows`.
  /// - Complexity: O(rows × width²) for the projections plus O(Σ n² × width) for the attention.
  public func forward(_ input: Matrix, offsets: [Int]) -> (output: Matrix, cache: Cache) {
    precondition(offsets.first == 0 && offsets.last == input.rows, "sequence offsets do not cover the input")
    let q = query.forward(input)
    let k = key.forward(input)
    let v = value.forward(input)
    var attended = Matrix(rows: input.rows, columns: width)
    var weights = [Float](repeating: 0, count: Self.weightCount(offsets: offsets, heads: heads))
    let kernel = AttentionKernel(width: width, heads: heads, offsets: offsets)
    kernel.forward(q: q, k: k, v: v, weights: &weights, attended: &attended)
    let y = output.forward(attended)
    return (
      y, Cache(input: input, queries: q, keys: k, values: v, attended: attended, weights: weights, offsets: offsets)
    )
  }

  /// Gradients from the forward cache and d loss / d output.
  ///
  /// - Complexity: as ``forward(_:offsets:)``, about twice.
  public func backward(_ cache: Cache, outputGradient: Matrix) -> Gradients {
    let gOut = output.backward(input: cache.attended, outputGradient: outputGradient)
    var dq = Matrix(rows: cache.input.rows, columns: width)
    var dk = dq
    var dv = dq
    let kernel = AttentionKernel(width: width, heads: heads, offsets: cache.offsets)
    kernel.backward(
      q: cache.queries, k: cache.keys, v: cache.values, weights: cache.weights, attendedGradient: gOut.input,
      dq: &dq, dk: &dk, dv: &dv)
    let gq = query.backward(input: cache.input, outputGradient: dq)
    let gk = key.backward(input: cache.input, outputGradient: dk)
    let gv = value.backward(input: cache.input, outputGradient: dv)
    var input = gq.input
    for i in 0..<input.count { input.values[i] += gk.input.values[i] + gv.input.values[i] }
    return Gradients(input: input, projections: [gq, gk, gv, gOut])
  }

  static func weightCount(offsets: [Int], heads: Int) -> Int {
    var total = 0
    for s in 0..<(offsets.count - 1) {
      let n = offsets[s + 1] - offsets[s]
      total += heads * n * n
    }
    return total
  }
}

/// The per-sequence, per-head GEMMs of attention on strided head slices of the projected rows
/// (through ``BLAS``'s block GEMM, which checks every block's bounds), and the causal softmax.
struct AttentionKernel {
  let width: Int
  let heads: Int
  let offsets: [Int]

  var headWidth: Int { width / heads }

  /// One (sequence, head) pair: its length, the offset of its first element in the projected
  /// rows, and the offset of its `length × length` weights.
  struct Block {
    var length: Int
    var column: Int
    var weights: Int
  }

  /// Every (sequence, head) pair in order.
  var blocks: [Block] {
    var list: [Block] = []
    var w = 0
    for s in 0..<(offsets.count - 1) {
      let n = offsets[s + 1] - offsets[s]
      for h in 0..<heads {
        list.append(Block(length: n, column: offsets[s] * width + h * headWidth, weights: w))
        w += n * n
      }
    }
    return list
  }

  func forward(q: Matrix, k: Matrix, v: Matrix, weights: inout [Float], attended: inout Matrix) {
    let (d, dh) = (width, headWidth)
    let scale = 1 / Float(dh).squareRoot()
    for block in blocks {
      let (n, column, w) = (block.length, block.column, block.weights)
      // A = softmax(Q Kᵀ / √dh) over the causal triangle; O = A V.
      BLAS.gemm(
        transposeA: false, transposeB: true, m: n, n: n, k: dh, alpha: scale, a: q.values, at: column, lda: d,
        b: k.values, at: column, ldb: d, beta: 0, c: &weights, at: w, ldc: n)
      Self.causalSoftmax(&weights, at: w, n: n)
      BLAS.gemm(
        transposeA: false, transposeB: false, m: n, n: dh, k: n, alpha: 1, a: weights, at: w, lda: n,
        b: v.values, at: column, ldb: d, beta: 0, c: &attended.values, at: column, ldc: d)
    }
  }

  func backward(
    q: Matrix, k: Matrix, v: Matrix, weights: [Float], attendedGradient: Matrix,
    dq: inout Matrix, dk: inout Matrix, dv: inout Matrix
  ) {
    let (d, dh) = (width, headWidth)
    let scale = 1 / Float(dh).squareRoot()
    var longest = 0
    for s in 0..<(offsets.count - 1) { longest = max(longest, offsets[s + 1] - offsets[s]) }
    var da = [Float](repeating: 0, count: longest * longest)
    let g = attendedGradient.values
    for block in blocks {
      let (n, column, w) = (block.length, block.column, block.weights)
      // dA = dO · Vᵀ; dV = Aᵀ · dO.
      BLAS.gemm(
        transposeA: false, transposeB: true, m: n, n: n, k: dh, alpha: 1, a: g, at: column, lda: d,
        b: v.values, at: column, ldb: d, beta: 0, c: &da, at: 0, ldc: n)
      BLAS.gemm(
        transposeA: true, transposeB: false, m: n, n: dh, k: n, alpha: 1, a: weights, at: w, lda: n,
        b: g, at: column, ldb: d, beta: 0, c: &dv.values, at: column, ldc: d)
      Self.softmaxBackward(&da, weights: weights, at: w, n: n, scale: scale)
      // dQ = dS · K; dK = dSᵀ · Q.
      BLAS.gemm(
        transposeA: false, transposeB: false, m: n, n: dh, k: n, alpha: 1, a: da, at: 0, lda: n,
        b: k.values, at: column, ldb: d, beta: 0, c: &dq.values, at: column, ldc: d)
      BLAS.gemm(
        transposeA: true, transposeB: false, m: n, n: dh, k: n, alpha: 1, a: da, at: 0, lda: n,
        b: q.values, at: column, ldb: d, beta: 0, c: &dk.values, at: column, ldc: d)
    }
  }

  /// dS = A ⊙ (dA − rowsum(dA ⊙ A)) over the causal triangle, times the score scale, in place
  /// of dA (an `n × n` block at the start of `da`; `weights` holds A from `offset`).
  static func softmaxBackward(_ da: inout [Float], weights: [Float], at offset: Int, n: Int, scale: Float) {
    for i in 0..<n {
      var dot: Float = 0
      for j in 0...i { dot += da[i * n + j] * weights[offset + i * n + j] }
      for j in 0..<n { da[i * n + j] = j <= i ? scale * weights[offset + i * n + j] * (da[i * n + j] - dot) : 0 }
    }
  }

  /// Row-wise softmax over the lower triangle (`j ≤ i`) of an `n × n` score block; the upper
  /// triangle becomes 0.
  static func causalSoftmax(_ a: inout [Float], at offset: Int, n: Int) {
    for i in 0..<n {
      let row = offset + i * n
      var top = -Float.infinity
      for j in 0...i { top = max(top, a[row + j]) }
      var sum: Float = 0
      for j in 0...i {
        let e = Foundation.exp(a[row + j] - top)
        a[row + j] = e
        sum += e
      }
      let inverse = 1 / sum
      for j in 0...i { a[row + j] *= inverse }
      for j in (i + 1)..<n { a[row + j] = 0 }
    }
  }
}
