import NeuralCore
import WorkspaceStore

/// Why a candidate was retrieved: the user vector's difference from an anonymous user's, split
/// exactly over the inputs of the user tower (each history watch, each search token, each
/// demographic input, example age), so that for any video embedding `v`
/// `Σ_i reason_i · v = u · v − u₀ · v`.
///
/// **Baseline** `u₀`: the tower's output for an anonymous new user at serving time: no watches,
/// no searches, no region or device row (the zero rows an unknown region or device gets),
/// gender and age at their "unknown" values (0.5 and 0.35), logged out, example age 0.
///
/// **Method** (DeepLIFT's rescale rule, as ``GroupContributions`` uses for the ranking network):
/// between the ReLUs the tower is linear, and each ReLU is replaced by the slope of the secant
/// between its baseline and actual pre-activations. Then `u − u₀ = P (x − x₀)` exactly, with
/// `P` the product of the layers' weights and those slopes (`dimension(u) × input width`). A bag
/// input is a weighted mean of embedding rows, `x_bag = Σ_t α_t e_t` (α = 1/n for the mean bag,
/// the learned recency weights for the recency bag), so each watch's share `P α_t e_t` and the
/// shares sum to the bag's. The attention encoder is causal: row `t` of one pass over the
/// sequence is the output for the history that ends at watch `t`. Position `t`'s share is
/// `P (h_t − h_{t−1})`, the change of the encoder's output when watch `t` joins the earlier ones
/// (`h_{−1} = 0`, the empty history's block), so the positions' shares telescope to the history
/// block's `P (h − h₀)`: exact, and ordered by time (a watch is credited with what it added to
/// the watches before it, not to those after it).
///
/// Cost: one tower pass for the user and one for the baseline, `P` in one small GEMM per layer,
/// then one vector per input (O(inputs × dimension(u) × input width), under a millisecond for
/// 50 watches); each candidate's contributions are then one dot product per reason.
public struct RetrievalReasons: Sendable {
  /// What an input is.
  public enum Input: Sendable, Equatable, Hashable {
    /// A watched video (workspace video index); a video watched several times is one input.
    case watch(video: Int32)
    /// The whole watch history, when the encoder is attention.
    case watchHistory
    /// A search token (unigram or bigram).
    case searchToken(String)
    /// The user's region.
    case region(String)
    /// The user's device.
    case device(String)
    /// Gender (as the model reads it: 1 female, 0 male, 0.5 unknown).
    case gender
    /// Age.
    case age
    /// Logged-in state.
    case loggedIn
    /// The example's age (0 at serving, so it never contributes to a served list).
    case exampleAge
  }

  /// One input and its share of `u − u₀`.
  public struct Reason: Sendable, Equatable {
    /// The input.
    public var input: Input
    /// Its share of `u − u₀` (a vector of `u`'s dimension).
    public var vector: [Float]
    /// How many times the input occurs (watches of the same video, repeats of a token).
    public var occurrences: Int

    /// A reason.
    public init(input: Input, vector: [Float], occurrences: Int) {
      self.input = input
      self.vector = vector
      self.occurrences = occurrences
    }
  }

  /// The inputs with their shares, in input order (history oldest first, then searches,
  /// demographics, example age).
  public var reasons: [Reason]
  /// The user vector `u`.
  public var userVector: [Float]
  /// The anonymous user's vector `u₀`.
  public var baselineVector: [Float]

  /// Reasons whose vectors sum to `userVector − baselineVector` (the engine's come from
  /// ``BoundCandidateModel/retrievalReasons(_:)``; tests and fakes make their own).
  public init(reasons: [Reason], userVector: [Float], baselineVector: [Float]) {
    self.reasons = reasons
    self.userVector = userVector
    self.baselineVector = baselineVector
  }

  /// Each reason's contribution to `u · v − u₀ · v`, in ``reasons`` order.
  ///
  /// - Complexity: O(reasons × dimension): about a microsecond per 20 reasons of 64 dimensions.
  public func contributions(to v: ArraySlice<Float>) -> [Float] {
    precondition(v.count == userVector.count, "a video embedding of \(v.count) for u of \(userVector.count)")
    return reasons.map { Self.dot($0.vector, v) }
  }

  /// `u₀ · v`: what the anonymous user would score `v`.
  public func baselineScore(_ v: ArraySlice<Float>) -> Float { Self.dot(baselineVector, v) }

  /// `u · v`.
  public func score(_ v: ArraySlice<Float>) -> Float { Self.dot(userVector, v) }

  /// A plain loop (a generic `zip`/`reduce` across modules runs unspecialised, 100 times slower).
  static func dot(_ a: [Float], _ b: ArraySlice<Float>) -> Float {
    var sum: Float = 0
    var j = b.startIndex
    for i in a.indices where j < b.endIndex {
      sum += a[i] * b[j]
      j += 1
    }
    return sum
  }
}

extension BoundCandidateModel {
  /// Why each candidate of `target` is retrieved: see ``RetrievalReasons``. Serve with
  /// ``RetrievalReasons/contributions(to:)`` and the candidate's row of the video embeddings.
  ///
  /// - Complexity: two passes through the tower for one user, and O(inputs × parameters of the
  ///   first layer) for the reasons' vectors.
  public func retrievalReasons(_ target: PredictionTarget) -> RetrievalReasons {
    let query = CandidateQuery(
      user: target.user, historyEnd: target.historyEnd, time: target.time, exampleAge: 0, label: -1)
    let batch = CandidateBatch(queries: [query], columns: columns, lookup: lookup, config: model.config)
    let pass = model.forward(batch)
    let x = pass.activations[0]
    let layout = CandidateInputLayout(config: model.config, space: space)
    var reference = Matrix(rows: 1, columns: x.columns)
    for (name, value) in [("gender", Float(0.5)), ("age", 0.35)] {
      if let block = layout.blocks.first(where: { $0.name == name }) { reference.values[block.offset] = value }
    }
    let shares = model.rescaledJacobian(input: x, reference: reference)
    var reasons: [RetrievalReasons.Reason] = []
    for block in layout.blocks {
      for (input, weight, occurrences) in inputs(of: block, batch: batch, input: x, reference: reference) {
        var vector = [Float](repeating: 0, count: shares.rows)
        for (c, w) in zip(block.offset..<(block.offset + block.width), weight) where w != 0 {
          for k in 0..<shares.rows { vector[k] += shares[k, c] * w }
        }
        reasons.append(.init(input: input, vector: vector, occurrences: occurrences))
      }
    }
    return RetrievalReasons(
      reasons: reasons, userVector: Array(pass.userVectors.row(0)),
      baselineVector: Array(model.forward(input: reference).row(0)))
  }

  /// A block's inputs, each with its share of `x − x₀` over the block's columns.
  private func inputs(
    of block: CandidateInputLayout.Block, batch: CandidateBatch, input x: Matrix, reference: Matrix
  ) -> [(RetrievalReasons.Input, [Float], Int)] {
    let columnsOfBlock = block.offset..<(block.offset + block.width)
    let whole = columnsOfBlock.map { x.values[$0] - reference.values[$0] }
    switch block.name {
    case "watches" where model.config.historyEncoder == .attention:
      guard let (ids, shares) = attentionPositionShares(batch) else {
        return [(.watchHistory, whole, batch.sequences.count > 0 ? batch.sequences[0].count : 0)]
      }
      return rows(ids, shares: shares) { .watch(video: lookup.videoOfClass[Int($0)]) }
    case "watches":
      let bag = Array(batch.watches[0])
      let alpha =
        model.config.historyEncoder == .recency
        ? RecencyBag.weights(count: bag.count, logits: model.recencyLogits)
        : [Float](repeating: 1 / Float(max(bag.count, 1)), count: bag.count)
      return rows(bag, weights: alpha, table: model.watchTable) { .watch(video: lookup.videoOfClass[Int($0)]) }
    case "recentWatches":
      let bag = Array(batch.recent[0])
      let alpha = [Float](repeating: 1 / Float(max(bag.count, 1)), count: bag.count)
      return rows(bag, weights: alpha, table: model.watchTable) { .watch(video: lookup.videoOfClass[Int($0)]) }
    case "searches":
      let bag = Array(batch.tokens[0])
      let alpha = [Float](repeating: 1 / Float(max(bag.count, 1)), count: bag.count)
      return rows(bag, weights: alpha, table: model.tokenTable) { .searchToken(space.tokens.keys[Int($0)]) }
    case "region":
      let row = batch.regions[0].first ?? -1
      return row >= 0 ? [(.region(space.regions[Int(row)]), whole, 1)] : []
    case "device":
      let row = batch.devices[0].first ?? -1
      return row >= 0 ? [(.device(space.devices[Int(row)]), whole, 1)] : []
    case "gender": return [(.gender, whole, 1)]
    case "age": return [(.age, whole, 1)]
    case "loggedIn": return [(.loggedIn, whole, 1)]
    case "exampleAge": return [(.exampleAge, whole, 1)]
    default: return [(.watchHistory, whole, 1)]
    }
  }

  /// One input per distinct ID of a weighted bag: `Σ_t α_t e_t` over the ID's positions (the
  /// bag's baseline is the zero row, so the shares sum to the bag's `x − x₀`).
  private func rows(
    _ bag: [Int32], weights alpha: [Float], table: EmbeddingTable, input: (Int32) -> RetrievalReasons.Input
  ) -> [(RetrievalReasons.Input, [Float], Int)] {
    let d = table.dimension
    var shares = Matrix(rows: bag.count, columns: d)
    for (t, id) in bag.enumerated() where id >= 0 {
      for c in 0..<d { shares.values[t * d + c] = alpha[t] * table.table.values[Int(id) * d + c] }
    }
    return rows(bag, shares: shares, input: input)
  }

  /// One input per distinct ID of a sequence whose position `t` has the share `shares` row `t`:
  /// an ID at several positions gets the sum of their shares.
  private func rows(_ ids: [Int32], shares: Matrix, input: (Int32) -> RetrievalReasons.Input) -> [(
    RetrievalReasons.Input, [Float], Int
  )] {
    var order: [Int32] = []
    var share: [Int32: (vector: [Float], count: Int)] = [:]
    let d = shares.columns
    for (t, id) in ids.enumerated() where id >= 0 {
      if share[id] == nil {
        order.append(id)
        share[id] = ([Float](repeating: 0, count: d), 0)
      }
      for c in 0..<d { share[id]?.vector[c] += shares.values[t * d + c] }
      share[id]?.count += 1
    }
    return order.compactMap { id in share[id].map { (input(id), $0.vector, $0.count) } }
  }

  /// The attention encoder's history block of `batch`'s first query split over the positions of
  /// its sequence (oldest first): row `t` is `h_t − h_{t−1}`, from one causal pass (`h_{−1} = 0`),
  /// so the rows sum to the block. No rows for an empty history; nil without an encoder.
  func attentionPositionShares(_ batch: CandidateBatch) -> (ids: [Int32], shares: Matrix)? {
    guard let encoder = model.encoder, batch.sequences.count > 0 else { return nil }
    let ids = Array(batch.sequences[0])
    guard !ids.isEmpty else { return ([], Matrix(rows: 0, columns: encoder.width)) }
    let (output, _) = encoder.forward(Bags([ids]), table: model.watchTable, dropoutSeed: nil)
    let d = output.columns
    var shares = output
    for t in stride(from: ids.count - 1, to: 0, by: -1) {
      for c in 0..<d { shares.values[t * d + c] -= output.values[(t - 1) * d + c] }
    }
    return (ids, shares)
  }
}

extension CandidateModel {
  /// The tower's output for given concatenated inputs (no encoder: the input is already built).
  func forward(input x: Matrix) -> Matrix {
    var a = x
    for (i, layer) in tower.enumerated() {
      let z = layer.forward(a)
      a = isLinear(i) ? z : ReLU.forward(z)
    }
    return a
  }

  /// `P` with `u(x) − u(x₀) = P (x − x₀)` exactly: the layers' weights with each ReLU replaced by
  /// the secant slope between its pre-activations at `reference` and at `input` (one row each).
  /// `dimension(u) × input width`.
  func rescaledJacobian(input x: Matrix, reference: Matrix) -> Matrix {
    var pre: [[Float]] = []
    var referencePre: [[Float]] = []
    var a = x
    var r = reference
    for (i, layer) in tower.enumerated() {
      let z = layer.forward(a)
      let zr = layer.forward(r)
      pre.append(z.values)
      referencePre.append(zr.values)
      a = isLinear(i) ? z : ReLU.forward(z)
      r = isLinear(i) ? zr : ReLU.forward(zr)
    }
    let outputs = tower.last?.weights.columns ?? x.columns
    var p = Matrix(rows: outputs, columns: outputs)
    for k in 0..<outputs { p[k, k] = 1 }
    for i in tower.indices.reversed() {
      if !isLinear(i) {
        for c in 0..<p.columns {
          let delta = pre[i][c] - referencePre[i][c]
          let slope: Float =
            abs(delta) > 1e-6 ? (max(pre[i][c], 0) - max(referencePre[i][c], 0)) / delta : (pre[i][c] > 0 ? 1 : 0)
          for k in 0..<p.rows { p[k, c] *= slope }
        }
      }
      p = BLAS.product(p, tower[i].weights, transposeB: true)
    }
    return p
  }
}
