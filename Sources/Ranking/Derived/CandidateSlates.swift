import CandidateGeneration
import NeuralCore
import WorkspaceStore

/// What the candidate model would have served at a moment: its exact top N by `u · v_j` with
/// the history rolled back to that moment and already-watched videos excluded (as serving
/// excludes them), plus where a given label video would have stood.
public struct CandidateSlate: Sendable, Equatable {
  /// Workspace video indexes, best first.
  public var videos: [Int32]
  /// `u · v_j` of each.
  public var scores: [Float]
  /// The label's score (``CandidateScoreFeatures/unknownScore`` when the model does not know it).
  public var labelScore: Float
  /// The label's rank among the unwatched videos (0 = best); the vocabulary size when unknown.
  public var labelRank: Int
}

/// Exact slates for many prediction targets at once (Paper §3.1 serving, without the ANN so that
/// the ranking stage is measured and trained apart from the index's recall).
public enum CandidateSlates {
  /// The slate of each target: its top `n` and its label's (`target.videos.first`) score and rank.
  ///
  /// - Complexity: O(targets × classes × dimension) in blocked GEMMs, plus O(targets × classes × log n).
  public static func compute(
    _ targets: [PredictionTarget], generator: BoundCandidateModel, n: Int, progress: ProgressHandler = { _ in }
  ) -> [CandidateSlate] {
    var result: [CandidateSlate] = []
    result.reserveCapacity(targets.count)
    let embeddings = generator.model.videoEmbeddings
    let classes = embeddings.rows
    let blockSize = 256
    var start = 0
    while start < targets.count {
      let end = min(start + blockSize, targets.count)
      let block = Array(targets[start..<end])
      let users = generator.userVectors(block)
      let scores = BLAS.product(users, embeddings, transposeB: true)
      for (row, target) in block.enumerated() {
        let rowScores = Array(scores.row(row))
        let excluded = Set(
          target.historyVideos(in: generator.columns).map { generator.lookup.classOfVideo[Int($0)] }.filter {
            $0 >= 0
          })
        let top = TopK.select(rowScores, k: n, excluded: excluded)
        var labelScore = CandidateScoreFeatures.unknownScore
        var labelRank = classes
        if let label = target.videos.first {
          let cls = generator.lookup.classOfVideo[Int(label)]
          if cls >= 0 {
            labelScore = rowScores[Int(cls)]
            var higher = 0
            for (c, s) in rowScores.enumerated() where s > labelScore && !excluded.contains(Int32(c)) { higher += 1 }
            labelRank = higher
          }
        }
        result.append(
          CandidateSlate(
            videos: top.map { generator.lookup.videoOfClass[Int($0)] }, scores: top.map { rowScores[Int($0)] },
            labelScore: labelScore, labelRank: labelRank))
      }
      start = end
      progress(ProgressReport(phase: "candidate slates", done: start, total: targets.count))
    }
    return result
  }
}
