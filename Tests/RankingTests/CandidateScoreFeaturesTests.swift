import CandidateGeneration
import Foundation
import NeuralCore
import Ranking
import Recommendation
import Retrieval
import SyntheticWorld
import Testing
import WatchNextTestSupport
import WorkspaceStore

@Suite("Ranking: candidate-model features of logged impressions")
struct CandidateScoreFeaturesTests {
  @Test("score is u · v and rank counts the videos scoring higher, exactly for small corpora")
  func exactRanks() throws {
    let setup = try RankingSetup.get()
    var examples = setup.dataset.holdout
    for i in 0..<examples.count {
      examples.setValue(0, .candidateScore, of: i)
      examples.setValue(0, .candidateRank, of: i)
    }
    CandidateScoreFeatures.fill(&examples, generator: setup.generator)
    let ranges = examples.candidateRanges()
    for range in ranges.prefix(15) {
      let r = Int(examples.request[range.lowerBound])
      let target = PredictionTarget(
        user: examples.requestUser[r], historyEnd: examples.requestHistoryEnd[r], time: examples.requestTime[r],
        videos: [])
      let u = setup.generator.userVectors([target])
      let all = BLAS.product(u, setup.generator.model.videoEmbeddings, transposeB: true).values
      for c in range {
        let cls = Int(setup.generator.lookup.classOfVideo[Int(examples.video[c])])
        guard cls >= 0 else { continue }
        let score = examples.value(.candidateScore, of: c)
        #expect(abs(score - all[cls]) < 1e-4)
        let higher = all.filter { $0 > score + 1e-5 }.count
        let higherOrEqual = all.filter { $0 >= score - 1e-5 }.count - 1
        let rank = Int(examples.value(.candidateRank, of: c))
        #expect(rank >= higher && rank <= higherOrEqual, "rank \(rank) outside \(higher)...\(higherOrEqual)")
      }
    }
  }

  @Test("over a large corpus the rank is estimated from a sample, scaled to the corpus")
  func sampledRanks() throws {
    let setup = try RankingSetup.get()
    var exact = setup.dataset.holdout
    var sampled = exact
    CandidateScoreFeatures.fill(&exact, generator: setup.generator)
    CandidateScoreFeatures.fill(&sampled, generator: setup.generator, rankSample: 60)
    let classes = Float(setup.generator.model.videoEmbeddings.rows)
    var agreement = 0
    for i in 0..<exact.count {
      let e = exact.value(.candidateRank, of: i)
      let s = sampled.value(.candidateRank, of: i)
      #expect(s >= 0 && s <= classes)
      #expect(abs(exact.value(.candidateScore, of: i) - sampled.value(.candidateScore, of: i)) < 1e-4)
      if abs(e - s) <= 0.25 * classes { agreement += 1 }
    }
    #expect(Double(agreement) > 0.9 * Double(exact.count))
  }
}
