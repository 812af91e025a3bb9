/// Adagrad (Duchi et al.): per-element step sizes that shrink with the accumulated squared
/// gradient. Its sparse form touches only the rows in a batch.
public struct Adagrad: Optimizer {
  /// The accumulated squared gradient of one tensor.
  public struct State: Sendable {
    /// Σ g² per element, starting at ``Adagrad/initialAccumulator``.
    public var accumulator: [Float]
  }

  /// Step size.
  public var learningRate: Float
  /// Starting value of every accumulator.
  public var initialAccumulator: Float
  /// Added to the denominator for stability.
  public var epsilon: Float

  /// Adagrad with the usual defaults.
  public init(learningRate: Float = 0.05, initialAccumulator: Float = 0.1, epsilon: Float = 1e-7) {
    self.learningRate = learningRate
    self.initialAccumulator = initialAccumulator
    self.epsilon = epsilon
  }

  /// Accumulators at their initial value.
  public func makeState(count: Int) -> State {
    State(accumulator: [Float](repeating: initialAccumulator, count: count))
  }

  /// Adagrad has no step-dependent terms.
  public mutating func advance() {}

  /// Dense update.
  ///
  /// - Complexity: O(count).
  public func update(_ parameters: inout [Float], gradient: [Float], state: inout State) {
    precondition(parameters.count == gradient.count && state.accumulator.count == parameters.count, "length mismatch")
    let (rate, eps) = (learningRate, epsilon)
    parameters.withUnsafeMutableBufferPointer { p in
      gradient.withUnsafeBufferPointer { g in
        state.accumulator.withUnsafeMutableBufferPointer { a in
          for i in p.indices {
            a[i] += g[i] * g[i]
            p[i] -= rate * g[i] / (a[i].squareRoot() + eps)
          }
        }
      }
    }
  }

  /// Sparse update of the touched rows, split over two threads when large.
  ///
  /// - Complexity: O(touched rows × width).
  public func updateRows(_ table: inout Matrix, gradient: SparseRowGradient, state: inout State) {
    let width = table.columns
    precondition(gradient.values.columns == width && state.accumulator.count == table.count, "shape mismatch")
    let (rate, eps) = (learningRate, epsilon)
    let rows = gradient.rows
    table.values.withUnsafeMutableBufferPointer { p in
      gradient.values.values.withUnsafeBufferPointer { g in
        state.accumulator.withUnsafeMutableBufferPointer { a in
          guard let pBase = p.baseAddress, let gBase = g.baseAddress, let aBase = a.baseAddress else { return }
          let (pp, gp) = (RowParallel.SharedPointer(base: pBase), RowParallel.SharedReadPointer(base: gBase))
          let ap = RowParallel.SharedPointer(base: aBase)
          RowParallel.forEachChunk(count: rows.count, width: width) { chunk in
            for slot in chunk {
              let base = Int(rows[slot]) * width
              VectorKernels.adagradStep(
                parameters: pp.base + base, accumulator: ap.base + base, gradient: gp.base + slot * width,
                count: width, rate: rate, epsilon: eps)
            }
          }
        }
      }
    }
  }
}
