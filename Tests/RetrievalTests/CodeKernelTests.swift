import CSimd
import Foundation
import NeuralCore
import Retrieval
import Testing

@Suite("The graph's one-byte kernels")
struct CodeKernelTests {
  @Test("Query-code and decoded code-code dot products equal a double-precision reference, tails included")
  func dots() {
    var generator = SeededGenerator(seed: 10)
    for n in [1, 3, 7, 8, 15, 16, 17, 31, 64, 100, 257] {
      let weights = (0..<n).map { _ in Float(generator.nextGaussian()) }
      let low = (0..<n).map { _ in Float(generator.nextGaussian()) }
      let step = (0..<n).map { _ in Float(generator.nextUnit()) * 0.05 }
      let a = (0..<n).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
      let b = (0..<n).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
      func decoded(_ codes: [UInt8], _ i: Int) -> Double { Double(low[i]) + Double(step[i]) * Double(codes[i]) }
      let referenceCodes = (0..<n).reduce(0.0) { $0 + Double(weights[$1]) * Double(a[$1]) }
      let referenceDecoded = (0..<n).reduce(0.0) { $0 + decoded(a, $1) * decoded(b, $1) }
      let codes = (CSimd_dotCodes(weights, a, n), CSimd_dotCodesPortable(weights, a, n))
      let pair = (CSimd_dotDecoded(low, step, a, b, n), CSimd_dotDecodedPortable(low, step, a, b, n))
      for value in [codes.0, codes.1] {
        #expect(abs(Double(value) - referenceCodes) <= 1e-5 * max(1, abs(referenceCodes)), "n = \(n)")
      }
      for value in [pair.0, pair.1] {
        #expect(abs(Double(value) - referenceDecoded) <= 1e-5 * max(1, abs(referenceDecoded)), "n = \(n)")
      }
    }
  }

  @Test("Recall counts each query's true top k found in the approximate top k, and only the true neighbours there are")
  func searchRecall() {
    func results(_ ids: [Int32]) -> [SearchResult] { ids.map { SearchResult(id: $0, score: 0) } }
    let truth = [results([1, 2, 3]), results([4, 5])]
    let found = [results([3, 9, 1]), results([5, 4])]
    // Query 0 finds 2 of 3, query 1 both of its 2: 4 of 5.
    #expect(SearchRecall.recall(found: found, truth: truth, k: 3) == 0.8)
    // At k = 1 query 0's first true neighbour (1) is not its first answer (3); query 1's (4) is not either.
    #expect(SearchRecall.recall(found: found, truth: truth, k: 1) == 0)
    #expect(SearchRecall.recall(found: [], truth: [], k: 10) == 0)
  }
}
