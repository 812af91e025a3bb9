import NeuralCore
import Testing

@Suite("Matrix row operations: sums, broadcasts, row dots, secant slopes, block products")
struct RowOperationsTests {
  /// 3 × 13 (a SIMD chunk of 8 and a tail of 5 per row) with distinct values.
  static func matrix(_ offset: Float) -> Matrix {
    Matrix(rows: 3, columns: 13, values: (0..<39).map { Float($0) * 0.25 - offset })
  }

  @Test("add, addToEveryRow and rowDots equal their element-by-element definitions, tails included")
  func elementwise() {
    let a = Self.matrix(4)
    let b = Self.matrix(-1.5)
    var sum = a
    sum.add(b)
    #expect(sum.values == zip(a.values, b.values).map { $0 + $1 })
    let row = (0..<13).map { Float($0) - 6 }
    var broadcast = a
    broadcast.addToEveryRow(row)
    #expect(broadcast.values == a.values.indices.map { a.values[$0] + row[$0 % 13] })
    let dots = a.rowDots(b)
    for r in 0..<3 {
      let expected = (0..<13).reduce(Float(0)) { $0 + a[r, $1] * b[r, $1] }
      #expect(abs(dots[r] - expected) <= 1e-4 * max(1, abs(expected)))
    }
  }

  @Test("Secant slopes: (relu(a) − relu(a₀)) / (a − a₀), and the gradient's 0/1 where a ≈ a₀")
  func secantSlopes() {
    // Positive, negative and sign-crossing pairs, and near-equal ones, in the SIMD chunk and in the tail.
    let reference: [Float] = [-1, -1, 2, 2, -3, 0.5, 1, -2, 3, -1, 2, 0.5, -4]
    let actual: [Float] = [
      2, -3, 5, -1, -3, 0.5 + 1e-8, 1, -2 + 4e-7, -1, 4, 2 + 5e-7, -0.5, -4,
      -2, 1, 2, 6, 1, 0.5, -1, 0, 3, -1, 3, 0.5, 4,
    ]
    var m = Matrix(rows: 2, columns: 13, repeating: 3)
    m.scaleBySecantSlopes(pre: Matrix(rows: 2, columns: 13, values: actual), referencePre: reference)
    for r in 0..<2 {
      for c in 0..<13 {
        let a = actual[r * 13 + c]
        let a0 = reference[c]
        let slope: Float = abs(a - a0) > 1e-6 ? (max(a, 0) - max(a0, 0)) / (a - a0) : (a > 0 ? 1 : 0)
        #expect(abs(m[r, c] - 3 * slope) <= 1e-5, "row \(r), column \(c)")
      }
    }
    // Worked by hand: a = 2 against a₀ = −1 gives 2/3; a = −3 against −1 gives 0; 5 against 2 gives 1;
    // −1 against 2 gives 2/3; a = a₀ = 1 (positive) gives 1; a ≈ a₀ = −2 gives 0.
    #expect(abs(m[0, 0] - 2) < 1e-5 && m[0, 1] == 0 && abs(m[0, 2] - 3) < 1e-5 && abs(m[0, 3] - 2) < 1e-5)
    #expect(m[0, 6] == 3 && m[0, 7] == 0)
  }

  @Test(
    "scaleByDifference: each element times its input column minus the reference, for a column block, tails included")
  func difference() {
    let x = Self.matrix(1)  // 3 × 13
    let reference = (0..<13).map { Float($0) * -0.5 + 2 }
    // Columns 2..<13: one SIMD chunk of 8 and a tail of 3 per row, starting off the row's start.
    var m = Matrix(rows: 3, columns: 11, values: (0..<33).map { Float($0 % 5) - 1.5 })
    let before = m
    m.scaleByDifference(of: x, columns: 2..<13, minus: reference)
    for r in 0..<3 {
      for c in 0..<11 {
        #expect(m[r, c] == before[r, c] * (x[r, c + 2] - reference[c + 2]), "row \(r), column \(c)")
      }
    }
  }

  @Test("A column block of A times the matching row block of B, in place, with beta")
  func blockProduct() {
    let a = Self.matrix(2)
    let b = Matrix(rows: 13, columns: 4, values: (0..<52).map { Float($0 % 7) - 3 })
    var c = Matrix(rows: 3, columns: 4, repeating: 1)
    BLAS.multiply(a, columns: 5..<9, b, rows: 5..<9, into: &c, beta: 2)
    for r in 0..<3 {
      for j in 0..<4 {
        let expected = 2 + (5..<9).reduce(Float(0)) { $0 + a[r, $1] * b[$1, j] }
        #expect(abs(c[r, j] - expected) <= 1e-4 * max(1, abs(expected)))
      }
    }
  }

  @Test("A times the transpose of a row block of B, in place, over a stale output")
  func transposedBlockProduct() {
    let a = Matrix(rows: 3, columns: 4, values: (0..<12).map { Float($0 % 5) - 2 })
    let b = Matrix(rows: 13, columns: 4, values: (0..<52).map { Float($0 % 7) - 3 })
    var c = Matrix(rows: 3, columns: 6, repeating: 9)
    BLAS.multiply(a, transposedRows: 5..<11, of: b, into: &c)
    for r in 0..<3 {
      for j in 0..<6 {
        let expected = (0..<4).reduce(Float(0)) { $0 + a[r, $1] * b[5 + j, $1] }
        #expect(abs(c[r, j] - expected) <= 1e-4 * max(1, abs(expected)))
      }
    }
  }
}
