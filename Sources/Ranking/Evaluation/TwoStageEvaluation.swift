import CandidateGeneration
import Foundation
import NeuralCore
import WorkspaceStore

/// The held-out next watch found in one ordering of the candidates: HR@10, NDCG@10, MAP@100.
public struct TopKFigures: Sendable, Codable, Equatable {
  /// Share of targets whose next watch is in the top 10.
  public var hitRate10: MeanWithError
  /// NDCG@10 of the single next watch (1 / log2(rank + 2) inside the top 10).
  public var ndcg10: MeanWithError
  /// MAP@100 of the single next watch (1 / (rank + 1) inside the top 100).
  public var map100: MeanWithError
}

/// The ranking stage against the candidate generator's own order on the same candidates
/// (Paper §2: the ranking specialises the candidates' order).
public struct TwoStageComparison: Sendable, Codable, Equatable {
  /// Targets evaluated (one held-out next watch each).
  public var targets: Int
  /// Candidates per target (the candidate model's exact top N, watched videos excluded).
  public var candidates: Int
  /// Share of targets whose next watch is among the N candidates (the most either order can find).
  public var recallAtN: Double
  /// The candidate model's order.
  public var candidateOrder: TopKFigures
  /// The ranking model's order (both stages).
  public var twoStage: TopKFigures
  /// Two-stage minus CG order, per target, for HR@10 (a paired difference and its error).
  public var hitRate10Gain: MeanWithError
  /// Two-stage minus CG order, per target, for NDCG@10.
  public var ndcg10Gain: MeanWithError
}

/// Measures the two-stage pipeline's top K against the candidate order on held-out next watches.
public enum TwoStageEvaluation {
  /// Ranks the exact top `n` candidates of each target with `model` and compares the position of
  /// the target's next watch (`videos.first`) in both orders.
  ///
  /// Features are computed as at serving: the request at the target's time, the history rolled
  /// back to the target, the candidate score and rank from the candidate model.
  /// - Complexity: the slates' GEMMs plus one ranking pass over `targets × n` rows.
  public static func compare(
    model: RankingModel, targets: [PredictionTarget], builder: RankingFeatureBuilder, generator: BoundCandidateModel,
    lookup: RankingFeatureLookup, n: Int = ServingConfig().candidates, progress: ProgressHandler = { _ in }
  ) -> TwoStageComparison {
    let columns = builder.columns
    let slates = CandidateSlates.compute(targets, generator: generator, n: n)
    var cg: [[Double]] = [[], [], []]
    var ranked: [[Double]] = [[], [], []]
    var found = 0
    for (t, (target, slate)) in zip(targets, slates).enumerated() {
      guard let label = target.videos.first else { continue }
      let (activity, _) = builder.activity(ofUser: target.user, before: target.time)
      var examples = RankingExamples()
      builder.appendRequest(
        user: target.user, time: target.time, historyEnd: target.historyEnd, activity: activity,
        candidates: slate.videos, to: &examples)
      for i in slate.videos.indices {
        examples.setValue(slate.scores[i], .candidateScore, of: i)
        examples.setValue(Float(i), .candidateRank, of: i)
      }
      let cgRank = slate.videos.firstIndex(of: label)
      var rankedRank: Int?
      if let cgRank {
        found += 1
        let z = model.logits(model.inputs(examples, rows: 0..<examples.count, columns: columns, lookup: lookup).matrix)
        let mine = z[cgRank]
        // Ties are broken by candidate order, as the serving sort is stable.
        rankedRank = z.indices.reduce(0) { $0 + ((z[$1] > mine || (z[$1] == mine && $1 < cgRank)) ? 1 : 0) }
      }
      for (figures, rank) in [(0, cgRank), (1, rankedRank)] {
        let values = metrics(rank: rank)
        for m in 0..<3 {
          if figures == 0 { cg[m].append(values[m]) } else { ranked[m].append(values[m]) }
        }
      }
      if t % 64 == 63 { progress(ProgressReport(phase: "two-stage comparison", done: t + 1, total: targets.count)) }
    }
    func figures(_ v: [[Double]]) -> TopKFigures {
      TopKFigures(hitRate10: MeanWithError(v[0]), ndcg10: MeanWithError(v[1]), map100: MeanWithError(v[2]))
    }
    return TwoStageComparison(
      targets: cg[0].count, candidates: n, recallAtN: cg[0].isEmpty ? 0 : Double(found) / Double(cg[0].count),
      candidateOrder: figures(cg), twoStage: figures(ranked),
      hitRate10Gain: MeanWithError(differences: ranked[0], cg[0]),
      ndcg10Gain: MeanWithError(differences: ranked[1], cg[1]))
  }

  /// HR@10, NDCG@10 and AP@100 of a single relevant item at `rank` (nil: not retrieved).
  static func metrics(rank: Int?) -> [Double] {
    guard let rank else { return [0, 0, 0] }
    return [rank < 10 ? 1 : 0, rank < 10 ? 1 / log2(Double(rank + 2)) : 0, rank < 100 ? 1 / Double(rank + 1) : 0]
  }
}
