/// Small vector kernels for the embedding hot paths: `y += a · x` over contiguous floats,
/// in SIMD chunks of 8 with a scalar tail. Measured on the candidate-generation step (bag
/// means and sparse gradient sums are memory-bound gathers and scatters of 64-float rows).
///
/// Internal: callers inside NeuralCore hand in pointers from one structure's unsafe view; the
/// public API is the layers and optimizers built on them.
enum VectorKernels {
  /// `y[0..<count] += a * x[0..<count]`.
  static func addScaled(
    _ x: UnsafePointer<Float>, scale a: Float, into y: UnsafeMutablePointer<Float>, count: Int
  ) {
    assert(count >= 0, "negative count \(count)")
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

  /// `Σ x[i] · y[i]` over `count` contiguous elements (eight partial sums, then their total).
  static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, count: Int) -> Float {
    assert(count >= 0, "negative count \(count)")
    var i = 0
    let rawX = UnsafeRawPointer(x)
    let rawY = UnsafeRawPointer(y)
    let stride = MemoryLayout<Float>.stride
    var partial = SIMD8<Float>()
    while i + 8 <= count {
      let xv = rawX.loadUnaligned(fromByteOffset: i * stride, as: SIMD8<Float>.self)
      let yv = rawY.loadUnaligned(fromByteOffset: i * stride, as: SIMD8<Float>.self)
      partial += xv * yv
      i += 8
    }
    var sum = partial.sum()
    while i < count {
      sum += x[i] * y[i]
      i += 1
    }
    return sum
  }

  /// `m[i] *= x[i] − x₀[i]`.
  static func scaleByDifference(
    _ m: UnsafeMutablePointer<Float>, of x: UnsafePointer<Float>, minus x0: UnsafePointer<Float>, count: Int
  ) {
    assert(count >= 0, "negative count \(count)")
    var i = 0
    let (rm, rx, r0) = (UnsafeMutableRawPointer(m), UnsafeRawPointer(x), UnsafeRawPointer(x0))
    let stride = MemoryLayout<Float>.stride
    while i + 8 <= count {
      let o = i * stride
      let delta =
        rx.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
        - r0.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
      rm.storeBytes(
        of: rm.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) * delta, toByteOffset: o, as: SIMD8<Float>.self)
      i += 8
    }
    while i < count {
      m[i] *= x[i] - x0[i]
      i += 1
    }
  }

  /// `m[i] *= (relu(a[i]) − relu(a₀[i])) / (a[i] − a₀[i])`, or by `a[i] > 0 ? 1 : 0` where
  /// `|a[i] − a₀[i]| ≤ 1e-6` (the rescale rule's secant slope of a ReLU).
  static func scaleBySecantSlopes(
    _ m: UnsafeMutablePointer<Float>, actual a: UnsafePointer<Float>, reference a0: UnsafePointer<Float>, count: Int
  ) {
    assert(count >= 0, "negative count \(count)")
    var i = 0
    let (rm, ra, r0) = (UnsafeMutableRawPointer(m), UnsafeRawPointer(a), UnsafeRawPointer(a0))
    let stride = MemoryLayout<Float>.stride
    let zero = SIMD8<Float>(repeating: 0)
    let one = SIMD8<Float>(repeating: 1)
    let tolerance = SIMD8<Float>(repeating: 1e-6)
    while i + 8 <= count {
      let o = i * stride
      let av = ra.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
      let a0v = r0.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
      let delta = av - a0v
      // Masks and selects only: the generic `pointwiseMax` is not inlined and costs 5x the loop.
      let distinct = (delta .> tolerance) .| (delta .< -tolerance)
      let relu = av.replacing(with: zero, where: av .< zero)
      let referenceRelu = a0v.replacing(with: zero, where: a0v .< zero)
      let secant = (relu - referenceRelu) / one.replacing(with: delta, where: distinct)
      let slope = zero.replacing(with: one, where: av .> zero).replacing(with: secant, where: distinct)
      rm.storeBytes(
        of: rm.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) * slope, toByteOffset: o, as: SIMD8<Float>.self)
      i += 8
    }
    while i < count {
      let delta = a[i] - a0[i]
      let slope: Float = abs(delta) > 1e-6 ? (max(a[i], 0) - max(a0[i], 0)) / delta : (a[i] > 0 ? 1 : 0)
      m[i] *= slope
      i += 1
    }
  }

  /// One Adam step on `count` contiguous elements: moments `m`, `v` and parameters `p`.
  static func adamStep(
    parameters p: UnsafeMutablePointer<Float>, m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>,
    gradient g: UnsafePointer<Float>, count: Int, rate: Float, beta1 b1: Float, beta2 b2: Float, epsilon eps: Float
  ) {
    assert(count >= 0, "negative count \(count)")
    var i = 0
    let stride = MemoryLayout<Float>.stride
    let (rp, rm, rv, rg) = (
      UnsafeMutableRawPointer(p), UnsafeMutableRawPointer(m), UnsafeMutableRawPointer(v), UnsafeRawPointer(g)
    )
    while i + 8 <= count {
      let o = i * stride
      let gv = rg.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
      let mv = b1 * rm.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) + (1 - b1) * gv
      let vv = b2 * rv.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) + (1 - b2) * gv * gv
      rm.storeBytes(of: mv, toByteOffset: o, as: SIMD8<Float>.self)
      rv.storeBytes(of: vv, toByteOffset: o, as: SIMD8<Float>.self)
      let pv = rp.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) - rate * mv / (vv.squareRoot() + eps)
      rp.storeBytes(of: pv, toByteOffset: o, as: SIMD8<Float>.self)
      i += 8
    }
    while i < count {
      m[i] = b1 * m[i] + (1 - b1) * g[i]
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i]
      p[i] -= rate * m[i] / (v[i].squareRoot() + eps)
      i += 1
    }
  }

  /// One Adagrad step on `count` contiguous elements: accumulator `a` and parameters `p`.
  static func adagradStep(
    parameters p: UnsafeMutablePointer<Float>, accumulator a: UnsafeMutablePointer<Float>,
    gradient g: UnsafePointer<Float>, count: Int, rate: Float, epsilon eps: Float
  ) {
    assert(count >= 0, "negative count \(count)")
    var i = 0
    let stride = MemoryLayout<Float>.stride
    let (rp, ra, rg) = (UnsafeMutableRawPointer(p), UnsafeMutableRawPointer(a), UnsafeRawPointer(g))
    while i + 8 <= count {
      let o = i * stride
      let gv = rg.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self)
      let av = ra.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) + gv * gv
      ra.storeBytes(of: av, toByteOffset: o, as: SIMD8<Float>.self)
      let pv = rp.loadUnaligned(fromByteOffset: o, as: SIMD8<Float>.self) - rate * gv / (av.squareRoot() + eps)
      rp.storeBytes(of: pv, toByteOffset: o, as: SIMD8<Float>.self)
      i += 8
    }
    while i < count {
      a[i] += g[i] * g[i]
      p[i] -= rate * g[i] / (a[i].squareRoot() + eps)
      i += 1
    }
  }
}
