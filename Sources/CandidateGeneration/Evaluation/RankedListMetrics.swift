import Foundation

/// Offline retrieval metrics at one cut-off K, averaged over targets.
public struct MetricsAtK: Sendable, Codable, Equatable {
  /// The cut-off.
  public var k: Int
  /// Share of target videos found in the top K (per target, then averaged).
  public var recall: Double
  /// Share of targets with at least one target video in the top K.
  public var hitRate: Double
  /// Mean average precision at K.
  public var map: Double
  /// Normalised discounted cumulative gain at K.
  public var ndcg: Double

  /// Metrics at one cut-off.
  public init(k: Int, recall: Double, hitRate: Double, map: Double, ndcg: Double) {
    self.k = k
    self.recall = recall
    self.hitRate = hitRate
    self.map = map
    self.ndcg = ndcg
  }
}

/// One target's figures at one cut-off K (``MetricsAtK`` averages them over targets).
public struct TargetFigures: Sendable, Equatable {
  /// Share of the target's videos in the top K.
  public var recall: Double
  /// 1 when a target video is in the top K, else 0.
  public var hit: Double
  /// Average precision at K.
  public var averagePrecision: Double
  /// Normalised discounted cumulative gain at K.
  public var ndcg: Double
}

/// Computes recall@K, HR@K, MAP@K and NDCG@K of ranked lists against targets.
public enum RankedListMetrics {
  /// The paper-style cut-offs reported everywhere.
  public static let standardKs = [10, 50, 100, 500]

  /// The figures of one ranked list (best first) against one target's videos at cut-off `k`;
  /// all zero for a target without videos.
  /// - Complexity: O(k + target videos).
  public static func figures(list: [Int32], relevant: [Int32], k: Int) -> TargetFigures {
    guard !relevant.isEmpty else { return TargetFigures(recall: 0, hit: 0, averagePrecision: 0, ndcg: 0) }
    let wanted = Set(relevant)
    var found = 0
    var precisionSum = 0.0
    var dcg = 0.0
    for (rank, item) in list.prefix(k).enumerated() where wanted.contains(item) {
      found += 1
      precisionSum += Double(found) / Double(rank + 1)
      dcg += 1 / log2(Double(rank + 2))
    }
    let ideal = (0..<min(wanted.count, k)).reduce(0.0) { $0 + 1 / log2(Double($1 + 2)) }
    return TargetFigures(
      recall: Double(found) / Double(wanted.count), hit: found > 0 ? 1 : 0,
      averagePrecision: precisionSum / Double(min(wanted.count, k)), ndcg: ideal > 0 ? dcg / ideal : 0)
  }

  /// Each target's figures at cut-off `k`: `lists[i]` (best first) against `relevant[i]`.
  /// - Complexity: O(Σ list lengths).
  public static func figures(lists: [[Int32]], relevant: [[Int32]], k: Int) -> [TargetFigures] {
    precondition(lists.count == relevant.count, "one list per target")
    return zip(lists, relevant).map { figures(list: $0, relevant: $1, k: k) }
  }

  /// The mean of per-target figures at cut-off `k`, over every target (none: all zero).
  public static func mean(_ figures: [TargetFigures], k: Int) -> MetricsAtK {
    let n = Double(max(figures.count, 1))
    var sum = TargetFigures(recall: 0, hit: 0, averagePrecision: 0, ndcg: 0)
    for f in figures {
      sum.recall += f.recall
      sum.hit += f.hit
      sum.averagePrecision += f.averagePrecision
      sum.ndcg += f.ndcg
    }
    return MetricsAtK(
      k: k, recall: sum.recall / n, hitRate: sum.hit / n, map: sum.averagePrecision / n, ndcg: sum.ndcg / n)
  }

  /// Metrics of `lists[i]` (best first) against `relevant[i]`, at each K, averaged over all
  /// targets (a target without videos counts as zero).
  ///
  /// - Complexity: O(Σ list lengths).
  public static func evaluate(lists: [[Int32]], relevant: [[Int32]], ks: [Int] = standardKs) -> [MetricsAtK] {
    ks.map { k in mean(figures(lists: lists, relevant: relevant, k: k), k: k) }
  }
}
