import CandidateGeneration
import NeuralCore
import WorkspaceStore

/// Fills the candidate-generation features of logged examples (Paper §4.1: "the scores and
/// sources from candidate generation"): each request's user vector from its rolled-back history
/// (example age 0, as at serving), the candidate's score `u · v_j` and its rank among all videos.
public enum CandidateScoring {
  /// Score and rank given to a video the candidate model does not know.
  public static let unknownScore: Float = -10

  /// Sets ``CandidateFeature/candidateScore`` and ``CandidateFeature/candidateRank`` of every
  /// candidate of `examples`.
  ///
  /// - Complexity: O(requests × classes × dimension) in blocked GEMMs, plus one pass over each
  ///   request's score row.
  public static func fill(_ examples: inout RankingExamples, generator: CandidateGenerator) {
    let ranges = examples.candidateRanges()
    let classes = generator.model.videoEmbeddings.rows
    let blockSize = 256
    var start = 0
    while start < ranges.count {
      let block = start..<min(start + blockSize, ranges.count)
      let targets = block.map { i in
        let r = Int(examples.request[ranges[i].lowerBound])
        return PredictionTarget(
          user: examples.requestUser[r], historyEnd: examples.requestHistoryEnd[r], time: examples.requestTime[r],
          videos: [])
      }
      let scores = BLAS.product(generator.userVectors(targets), generator.model.videoEmbeddings, transposeB: true)
      for (row, i) in block.enumerated() {
        let range = ranges[i]
        let candidateScores = range.map { c -> Float in
          let cls = generator.index.classOfVideo[Int(examples.video[c])]
          return cls >= 0 ? scores[row, Int(cls)] : unknownScore
        }
        var higher = [Int](repeating: 0, count: range.count)
        scores.values.withUnsafeBufferPointer { all in
          let rowScores = all[(row * classes)..<((row + 1) * classes)]
          for s in rowScores {
            for (k, threshold) in candidateScores.enumerated() where s > threshold { higher[k] += 1 }
          }
        }
        for (k, c) in range.enumerated() {
          examples.setValue(candidateScores[k], .candidateScore, of: c)
          examples.setValue(Float(higher[k]), .candidateRank, of: c)
        }
      }
      start = block.upperBound
    }
  }
}
