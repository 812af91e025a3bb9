/// A learned embedding per ID of one vocabulary, with a mean-over-bag lookup.
///
/// Paper §3.2: "the watch history is embedded and averaged"; §4.1: univalent and
/// multivalent categorical features share one table per ID space.
public struct EmbeddingTable: Sendable, Equatable {
  /// The table, `vocabularySize × dimension`.
  public var table: Matrix

  /// A table with small random values (normal, std `1 / sqrt(dimension)`).
  public init(vocabularySize: Int, dimension: Int, generator: inout SeededGenerator) {
    table = Matrix(rows: vocabularySize, columns: dimension)
    let std = 1 / Double(max(dimension, 1)).squareRoot()
    for i in 0..<table.count { table.values[i] = Float(generator.nextGaussian() * std) }
  }

  /// A table over given values.
  public init(table: Matrix) { self.table = table }

  /// The number of IDs.
  public var vocabularySize: Int { table.rows }
  /// The embedding width.
  public var dimension: Int { table.columns }

  /// The mean embedding of each bag: `bags.count × dimension`.
  ///
  /// Out-of-vocabulary (negative) IDs add the zero vector but still count in the mean's
  /// denominator; an empty bag gives the zero vector.
  /// - Complexity: O(total IDs × dimension).
  public func bagMean(_ bags: Bags) -> Matrix {
    let width = dimension
    var output = Matrix(rows: bags.count, columns: width)
    table.values.withUnsafeBufferPointer { t in
      output.values.withUnsafeMutableBufferPointer { out in
        for b in 0..<bags.count {
          let start = bags.offsets[b]
          let end = bags.offsets[b + 1]
          guard end > start else { continue }
          let scale = 1 / Float(end - start)
          let base = b * width
          for position in start..<end {
            let id = Int(bags.ids[position])
            guard id >= 0 else { continue }
            precondition(id < table.rows, "embedding ID \(id) outside a table of \(table.rows) rows")
            guard let tBase = t.baseAddress, let oBase = out.baseAddress else { return }
            VectorKernels.addScaled(tBase + id * width, scale: scale, into: oBase + base, count: width)
          }
        }
      }
    }
    return output
  }

  /// d loss / d table from d loss / d (bag means), touching only the rows used.
  ///
  /// - Complexity: O(total IDs × dimension + vocabulary size).
  public func bagMeanBackward(_ bags: Bags, outputGradient: Matrix) -> SparseRowGradient {
    precondition(outputGradient.rows == bags.count && outputGradient.columns == dimension, "gradient shape mismatch")
    let width = dimension
    var slots = SlotMap(tableRows: vocabularySize)
    for id in bags.ids where id >= 0 { slots.slot(for: id) }
    var summed = Matrix(rows: slots.rows.count, columns: width)
    outputGradient.values.withUnsafeBufferPointer { g in
      summed.values.withUnsafeMutableBufferPointer { out in
        for b in 0..<bags.count {
          let start = bags.offsets[b]
          let end = bags.offsets[b + 1]
          guard end > start else { continue }
          let scale = 1 / Float(end - start)
          guard let gBase = g.baseAddress, let oBase = out.baseAddress else { return }
          for position in start..<end where bags.ids[position] >= 0 {
            let to = Int(slots.existingSlot(bags.ids[position])) * width
            VectorKernels.addScaled(gBase + b * width, scale: scale, into: oBase + to, count: width)
          }
        }
      }
    }
    return SparseRowGradient(rows: slots.rows, values: summed)
  }
}
