import Foundation
import NeuralCore
import WorkspaceStore

/// One scorer's metrics on the test targets.
public struct ScorerMetrics: Sendable, Codable, Equatable {
  /// The scorer's name.
  public var name: String
  /// Metrics at each standard K.
  public var metrics: [MetricsAtK]

  /// A scorer's metrics.
  public init(name: String, metrics: [MetricsAtK]) {
    self.name = name
    self.metrics = metrics
  }

  /// Metrics at cut-off `k`, if measured.
  public func at(_ k: Int) -> MetricsAtK? { metrics.first { $0.k == k } }
}

/// Evaluates candidate scorers side by side on the same targets (Paper §3: offline metrics).
public enum CandidateEvaluation {
  /// Metrics of each scorer on `targets` over the whole corpus.
  public static func compare(
    _ scorers: [any CandidateScorer], targets: [PredictionTarget], excludeHistory: Bool = true,
    ks: [Int] = RankedListMetrics.standardKs
  ) -> [ScorerMetrics] {
    let k = ks.max() ?? 100
    return scorers.map { scorer in
      let lists = scorer.recommend(targets, k: k, excludeHistory: excludeHistory)
      return ScorerMetrics(
        name: scorer.name, metrics: RankedListMetrics.evaluate(lists: lists, relevant: targets.map(\.videos), ks: ks))
    }
  }

  /// The usual baselines: popular over the training window, popular over its last `recentDays`,
  /// and co-visitation from the last watch; with `classical`, also item-kNN, BPR matrix
  /// factorisation, EASE and implicit ALS (their regularisation chosen on the validation targets).
  public static func baselines(
    columns: EventColumns, split: EvaluationSplit, recentDays: Int = 3, classical: Bool = false
  ) -> [any CandidateScorer] {
    let simple: [any CandidateScorer] = [
      PopularityBaseline(columns: columns, split: split, name: "popular (window)"),
      PopularityBaseline(
        columns: columns, split: split, since: split.trainingWindowEnd - Int64(recentDays) * Seconds.perDay,
        name: "popular (last \(recentDays) days)"),
      CoVisitationBaseline(columns: columns, split: split),
    ]
    guard classical else { return simple }
    var all =
      simple + [
        ItemKNNBaseline(columns: columns, split: split) as any CandidateScorer,
        BPRMatrixFactorization(columns: columns, split: split),
      ]
    if let ease = EASEBaseline.tuned(columns: columns, split: split) { all.append(ease) }
    if let als = ImplicitALSBaseline.tuned(columns: columns, split: split) { all.append(als) }
    return all
  }
}
