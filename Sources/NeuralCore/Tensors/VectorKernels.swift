/// Small vector kernels for the embedding hot paths: `y += a · x` over contiguous floats,
/// in SIMD chunks of 8 with a scalar tail. Measured on the candidate-generation step (bag
/// means and sparse gradient sums are memory-bound gathers and scatters of 64-float rows).
public enum VectorKernels {
  /// `y[0..<count] += a * x[0..<count]`.
  @inlinable
  public static func addScaled(
    _ x: UnsafePointer<Float>, scale a: Float, into y: UnsafeMutablePointer<Float>, count: Int
  ) {
    var i = 0
    let rawX = UnsafeRawPointer(x)
    let rawY = UnsafeMutableRawPointer(y)
    let stride = MemoryLayout<Float>.stride
    while i + 8 <= count {
      let xv = rawX.loadUnaligned(fromByteOffset: i * stride, as: SIMD8<Float>.self)
      let yv = rawY.loadUnaligned(fromByteOffset: i * stride, as: SIMD8<Float>.self)
      rawY.storeBytes(of: yv + a * xv, toByteOffset: i * stride, as: SIMD8<Float>.self)
      i += 8
    }
    while i < count {
      y[i] += a * x[i]
      i += 1
    }
  }
}
