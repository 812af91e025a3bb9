/// A fully connected layer `y = x W + b`.
///
/// `x` is `batch × inputs`, `W` is `inputs × outputs`, `b` has `outputs` entries.
/// Paper §3.2 and §4: the towers of both networks are stacks of these with ReLU.
public struct DenseLayer: Sendable, Equatable {
  /// The weight matrix, `inputs × outputs`.
  public var weights: Matrix
  /// The bias, one entry per output.
  public var bias: [Float]

  /// Gradients of the loss with respect to a layer's input and parameters.
  public struct Gradients: Sendable {
    /// d loss / d input, `batch × inputs`.
    public var input: Matrix
    /// d loss / d weights, `inputs × outputs`.
    public var weights: Matrix
    /// d loss / d bias.
    public var bias: [Float]

    /// Gradients of `layer`'s parameters from no examples (a rank's empty share of a step); no input gradient.
    public static func zero(of layer: DenseLayer) -> Gradients {
      Gradients(
        input: Matrix(rows: 0, columns: 0), weights: Matrix(rows: layer.inputs, columns: layer.outputs),
        bias: [Float](repeating: 0, count: layer.outputs))
    }
  }

  /// A layer with weights drawn from `initializer` and a zero bias.
  public init(inputs: Int, outputs: Int, initializer: WeightInitializer = .he, generator: inout SeededGenerator) {
    weights = initializer.matrix(fanIn: inputs, fanOut: outputs, using: &generator)
    bias = [Float](repeating: 0, count: outputs)
  }

  /// A layer over given parameters.
  ///
  /// - Precondition: `bias.count == weights.columns`.
  public init(weights: Matrix, bias: [Float]) {
    precondition(bias.count == weights.columns, "bias width differs from the weight matrix")
    self.weights = weights
    self.bias = bias
  }

  /// Input width.
  public var inputs: Int { weights.rows }
  /// Output width.
  public var outputs: Int { weights.columns }

  /// The layer's output for a batch.
  ///
  /// - Complexity: O(batch × inputs × outputs), one GEMM.
  public func forward(_ input: Matrix) -> Matrix {
    precondition(input.columns == inputs, "dense layer expects \(inputs) inputs, got \(input.columns)")
    // The bias in every row, copied row by row (no zero fill first), then the product added.
    var values: [Float] = []
    values.reserveCapacity(input.rows * outputs)
    for _ in 0..<input.rows { values.append(contentsOf: bias) }
    var output = Matrix(rows: input.rows, columns: outputs, values: values)
    BLAS.multiply(input, weights, into: &output, beta: 1)
    return output
  }

  /// Gradients given the forward input and d loss / d output.
  ///
  /// - Complexity: O(batch × inputs × outputs), two GEMMs.
  public func backward(input: Matrix, outputGradient: Matrix) -> Gradients {
    precondition(outputGradient.rows == input.rows && outputGradient.columns == outputs, "gradient shape mismatch")
    let inputGradient = BLAS.product(outputGradient, weights, transposeB: true)
    let weightGradient = BLAS.product(input, outputGradient, transposeA: true)
    var biasGradient = [Float](repeating: 0, count: outputs)
    let width = outputs
    outputGradient.values.withUnsafeBufferPointer { g in
      biasGradient.withUnsafeMutableBufferPointer { b in
        for r in 0..<outputGradient.rows {
          for c in 0..<width { b[c] += g[r * width + c] }
        }
      }
    }
    return Gradients(input: inputGradient, weights: weightGradient, bias: biasGradient)
  }
}
