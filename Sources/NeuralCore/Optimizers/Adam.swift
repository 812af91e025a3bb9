import Foundation

/// Adam (Kingma & Ba), with a lazy variant for embedding rows: only rows that appear in
/// a batch have their moments and values updated, with the global step's bias correction.
public struct Adam: Optimizer {
  /// First and second moment estimates of one tensor.
  public struct State: Sendable {
    /// First moment.
    public var m: [Float]
    /// Second moment.
    public var v: [Float]
  }

  /// Step size.
  public var learningRate: Float
  /// Decay of the first moment.
  public var beta1: Float
  /// Decay of the second moment.
  public var beta2: Float
  /// Added to the denominator for stability.
  public var epsilon: Float
  /// Steps taken so far (after ``advance()``).
  public private(set) var step: Int = 0

  /// Adam with the usual defaults.
  public init(learningRate: Float = 1e-3, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8) {
    self.learningRate = learningRate
    self.beta1 = beta1
    self.beta2 = beta2
    self.epsilon = epsilon
  }

  /// Zero moments.
  public func makeState(count: Int) -> State {
    State(m: [Float](repeating: 0, count: count), v: [Float](repeating: 0, count: count))
  }

  /// Advances the step counter used for bias correction.
  public mutating func advance() { step += 1 }

  private var correctedRate: Float {
    let t = Float(max(step, 1))
    return learningRate * (1 - Foundation.pow(beta2, t)).squareRoot() / (1 - Foundation.pow(beta1, t))
  }

  /// Dense update.
  ///
  /// - Complexity: O(count).
  public func update(_ parameters: inout [Float], gradient: [Float], state: inout State) {
    precondition(parameters.count == gradient.count && state.m.count == parameters.count, "length mismatch")
    let rate = correctedRate
    let (b1, b2, eps) = (beta1, beta2, epsilon)
    parameters.withUnsafeMutableBufferPointer { p in
      gradient.withUnsafeBufferPointer { g in
        state.m.withUnsafeMutableBufferPointer { m in
          state.v.withUnsafeMutableBufferPointer { v in
            guard let pb = p.baseAddress, let gb = g.baseAddress, let mb = m.baseAddress, let vb = v.baseAddress
            else { return }
            VectorKernels.adamStep(
              parameters: pb, m: mb, v: vb, gradient: gb, count: p.count, rate: rate, beta1: b1, beta2: b2,
              epsilon: eps)
          }
        }
      }
    }
  }

  /// Lazy sparse update of the touched rows, split over two threads when large.
  ///
  /// - Complexity: O(touched rows × width).
  public func updateRows(_ table: inout Matrix, gradient: SparseRowGradient, state: inout State) {
    let width = table.columns
    precondition(gradient.values.columns == width && state.m.count == table.count, "shape mismatch")
    let rate = correctedRate
    let (b1, b2, eps) = (beta1, beta2, epsilon)
    let rows = gradient.rows
    table.values.withUnsafeMutableBufferPointer { p in
      gradient.values.values.withUnsafeBufferPointer { g in
        state.m.withUnsafeMutableBufferPointer { m in
          state.v.withUnsafeMutableBufferPointer { v in
            guard let pBase = p.baseAddress, let gBase = g.baseAddress, let mBase = m.baseAddress,
              let vBase = v.baseAddress
            else { return }
            let (pp, gp) = (RowParallel.SharedPointer(base: pBase), RowParallel.SharedReadPointer(base: gBase))
            let (mp, vp) = (RowParallel.SharedPointer(base: mBase), RowParallel.SharedPointer(base: vBase))
            RowParallel.forEachChunk(count: rows.count, width: width) { chunk in
              for slot in chunk {
                let base = Int(rows[slot]) * width
                VectorKernels.adamStep(
                  parameters: pp.base + base, m: mp.base + base, v: vp.base + base, gradient: gp.base + slot * width,
                  count: width, rate: rate, beta1: b1, beta2: b2, epsilon: eps)
              }
            }
          }
        }
      }
    }
  }
}
