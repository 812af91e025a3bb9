import NeuralCore
import WorkspaceStore

/// Item-based k-nearest neighbours: cosine similarity of videos by the users who watched both
/// in training; a user's score for a video is the sum of its similarities to the history.
public struct ItemKNNBaseline: CandidateScorer {
  /// A short name for tables.
  public let name = "item-kNN"
  private let neighbours: [[(video: Int32, similarity: Float)]]
  private let popularity: PopularityBaseline
  private let columns: EventColumns
  private let historyLength: Int

  /// Builds the top `k` neighbours of every video from the training watches.
  ///
  /// - Parameters:
  ///   - historyLength: how many of the user's latest watches vote at serving.
  /// - Complexity: O(Σ_users (distinct watches)²) to count co-occurrences.
  public init(columns: EventColumns, split: EvaluationSplit, k: Int = 100, historyLength: Int = 50) {
    let n = columns.videos.count
    var counts = [Int](repeating: 0, count: n)
    var pairs = [[Int32: Int]](repeating: [:], count: n)
    for u in 0..<columns.users.count {
      let start = columns.watches.userOffsets[u]
      let items = Array(Set(columns.watches.video[start..<split.trainingEnd[u]]))
      for a in items {
        counts[Int(a)] += 1
        for b in items where b != a { pairs[Int(a)][b, default: 0] += 1 }
      }
    }
    neighbours = (0..<n).map { a in
      pairs[a].map { b, c in (b, Float(Double(c) / (Double(counts[a]) * Double(counts[Int(b)])).squareRoot())) }
        .sorted { ($0.1, -$0.0) > ($1.1, -$1.0) }.prefix(k).map { (video: $0.0, similarity: $0.1) }
    }
    popularity = PopularityBaseline(columns: columns, split: split, name: "popular")
    self.columns = columns
    self.historyLength = historyLength
  }

  /// Videos by summed similarity to the recent history, then popular ones.
  public func recommend(_ targets: [PredictionTarget], k: Int, excludeHistory: Bool) -> [[Int32]] {
    let fallback = popularity.recommend(targets, k: k, excludeHistory: excludeHistory)
    return zip(targets, fallback).map { target, popular in
      let start = max(columns.watches.userOffsets[Int(target.user)], target.historyEnd - historyLength)
      var scores: [Int32: Float] = [:]
      for i in start..<target.historyEnd {
        for (video, similarity) in neighbours[Int(columns.watches.video[i])] { scores[video, default: 0] += similarity }
      }
      let seen = excludeHistory ? target.historyVideos(in: columns) : []
      return RankedFill.top(scores, k: k, excluding: seen, thenFrom: popular)
    }
  }
}

/// Matrix factorisation trained with Bayesian personalised ranking (Rendle et al. 2009):
/// a user factor and a video factor whose inner product ranks watched videos above others.
public struct BPRMatrixFactorization: CandidateScorer {
  /// A short name for tables.
  public let name = "MF (BPR)"
  private let userFactors: Matrix
  private let videoFactors: Matrix
  private let videoBias: [Float]
  private let columns: EventColumns

  /// Trains on the training watches by stochastic gradient steps on sampled (user, watched, other) triples.
  public init(
    columns: EventColumns, split: EvaluationSplit, dimension: Int = 64, epochs: Int = 30, learningRate: Float = 0.05,
    regularization: Float = 0.005, seed: UInt64 = 7
  ) {
    var random = SeededGenerator(seed: seed)
    let (users, videos) = (columns.users.count, columns.videos.count)
    var p = Matrix(rows: users, columns: dimension)
    var q = Matrix(rows: videos, columns: dimension)
    for i in 0..<p.count { p.values[i] = Float(random.nextGaussian() * 0.1) }
    for i in 0..<q.count { q.values[i] = Float(random.nextGaussian() * 0.1) }
    var bias = [Float](repeating: 0, count: videos)
    var positives: [(Int, Int)] = []
    var watched = [Set<Int32>](repeating: [], count: users)
    for u in 0..<users {
      for i in columns.watches.userOffsets[u]..<split.trainingEnd[u] {
        positives.append((u, Int(columns.watches.video[i])))
        watched[u].insert(columns.watches.video[i])
      }
    }
    let d = dimension
    for _ in 0..<epochs {
      for _ in 0..<positives.count {
        let (u, i) = positives[Int(random.next() % UInt64(positives.count))]
        var j = Int(random.next() % UInt64(videos))
        while watched[u].contains(Int32(j)) && watched[u].count < videos { j = Int(random.next() % UInt64(videos)) }
        var x = bias[i] - bias[j]
        for f in 0..<d { x += p.values[u * d + f] * (q.values[i * d + f] - q.values[j * d + f]) }
        let g = 1 / (1 + exp(x))  // d log σ(x) / dx
        bias[i] += learningRate * (g - regularization * bias[i])
        bias[j] += learningRate * (-g - regularization * bias[j])
        for f in 0..<d {
          let (pu, qi, qj) = (p.values[u * d + f], q.values[i * d + f], q.values[j * d + f])
          p.values[u * d + f] += learningRate * (g * (qi - qj) - regularization * pu)
          q.values[i * d + f] += learningRate * (g * pu - regularization * qi)
          q.values[j * d + f] += learningRate * (-g * pu - regularization * qj)
        }
      }
    }
    userFactors = p
    videoFactors = q
    videoBias = bias
    self.columns = columns
  }

  /// Videos by `p_u · q_i + b_i`.
  public func recommend(_ targets: [PredictionTarget], k: Int, excludeHistory: Bool) -> [[Int32]] {
    let users = userFactors.gatherRows(targets.map(\.user))
    let scores = BLAS.product(users, videoFactors, transposeB: true)
    return targets.enumerated().map { row, target in
      let seen = excludeHistory ? target.historyVideos(in: columns) : []
      var line = Array(scores.row(row))
      for v in line.indices { line[v] += videoBias[v] }
      return TopK.select(line, k: k, excluded: seen)
    }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
