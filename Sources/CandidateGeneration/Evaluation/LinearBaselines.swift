import NeuralCore
import WorkspaceStore

/// EASE (Steck 2019): the closed-form item-item linear model `B = I − P · diag(1 / diag(P))`
/// with `P = (XᵀX + λI)⁻¹` over the binary user × video matrix of training watches, `B_ii = 0`;
/// a user's scores are the sum of `B`'s rows over their distinct history. Dense in videos, so it
/// is built only for catalogues up to ``largestCatalogue``.
public struct EASEBaseline: CandidateScorer {
  /// A short name for tables, with the regularisation.
  public let name: String
  private let weights: Matrix
  private let columns: EventColumns

  /// The largest catalogue EASE is built for (its `n × n` matrix is 400 MB at 10,000 videos).
  public static let largestCatalogue = 10_000

  /// Fits on the training watches with regularisation `lambda`.
  ///
  /// - Complexity: O(Σ_users distinct² + videos³).
  public init(columns: EventColumns, split: EvaluationSplit, lambda: Float) throws(LAPACK.NotPositiveDefinite) {
    let n = columns.videos.count
    var gram = Matrix(rows: n, columns: n)
    for u in 0..<columns.users.count {
      let items = Array(Set(columns.watches.video[columns.watches.userOffsets[u]..<split.trainingEnd[u]])).map(Int.init)
      for a in items {
        for b in items { gram.values[a * n + b] += 1 }
      }
    }
    for i in 0..<n { gram.values[i * n + i] += lambda }
    try LAPACK.invertPositiveDefinite(&gram)
    // B = −P / diag(P) column-wise with a zero diagonal, in place (one n × n matrix, not two).
    let diagonal = (0..<n).map { gram.values[$0 * n + $0] }
    for i in 0..<n {
      for j in 0..<n { gram.values[i * n + j] = i == j ? 0 : -gram.values[i * n + j] / diagonal[j] }
    }
    weights = gram
    self.columns = columns
    name = "EASE (λ \(Int(lambda)))"
  }

  /// EASE with `lambda` chosen on the validation targets (NDCG@10) from a small grid; `nil` when the
  /// catalogue is too large or no fit succeeds.
  public static func tuned(
    columns: EventColumns, split: EvaluationSplit, grid: [Float] = [50, 100, 200, 500, 1_000]
  ) -> EASEBaseline? {
    guard columns.videos.count <= largestCatalogue else { return nil }
    let fits = grid.compactMap { lambda in try? EASEBaseline(columns: columns, split: split, lambda: lambda) }
    return ValidationChoice.best(fits, on: split)
  }

  /// Videos by summed weights from the distinct history.
  public func recommend(_ targets: [PredictionTarget], k: Int, excludeHistory: Bool) -> [[Int32]] {
    let n = weights.columns
    return targets.map { target in
      let history = target.historyVideos(in: columns)
      var scores = [Float](repeating: 0, count: n)
      for item in history {
        let row = Int(item) * n
        for j in 0..<n { scores[j] += weights.values[row + j] }
      }
      return TopK.select(scores, k: k, excluded: excludeHistory ? history : [])
    }
  }
}

/// Implicit-feedback alternating least squares (Hu, Koren & Volinsky 2008): binary preferences
/// with confidence `1 + α` on watched pairs, video factors fitted on the training watches, and a
/// target's user factor solved from its own visible history at serving (fold-in), so that a
/// held-out watch moved into the history counts the way it does for every other model.
public struct ImplicitALSBaseline: CandidateScorer {
  /// A short name for tables, with the confidence weight.
  public let name: String
  private let videoFactors: Matrix
  private let gram: [Float]
  private let alpha: Float
  private let regularization: Float
  private let columns: EventColumns

  /// Fits `factors`-dimensional factors in `iterations` alternations.
  ///
  /// - Complexity: O(iterations × (watches × factors² + (users + videos) × factors³)).
  public init(
    columns: EventColumns, split: EvaluationSplit, factors: Int = 32, alpha: Float, regularization: Float = 0.1,
    iterations: Int = 15, seed: UInt64 = 11
  ) {
    var random = SeededGenerator(seed: seed)
    let (users, videos) = (columns.users.count, columns.videos.count)
    var byUser = [[Int32]](repeating: [], count: users)
    var byVideo = [[Int32]](repeating: [], count: videos)
    for u in 0..<users {
      for v in Set(columns.watches.video[columns.watches.userOffsets[u]..<split.trainingEnd[u]]) {
        byUser[u].append(v)
        byVideo[Int(v)].append(Int32(u))
      }
    }
    var x = Matrix(rows: users, columns: factors)
    var y = Matrix(rows: videos, columns: factors)
    for i in 0..<y.count { y.values[i] = Float(random.nextGaussian() * 0.01) }
    for _ in 0..<iterations {
      Self.solveAll(&x, lists: byUser, fixed: y, alpha: alpha, regularization: regularization)
      Self.solveAll(&y, lists: byVideo, fixed: x, alpha: alpha, regularization: regularization)
    }
    videoFactors = y
    gram = BLAS.product(y, y, transposeA: true).values
    self.alpha = alpha
    self.regularization = regularization
    self.columns = columns
    name = "ALS (\(factors) factors, α \(Int(alpha)))"
  }

  /// ALS with `alpha` chosen on the validation targets (NDCG@10) from a small grid.
  public static func tuned(columns: EventColumns, split: EvaluationSplit, grid: [Float] = [1, 5, 20, 50])
    -> ImplicitALSBaseline?
  {
    ValidationChoice.best(grid.map { ImplicitALSBaseline(columns: columns, split: split, alpha: $0) }, on: split)
  }

  /// Each row of `solved` from the rows of `fixed` it is paired with: `(FᵀF + α Σ f fᵀ + λI)⁻¹ (1 + α) Σ f`.
  static func solveAll(_ solved: inout Matrix, lists: [[Int32]], fixed: Matrix, alpha: Float, regularization: Float) {
    let gram = BLAS.product(fixed, fixed, transposeA: true).values
    let f = fixed.columns
    for r in 0..<lists.count {
      let row = solveOne(lists[r], fixed: fixed, gram: gram, alpha: alpha, regularization: regularization)
      for c in 0..<f { solved.values[r * f + c] = row[c] }
    }
  }

  static func solveOne(_ list: [Int32], fixed: Matrix, gram: [Float], alpha: Float, regularization: Float) -> [Float] {
    let f = fixed.columns
    guard !list.isEmpty else { return [Float](repeating: 0, count: f) }
    var a = gram
    var b = [Float](repeating: 0, count: f)
    for item in list {
      let base = Int(item) * f
      for i in 0..<f {
        let yi = fixed.values[base + i]
        b[i] += (1 + alpha) * yi
        for j in 0..<f { a[i * f + j] += alpha * yi * fixed.values[base + j] }
      }
    }
    for i in 0..<f { a[i * f + i] += regularization }
    do { try LAPACK.solvePositiveDefinite(&a, &b, n: f) } catch { return [Float](repeating: 0, count: f) }
    return b
  }

  /// Videos by the folded-in user factor's inner products.
  public func recommend(_ targets: [PredictionTarget], k: Int, excludeHistory: Bool) -> [[Int32]] {
    let f = videoFactors.columns
    let histories = targets.map { $0.historyVideos(in: columns) }
    var users = Matrix(rows: targets.count, columns: f)
    for (r, history) in histories.enumerated() {
      let row = Self.solveOne(
        Array(history), fixed: videoFactors, gram: gram, alpha: alpha, regularization: regularization)
      for c in 0..<f { users.values[r * f + c] = row[c] }
    }
    let scores = BLAS.product(users, videoFactors, transposeB: true)
    return histories.enumerated().map { r, history in
      TopK.select(Array(scores.row(r)), k: k, excluded: excludeHistory ? history : [])
    }
  }
}

/// Picks the scorer with the best NDCG@10 on a split's validation targets.
enum ValidationChoice {
  static func best<S: CandidateScorer>(_ scorers: [S], on split: EvaluationSplit) -> S? {
    let targets = Array(split.validation.prefix(2_000))
    var best: (scorer: S, ndcg: Double)?
    for scorer in scorers {
      let lists = scorer.recommend(targets, k: 10, excludeHistory: true)
      let ndcg = RankedListMetrics.evaluate(lists: lists, relevant: targets.map(\.videos), ks: [10]).first?.ndcg ?? 0
      if best == nil || ndcg > (best?.ndcg ?? 0) { best = (scorer, ndcg) }
    }
    return best?.scorer
  }
}
