/// Layer normalisation over each row: `y = γ ⊙ (x − mean) / sqrt(var + ε) + β`, with one gain
/// `γ` and bias `β` per column. The attention encoder normalises before each sub-layer and at
/// its top (the pre-norm Transformer).
public struct LayerNorm: Sendable, Equatable {
  /// Per-column gain `γ` (starts at 1).
  public var gain: [Float]
  /// Per-column bias `β` (starts at 0).
  public var bias: [Float]
  /// Added to the variance before the square root.
  public var epsilon: Float

  /// What the backward pass needs from the forward pass.
  public struct Cache: Sendable {
    /// `(x − mean) / sqrt(var + ε)` per row.
    public var normalized: Matrix
    /// `1 / sqrt(var + ε)` per row.
    public var inverseDeviation: [Float]
  }

  /// Gradients with respect to the input, the gain and the bias.
  public struct Gradients: Sendable {
    /// d loss / d input.
    public var input: Matrix
    /// d loss / d gain.
    public var gain: [Float]
    /// d loss / d bias.
    public var bias: [Float]
  }

  /// An identity-initialised normalisation over rows of `width` columns.
  public init(width: Int, epsilon: Float = 1e-6) {
    gain = [Float](repeating: 1, count: width)
    bias = [Float](repeating: 0, count: width)
    self.epsilon = epsilon
  }

  /// The row width.
  public var width: Int { gain.count }

  /// Normalises each row of `input`.
  ///
  /// - Complexity: O(rows × width).
  public func forward(_ input: Matrix) -> (output: Matrix, cache: Cache) {
    precondition(input.columns == width, "layer norm over \(width) columns, got \(input.columns)")
    var normalized = input
    var output = input
    var inverse = [Float](repeating: 0, count: input.rows)
    let n = width
    for r in 0..<input.rows {
      let base = r * n
      var mean: Float = 0
      for c in 0..<n { mean += input.values[base + c] }
      mean /= Float(n)
      var variance: Float = 0
      for c in 0..<n {
        let d = input.values[base + c] - mean
        variance += d * d
      }
      variance /= Float(n)
      let s = 1 / (variance + epsilon).squareRoot()
      inverse[r] = s
      for c in 0..<n {
        let h = (input.values[base + c] - mean) * s
        normalized.values[base + c] = h
        output.values[base + c] = h * gain[c] + bias[c]
      }
    }
    return (output, Cache(normalized: normalized, inverseDeviation: inverse))
  }

  /// Gradients from the forward cache and d loss / d output:
  /// `dx = s (ĝ − mean(ĝ) − x̂ mean(ĝ ⊙ x̂))` with `ĝ = dy ⊙ γ`.
  ///
  /// - Complexity: O(rows × width).
  public func backward(_ cache: Cache, outputGradient: Matrix) -> Gradients {
    let h = cache.normalized
    precondition(outputGradient.rows == h.rows && outputGradient.columns == width, "gradient shape mismatch")
    var input = outputGradient
    var gainGradient = [Float](repeating: 0, count: width)
    var biasGradient = [Float](repeating: 0, count: width)
    let n = width
    var scaled = [Float](repeating: 0, count: n)
    for r in 0..<h.rows {
      let base = r * n
      var meanScaled: Float = 0
      var meanProduct: Float = 0
      for c in 0..<n {
        let g = outputGradient.values[base + c]
        gainGradient[c] += g * h.values[base + c]
        biasGradient[c] += g
        scaled[c] = g * gain[c]
        meanScaled += scaled[c]
        meanProduct += scaled[c] * h.values[base + c]
      }
      meanScaled /= Float(n)
      meanProduct /= Float(n)
      let s = cache.inverseDeviation[r]
      for c in 0..<n {
        input.values[base + c] = s * (scaled[c] - meanScaled - h.values[base + c] * meanProduct)
      }
    }
    return Gradients(input: input, gain: gainGradient, bias: biasGradient)
  }
}
