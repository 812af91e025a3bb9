/// One rank's gradient of its share of a global batch, in the form the ranks exchange: dense
/// tensors (towers, encoders, the loss) summed with one allreduce; sparse embedding-row
/// gradients gathered with allgatherv, row ids and values, and summed row by row. Each rank
/// holds every table whole (replicated, not sharded: see `docs/scale-out.md`), so every rank
/// can apply the same update.
public struct GradientShare: Sendable {
  /// What the share's gradients are the mean over: its examples, or its importance weight (a
  /// weighted loss's denominator). Zero for a rank with nothing in this step.
  public var weight: Double
  /// Each dense tensor's gradient, the mean over this share.
  public var dense: [[Float]]
  /// Each table's touched rows, the mean over this share (no rows for a table it did not touch).
  public var sparse: [SparseRowGradient]

  /// A share.
  public init(weight: Double, dense: [[Float]], sparse: [SparseRowGradient]) {
    self.weight = weight
    self.dense = dense
    self.sparse = sparse
  }

  /// The size of one table, for summing its rows.
  public struct Table: Sendable {
    /// Rows in the table.
    public var rows: Int
    /// Width of a row.
    public var width: Int
    /// A table of `rows × width`.
    public init(rows: Int, width: Int) {
      self.rows = rows
      self.width = width
    }
  }
}

extension Collective {
  /// The global batch's gradient on every rank: each tensor `Σ_r w_r g_r / Σ_r w_r` over the
  /// ranks' shares, which is the mean over the whole global batch when each `g_r` is the mean
  /// over rank `r`'s share and `w_r` its weight. Dense tensors travel in one allreduce; the
  /// sparse tables in two allgathervs (every table's row counts and ids; every table's values).
  ///
  /// - Precondition: every rank passes the same dense shapes and as many tables as `tables`.
  /// - Complexity: O(dense + Σ_r touched rows × width) per rank, plus the messages.
  public func combine(_ share: GradientShare, tables: [GradientShare.Table]) -> GradientShare {
    precondition(share.sparse.count == tables.count, "one sparse gradient per table")
    guard size > 1 else { return share }
    var weight = [share.weight]
    allreduceSum(&weight)
    let total = weight[0]
    let scale = total > 0 ? Float(share.weight / total) : 0
    var flat: [Float] = []
    flat.reserveCapacity(share.dense.reduce(0) { $0 + $1.count })
    for tensor in share.dense { flat.append(contentsOf: tensor) }
    for i in flat.indices { flat[i] *= scale }
    allreduceSum(&flat)
    var dense: [[Float]] = []
    var offset = 0
    for tensor in share.dense {
      dense.append(Array(flat[offset..<(offset + tensor.count)]))
      offset += tensor.count
    }
    return GradientShare(weight: total, dense: dense, sparse: gatherRows(share.sparse, scale: scale, tables: tables))
  }

  /// Every rank's rows of every table (values times `scale`), summed per table in rank order.
  func gatherRows(_ local: [SparseRowGradient], scale: Float, tables: [GradientShare.Table]) -> [SparseRowGradient] {
    var ids = local.map { Int32($0.rows.count) }
    var values: [Float] = []
    for (gradient, table) in zip(local, tables) {
      precondition(gradient.rows.isEmpty || gradient.values.columns == table.width, "row width of its table")
      ids.append(contentsOf: gradient.rows)
      values.append(contentsOf: gradient.values.values)
    }
    for i in values.indices { values[i] *= scale }
    let gatheredIDs = allgatherv(ids)
    let gatheredValues = allgatherv(values)
    var parts = [[(gradient: SparseRowGradient, weight: Float)]](repeating: [], count: tables.count)
    var idOffset = 0
    var valueOffset = 0
    for rankIDs in gatheredIDs.counts {
      var rowOffset = idOffset + tables.count
      for (t, table) in tables.enumerated() {
        let rows = Int(gatheredIDs.values[idOffset + t])
        let count = rows * table.width
        let block = Matrix(
          rows: rows, columns: table.width,
          values: Array(gatheredValues.values[valueOffset..<(valueOffset + count)]))
        parts[t].append(
          (SparseRowGradient(rows: Array(gatheredIDs.values[rowOffset..<(rowOffset + rows)]), values: block), 1))
        rowOffset += rows
        valueOffset += count
      }
      idOffset += rankIDs
    }
    return zip(parts, tables).map { SparseRowGradient.weightedSum($0, tableRows: $1.rows) }
  }
}
