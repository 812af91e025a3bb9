import CSimd
import Foundation
import NeuralCore
import Retrieval
import Testing

@Suite("The search's inner-product kernel")
struct DotKernelTests {
  /// Applies a C kernel to two arrays (nil for empty arrays, which have no base address).
  func apply(_ kernel: (UnsafePointer<Float>, UnsafePointer<Float>, Int) -> Float, _ a: [Float], _ b: [Float]) -> Float?
  {
    a.withUnsafeBufferPointer { pa in
      b.withUnsafeBufferPointer { pb in
        guard let x = pa.baseAddress, let y = pb.baseAddress else { return nil }
        return kernel(x, y, a.count)
      }
    }
  }

  @Test("CSimd_dot equals a double-precision reference for every length, tails included")
  func dot() throws {
    var generator = SeededGenerator(seed: 9)
    for n in [1, 3, 7, 8, 15, 16, 17, 31, 64, 100, 257] {
      let a = (0..<n).map { _ in Float(generator.nextGaussian()) }
      let b = (0..<n).map { _ in Float(generator.nextGaussian()) }
      let reference = zip(a, b).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
      let fast = try #require(apply({ CSimd_dot($0, $1, $2) }, a, b))
      let portable = try #require(apply({ CSimd_dotPortable($0, $1, $2) }, a, b))
      #expect(abs(Double(fast) - reference) <= 1e-4 * max(1, abs(reference)), "n = \(n)")
      #expect(abs(Double(portable) - reference) <= 1e-4 * max(1, abs(reference)), "n = \(n)")
    }
  }
}
