import CSimd

/// The one raw-pointer view of a ``PartitionIndex``'s scanned buffers: a cell's code blocks
/// against a query's one-byte lookup table, and the exact re-scoring of nodes. The pointer
/// kernels are the index's inner loops (CSimd's `pshufb` scan and AVX2 dot product).
enum FastScanKernel {
  /// Σ_s `lut[s][code(v, s)]` for the 32 items of each of `blocks` blocks of `codes`, into `out`
  /// (resized to `blocks × 32`).
  static func scan(_ codes: [UInt8], lut: [UInt8], subspaces: Int, blocks: Int, into out: inout [UInt16]) {
    assert(codes.count >= blocks * subspaces * 16, "codes shorter than their blocks")
    assert(lut.count == subspaces * 16, "a lookup table of another width")
    if out.count < blocks * 32 { out = [UInt16](repeating: 0, count: blocks * 32) }
    codes.withUnsafeBufferPointer { c in
      lut.withUnsafeBufferPointer { l in
        out.withUnsafeMutableBufferPointer { o in
          guard let cBase = c.baseAddress, let lBase = l.baseAddress, let oBase = o.baseAddress, blocks > 0 else {
            return
          }
          CSimd_fastScan(cBase, lBase, subspaces, blocks, oBase)
        }
      }
    }
  }

  /// The exact inner products of `query` with rows `nodes` of the `dimension`-wide `vectors`.
  static func dots(_ query: [Float], _ vectors: [Float], nodes: [Int32], dimension: Int) -> [Float] {
    assert(nodes.allSatisfy { (Int($0) + 1) * dimension <= vectors.count }, "a node outside the vectors")
    assert(query.count == dimension, "a query of another dimension")
    return query.withUnsafeBufferPointer { q in
      vectors.withUnsafeBufferPointer { v in
        guard let qBase = q.baseAddress, let vBase = v.baseAddress else { return [] }
        return nodes.map { CSimd_dot(qBase, vBase + Int($0) * dimension, dimension) }
      }
    }
  }

  /// `query · row c` for each of the `rows` rows stored transposed in `transposed`
  /// (`query.count × rows`).
  static func scores(_ query: [Float], transposed: [Float], rows: Int) -> [Float] {
    assert(transposed.count == query.count * rows, "a transposed matrix of another shape")
    var out = [Float](repeating: 0, count: rows)
    query.withUnsafeBufferPointer { q in
      transposed.withUnsafeBufferPointer { t in
        out.withUnsafeMutableBufferPointer { o in
          guard let qBase = q.baseAddress, let tBase = t.baseAddress, let oBase = o.baseAddress else { return }
          CSimd_transposedScores(qBase, tBase, q.count, rows, oBase)
        }
      }
    }
    return out
  }
}
