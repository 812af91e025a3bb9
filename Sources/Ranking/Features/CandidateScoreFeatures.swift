import Algorithms
import CandidateGeneration
import NeuralCore
import WorkspaceStore

/// Fills the candidate-generation features of logged examples (Paper §4.1: "the scores and
/// sources from candidate generation"): each request's user vector from its rolled-back history
/// (example age 0, as at serving), the candidate's score `u · v_j` and its rank among all videos.
public enum CandidateScoreFeatures {
  /// Score and rank given to a video the candidate model does not know.
  public static let unknownScore: Float = -10

  /// Sets ``CandidateFeature/candidateScore`` and ``CandidateFeature/candidateRank`` of every
  /// candidate of `examples`.
  ///
  /// The rank counts the videos that score higher. Over more than `rankSample` videos it is
  /// estimated from a fixed random sample of `rankSample` of them (scaled up; unbiased), which keeps
  /// the cost independent of the corpus size.
  /// - Complexity: O(requests × min(classes, rankSample) × dimension) in blocked GEMMs.
  public static func fill(
    _ examples: inout RankingExamples, generator: BoundCandidateModel, rankSample: Int = 20_000,
    progress: ProgressHandler = { _ in }
  ) {
    let ranges = examples.candidateRanges()
    let allClasses = generator.model.videoEmbeddings.rows
    let sampled: Matrix
    let rankScale: Float
    if allClasses > rankSample {
      var random = SeededGenerator(seed: 0x5eed)
      var picks = Array(0..<Int32(allClasses))
      for i in 0..<rankSample { picks.swapAt(i, Int.random(in: i..<allClasses, using: &random)) }
      sampled = generator.model.videoEmbeddings.gatherRows(Array(picks.prefix(rankSample)))
      rankScale = Float(allClasses) / Float(rankSample)
    } else {
      sampled = generator.model.videoEmbeddings
      rankScale = 1
    }
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
      let users = generator.userVectors(targets)
      let scores = BLAS.product(users, sampled, transposeB: true)
      let dimension = users.columns
      for (row, i) in block.enumerated() {
        let range = ranges[i]
        let candidateScores = range.map { c -> Float in
          let cls = Int(generator.lookup.classOfVideo[Int(examples.video[c])])
          guard cls >= 0 else { return unknownScore }
          // Over the whole corpus, the row's own value: a separately rounded dot product could
          // place the video above itself.
          if rankScale == 1 { return scores[row, cls] }
          var dot: Float = 0
          for d in 0..<dimension { dot += users[row, d] * generator.model.videoEmbeddings[cls, d] }
          return dot
        }
        // Count the scores above each candidate's score in one pass over the row: each score
        // falls into the bucket of how many (sorted) candidate scores lie below it.
        let sortedThresholds = candidateScores.sorted()
        var buckets = [Int](repeating: 0, count: sortedThresholds.count + 1)
        for s in scores.row(row) {
          buckets[sortedThresholds.partitioningIndex { $0 >= s }] += 1
        }
        // A score s lands in bucket b(s) = #{thresholds < s}; s > T exactly when b(s) >= #{thresholds <= T}.
        var atLeast = [Int](repeating: 0, count: sortedThresholds.count + 2)
        for j in stride(from: sortedThresholds.count, through: 0, by: -1) { atLeast[j] = atLeast[j + 1] + buckets[j] }
        let higher = candidateScores.map { score in
          atLeast[sortedThresholds.prefix { $0 <= score }.count]
        }
        for (k, c) in range.enumerated() {
          examples.setValue(candidateScores[k], .candidateScore, of: c)
          examples.setValue(Float(higher[k]) * rankScale, .candidateRank, of: c)
        }
      }
      start = block.upperBound
      progress(ProgressReport(phase: "candidate-model scores", done: start, total: ranges.count))
    }
  }
}
