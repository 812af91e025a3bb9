/// The rectified linear unit, `max(0, x)`, applied element-wise.
public enum ReLU {
  /// `max(0, x)` element-wise.
  ///
  /// - Complexity: O(count).
  public static func forward(_ input: Matrix) -> Matrix {
    var output = input
    // Branch-free, so that it vectorises (max keeps a NaN, as the comparison did).
    output.values.withUnsafeMutableBufferPointer { v in
      for i in v.indices { v[i] = max(v[i], 0) }
    }
    return output
  }

  /// d loss / d input from the forward output and d loss / d output.
  ///
  /// The subgradient at 0 is taken as 0.
  /// - Complexity: O(count).
  public static func backward(output: Matrix, outputGradient: Matrix) -> Matrix {
    precondition(output.rows == outputGradient.rows && output.columns == outputGradient.columns, "shape mismatch")
    var gradient = outputGradient
    output.values.withUnsafeBufferPointer { y in
      gradient.values.withUnsafeMutableBufferPointer { g in
        for i in g.indices where y[i] <= 0 { g[i] = 0 }
      }
    }
    return gradient
  }
}
