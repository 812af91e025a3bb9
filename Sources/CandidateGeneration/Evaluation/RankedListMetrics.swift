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
}

/// Computes recall@K, HR@K, MAP@K and NDCG@K of ranked lists against targets.
public enum RankedListMetrics {
  /// The paper-style cut-offs reported everywhere.
  public static let standardKs = [10, 50, 100, 500]

  /// Metrics of `lists[i]` (best first) against `relevant[i]`, at each K.
  ///
  /// - Complexity: O(Σ list lengths).
  public static func evaluate(lists: [[Int32]], relevant: [[Int32]], ks: [Int] = standardKs) -> [MetricsAtK] {
    precondition(lists.count == relevant.count, "one list per target")
    let n = Double(max(lists.count, 1))
    return ks.map { k in
      var recall = 0.0
      var hits = 0.0
      var map = 0.0
      var ndcg = 0.0
      for (list, targets) in zip(lists, relevant) where !targets.isEmpty {
        let wanted = Set(targets)
        var found = 0
        var precisionSum = 0.0
        var dcg = 0.0
        for (rank, item) in list.prefix(k).enumerated() where wanted.contains(item) {
          found += 1
          precisionSum += Double(found) / Double(rank + 1)
          dcg += 1 / log2(Double(rank + 2))
        }
        let ideal = (0..<min(wanted.count, k)).reduce(0.0) { $0 + 1 / log2(Double($1 + 2)) }
        recall += Double(found) / Double(wanted.count)
        hits += found > 0 ? 1 : 0
        map += precisionSum / Double(min(wanted.count, k))
        ndcg += ideal > 0 ? dcg / ideal : 0
      }
      return MetricsAtK(k: k, recall: recall / n, hitRate: hits / n, map: map / n, ndcg: ndcg / n)
    }
  }
}
