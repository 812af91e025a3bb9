import Foundation

/// A fast, seedable random number generator (xoshiro256**), seeded through SplitMix64.
///
/// Everything random in WatchNext takes one of these so that a seed reproduces a run.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var state: (UInt64, UInt64, UInt64, UInt64)

  /// A generator whose whole stream is determined by `seed`.
  public init(seed: UInt64) {
    var mixer = seed
    func splitMix() -> UInt64 {
      mixer &+= 0x9E37_79B9_7F4A_7C15
      var z = mixer
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = (splitMix(), splitMix(), splitMix(), splitMix())
  }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    let result = rotate(state.1 &* 5, 7) &* 9
    let t = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= t
    state.3 = rotate(state.3, 45)
    return result
  }

  private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  /// A uniform Double in [0, 1).
  public mutating func nextUnit() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// A standard normal sample (Box–Muller).
  public mutating func nextGaussian() -> Double {
    var u = nextUnit()
    while u <= .leastNonzeroMagnitude { u = nextUnit() }
    let v = nextUnit()
    return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
  }

  /// A derived generator for an independent stream (for example one per worker thread).
  public mutating func split() -> SeededGenerator { SeededGenerator(seed: next()) }
}
