import NeuralCore
import WorkspaceStore

/// How well a scorer's candidates agree with a known ground truth (the synthetic world's
/// latent affinity): the mean true affinity of its top K, per scorer.
public struct CandidateTruthAgreement: Sendable, Codable, Equatable {
  /// The scorer's name.
  public var name: String
  /// Mean true affinity of the top-K candidates over the targets.
  public var meanAffinityAtK: Double
  /// The cut-off.
  public var k: Int

  /// Mean true affinity of each scorer's top `k` for `targets` (pass an ``OracleScorer`` among the
  /// scorers for the best possible list, the `k` highest true affinities).
  public static func measure(
    _ scorers: [any CandidateScorer], targets: [PredictionTarget], k: Int = 100,
    affinity: (Int32, Int32) -> Float
  ) -> [CandidateTruthAgreement] {
    scorers.map { scorer in
      let lists = scorer.recommend(targets, k: k, excludeHistory: true)
      var total = 0.0
      var count = 0
      for (target, list) in zip(targets, lists) {
        for video in list {
          total += Double(affinity(target.user, video))
          count += 1
        }
      }
      return CandidateTruthAgreement(name: scorer.name, meanAffinityAtK: count > 0 ? total / Double(count) : 0, k: k)
    }
  }
}

/// The ideal list under a known affinity: the `k` videos with the highest true affinity.
public struct OracleScorer: CandidateScorer {
  /// A short name for tables.
  public let name = "oracle (true affinity)"
  let columns: EventColumns
  let affinity: @Sendable (Int32, Int32) -> Float

  /// An oracle over all videos of `columns`.
  public init(columns: EventColumns, affinity: @escaping @Sendable (Int32, Int32) -> Float) {
    self.columns = columns
    self.affinity = affinity
  }

  /// The highest-affinity videos not in the history.
  public func recommend(_ targets: [PredictionTarget], k: Int, excludeHistory: Bool) -> [[Int32]] {
    targets.map { target in
      let seen = excludeHistory ? target.historyVideos(in: columns) : []
      let scores = (0..<columns.videos.count).map { v in
        seen.contains(Int32(v)) ? -Float.infinity : affinity(target.user, Int32(v))
      }
      return TopK.select(scores, k: k)
    }
  }
}
