import Foundation
import WorkspaceStore

/// Holdout figures of one scorer of impressions (Paper §4.3).
public struct RankingMetrics: Sendable, Codable, Equatable {
  /// The scorer's name.
  public var name: String
  /// Mispredicted watch time over total watch time across the held-out page pairs (lower is better).
  public var weightedPerUserLoss: Double
  /// Area under the ROC curve of clicked against unclicked impressions.
  public var auc: Double
  /// Mean predicted watch seconds per impression, `exp(z)` (nil for scorers that do not predict it).
  public var meanPredictedWatchSeconds: Double?
  /// Mean observed watch seconds per impression.
  public var meanObservedWatchSeconds: Double
  /// Clicked and unclicked pairs on the same page scored.
  public var pairs: Int

  /// Predicted over observed mean watch time (1 is perfectly calibrated).
  public var calibrationRatio: Double? {
    meanPredictedWatchSeconds.map { meanObservedWatchSeconds > 0 ? $0 / meanObservedWatchSeconds : .nan }
  }
}

/// One bucket of a calibration table.
public struct CalibrationBucket: Sendable, Codable, Equatable {
  /// Bucket number, from 1 (lowest predictions).
  public var bucket: Int
  /// Impressions in the bucket.
  public var impressions: Int
  /// Mean `exp(z)`.
  public var meanPredicted: Double
  /// Mean observed watch seconds.
  public var meanObserved: Double
}

/// The ranking metrics of Paper §4.3.
public enum RankingEvaluation {
  /// Metrics of `scores` (one per candidate of `examples`; higher is better). When
  /// `predictsWatchTime`, the scores are logits whose `exp` is the expected watch time.
  ///
  /// The weighted per-user loss: for every page, every pair of a clicked and an unclicked
  /// impression counts the clicked one's watch time; if the unclicked one scores higher it is
  /// mispredicted (a tie counts half).
  /// - Complexity: O(n log n) for the AUC, plus O(clicked × unclicked) per page.
  public static func metrics(
    name: String, scores: [Float], examples: RankingExamples, predictsWatchTime: Bool
  ) -> RankingMetrics {
    precondition(scores.count == examples.count, "one score per candidate")
    var mispredicted = 0.0
    var total = 0.0
    var pairs = 0
    for range in examples.candidateRanges() {
      for c in range where examples.clicked[c] {
        let watch = Double(examples.watchSeconds[c])
        for n in range where !examples.clicked[n] {
          pairs += 1
          total += watch
          if scores[n] > scores[c] {
            mispredicted += watch
          } else if scores[n] == scores[c] {
            mispredicted += watch / 2
          }
        }
      }
    }
    let observed = examples.watchSeconds.reduce(0.0) { $0 + Double($1) } / Double(max(examples.count, 1))
    let predicted =
      predictsWatchTime ? scores.reduce(0.0) { $0 + exp(Double($1)) } / Double(max(scores.count, 1)) : nil
    return RankingMetrics(
      name: name, weightedPerUserLoss: total > 0 ? mispredicted / total : 0,
      auc: auc(scores: scores, positives: examples.clicked), meanPredictedWatchSeconds: predicted,
      meanObservedWatchSeconds: observed, pairs: pairs)
  }

  /// The area under the ROC curve by the rank-sum formula, ties at their mean rank.
  public static func auc(scores: [Float], positives: [Bool]) -> Double {
    let order = scores.indices.sorted { scores[$0] < scores[$1] }
    var rankSum = 0.0
    var i = 0
    while i < order.count {
      var j = i
      while j + 1 < order.count, scores[order[j + 1]] == scores[order[i]] { j += 1 }
      let meanRank = Double(i + j) / 2 + 1
      for k in i...j where positives[order[k]] { rankSum += meanRank }
      i = j + 1
    }
    let p = Double(positives.filter { $0 }.count)
    let n = Double(positives.count) - p
    guard p > 0, n > 0 else { return .nan }
    return (rankSum - p * (p + 1) / 2) / (p * n)
  }

  /// Calibration by `buckets` equal-count buckets of predicted watch time.
  public static func calibration(logits: [Float], examples: RankingExamples, buckets: Int = 10)
    -> [CalibrationBucket]
  {
    let order = logits.indices.sorted { logits[$0] < logits[$1] }
    guard !order.isEmpty else { return [] }
    return (0..<buckets).compactMap { b in
      let slice = order[(b * order.count / buckets)..<((b + 1) * order.count / buckets)]
      guard !slice.isEmpty else { return nil }
      let predicted = slice.reduce(0.0) { $0 + exp(Double(logits[$1])) } / Double(slice.count)
      let observed = slice.reduce(0.0) { $0 + Double(examples.watchSeconds[$1]) } / Double(slice.count)
      return CalibrationBucket(
        bucket: b + 1, impressions: slice.count, meanPredicted: predicted, meanObserved: observed)
    }
  }
}

extension RankingModel {
  /// The logit of every candidate of `examples`, in blocks.
  ///
  /// - Complexity: O(candidates × parameters).
  public func logits(_ examples: RankingExamples, columns: EventColumns, lookup: RankingFeatureLookup) -> [Float] {
    var result: [Float] = []
    result.reserveCapacity(examples.count)
    var start = 0
    while start < examples.count {
      let rows = start..<min(start + 4096, examples.count)
      result.append(contentsOf: logits(inputs(examples, rows: rows, columns: columns, lookup: lookup).matrix))
      start = rows.upperBound
    }
    return result
  }
}
