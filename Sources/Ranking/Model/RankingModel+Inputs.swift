import NeuralCore
import WorkspaceStore

extension RankingModel {
  /// Encodes candidates `rows` of `examples` (normalising continuous values, looking up embeddings).
  ///
  /// Three steps: the table rows of every categorical feature and history are gathered (the
  /// query side once per distinct request); the query-side blocks are written once per request
  /// and the candidate-side blocks once per row; each row then receives its request's query part.
  /// - Complexity: O(batch × input width + requests × history length × video embedding width).
  @inlinable
  public func inputs(
    _ examples: RankingExamples, rows: some Collection<Int>, columns: EventColumns, lookup: RankingFeatureLookup
  ) -> Inputs {
    // One concrete array, made in the caller (inlinable, so specialised there): a generic
    // collection walked across the module boundary runs unspecialised, with a metadata lookup
    // per element (half of a request's time once, and the copy itself 3% of it after that).
    inputs(examples, rowList: Array(rows), columns: columns, lookup: lookup)
  }

  /// ``inputs(_:rows:columns:lookup:)`` over a row list.
  @usableFromInline
  func inputs(
    _ examples: RankingExamples, rowList rows: [Int], columns: EventColumns, lookup: RankingFeatureLookup
  ) -> Inputs {
    let ids = GatheredIDs(examples, rows: rows, columns: columns, lookup: lookup, historyLength: config.historyLength)
    let query = queryBlocks(ids, examples: examples)
    var x = candidateBlocks(ids, examples: examples, rows: rows)
    let (width, queryWidth, offset) = (layout.width, query.columns, layout.candidateWidth)
    for (b, local) in ids.requestOfRow.enumerated() {
      x.values.replaceSubrange(
        (b * width + offset)..<(b * width + offset + queryWidth),
        with: query.values[(local * queryWidth)..<((local + 1) * queryWidth)])
    }
    return Inputs(
      matrix: x, requestOfRow: ids.requestOfRow, candidateCategorical: ids.candidateCategorical,
      queryCategorical: ids.queryCategorical, history: ids.history)
  }

  /// `requests × (width − candidateWidth)`: the query-side blocks of each distinct request.
  private func queryBlocks(_ ids: GatheredIDs, examples: RankingExamples) -> Matrix {
    let queryWidth = layout.width - layout.candidateWidth
    let queryCount = QueryFeature.allCases.count
    var query = Matrix(rows: ids.requests.count, columns: queryWidth)
    for block in layout.blocks {
      let offset = block.offset - layout.candidateWidth
      switch block.content {
      case .categorical(let feature) where feature.isQuery:
        let embedded = tables[feature.space.rawValue].bagMean(Bags(single: ids.queryCategorical[feature.rawValue]))
        copy(embedded, into: &query, at: offset)
      case .history:
        copy(tables[IDSpace.videos.rawValue].bagMean(ids.history), into: &query, at: offset)
      case .query(let feature):
        let normalizer = space.queryNormalizers[feature.rawValue]
        for (local, r) in ids.requests.enumerated() {
          let raw = examples.queryValues[r * queryCount + feature.rawValue]
          writeContinuous(normalizer.normalize(raw), into: &query.values, at: local * queryWidth + offset)
        }
      case .categorical, .candidate:
        continue
      }
    }
    return query
  }

  /// `batch × width` with the candidate-side blocks written (the query part left zero).
  private func candidateBlocks(_ ids: GatheredIDs, examples: RankingExamples, rows: [Int]) -> Matrix {
    let width = layout.width
    let candidateCount = CandidateFeature.allCases.count
    var x = Matrix(rows: rows.count, columns: width)
    for block in layout.blocks {
      switch block.content {
      case .categorical(let feature) where !feature.isQuery:
        let embedded = tables[feature.space.rawValue].bagMean(Bags(single: ids.candidateCategorical[feature.rawValue]))
        copy(embedded, into: &x, at: block.offset)
      case .candidate(let feature):
        let normalizer = space.candidateNormalizers[feature.rawValue]
        for (b, i) in rows.enumerated() {
          let raw = examples.candidateValues[i * candidateCount + feature.rawValue]
          writeContinuous(normalizer.normalize(raw), into: &x.values, at: b * width + block.offset)
        }
      case .categorical, .history, .query:
        continue
      }
    }
    return x
  }

  /// Writes a normalised value and, with powers on, its square and square root after it.
  private func writeContinuous(_ normalized: Float, into values: inout [Float], at position: Int) {
    values[position] = normalized
    if config.powers {
      values[position + 1] = normalized * normalized
      values[position + 2] = normalized.squareRoot()
    }
  }

  /// Copies `block`'s rows into `x`'s columns from `offset`.
  private func copy(_ block: Matrix, into x: inout Matrix, at offset: Int) {
    let (width, blockWidth) = (x.columns, block.columns)
    for r in 0..<block.rows {
      x.values.replaceSubrange(
        (r * width + offset)..<(r * width + offset + blockWidth),
        with: block.values[(r * blockWidth)..<((r + 1) * blockWidth)])
    }
  }
}

/// The table rows a batch needs: the categorical features per row (candidate side) or per
/// distinct request (query side), and each request's history bag.
private struct GatheredIDs {
  var candidateCategorical = [[Int32]](repeating: [], count: CategoricalFeature.allCases.count)
  var queryCategorical = [[Int32]](repeating: [], count: CategoricalFeature.allCases.count)
  var history = Bags()
  /// Distinct request (0-based, in first-appearance order) of each row.
  var requestOfRow: [Int] = []
  /// The example request of each distinct request.
  var requests: [Int] = []

  init(
    _ examples: RankingExamples, rows: [Int], columns: EventColumns, lookup: RankingFeatureLookup,
    historyLength: Int
  ) {
    var localRequest: [Int32: Int] = [:]
    requestOfRow.reserveCapacity(rows.count)
    // The candidate side a feature at a time: each row's table row is a lookup or two into
    // catalogue-sized arrays (likely cache misses at a million videos), which a loop of nothing
    // else overlaps.
    for feature in CategoricalFeature.candidateSide {
      candidateCategorical[feature.rawValue] = rows.map { i in
        let r = Int(examples.request[i])
        return lookup.row(
          feature, video: examples.video[i], user: examples.requestUser[r], historyEnd: examples.requestHistoryEnd[r],
          columns: columns)
      }
    }
    for i in rows {
      let request = examples.request[i]
      let r = Int(request)
      let user = examples.requestUser[r]
      let end = examples.requestHistoryEnd[r]
      if let local = localRequest[request] {
        requestOfRow.append(local)
      } else {
        localRequest[request] = requests.count
        requestOfRow.append(requests.count)
        requests.append(r)
        for feature in CategoricalFeature.querySide {
          queryCategorical[feature.rawValue].append(
            lookup.row(feature, video: -1, user: user, historyEnd: end, columns: columns))
        }
        let start = max(columns.watches.range(ofUser: Int(user)).lowerBound, end - historyLength)
        history.append(columns.watches.video[start..<end].map { lookup.videoRow[Int($0)] })
      }
    }
  }
}
