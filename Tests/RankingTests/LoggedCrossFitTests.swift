import CandidateGeneration
import NeuralCore
import Ranking
import Testing
import WatchNextTestSupport
import WorkspaceStore

/// Logged impressions with cross-fitted candidate features: a training impression's CG score comes
/// from a candidate model that never trained on its user, a validation or holdout one from the
/// workspace's model (which never saw those days).
@Suite("Ranking: cross-fitted CG features of logged impressions")
struct LoggedCrossFitTests {
  /// `u · v` of `video` for the request `r` of `examples` under `model`, or nil out of vocabulary.
  static func score(_ model: BoundCandidateModel, _ examples: RankingExamples, request r: Int, video: Int32) -> Float? {
    let target = PredictionTarget(
      user: examples.requestUser[r], historyEnd: examples.requestHistoryEnd[r], time: examples.requestTime[r],
      videos: [])
    let u = model.userVectors([target])
    let cls = Int(model.lookup.classOfVideo[Int(video)])
    guard cls >= 0 else { return nil }
    var dot: Float = 0
    for d in 0..<u.columns { dot += u[0, d] * model.model.videoEmbeddings[cls, d] }
    return dot
  }

  /// How many of the first candidates of `examples` carry `model`'s score (checked, matching).
  static func matches(_ examples: RankingExamples, _ model: (Int32) -> BoundCandidateModel) -> (
    checked: Int, equal: Int
  ) {
    var checked = 0
    var equal = 0
    for range in examples.candidateRanges().prefix(60) {
      let r = Int(examples.request[range.lowerBound])
      let c = range.lowerBound
      guard let dot = score(model(examples.requestUser[r]), examples, request: r, video: examples.video[c]) else {
        continue
      }
      checked += 1
      if abs(dot - examples.value(.candidateScore, of: c)) < 1e-3 * max(1, abs(dot)) { equal += 1 }
    }
    return (checked, equal)
  }

  @Test("training impressions are scored by their fold's model, validation and holdout by the workspace's")
  func foldsScoreTraining() throws {
    let s = try RankingSetup.get()
    let split = try EvaluationSplit(columns: s.columns, protocol: .temporal(cutoff: nil, validationDays: 1))
    var config = TestConfigs.smallCandidate()
    config.epochs = 1
    let folds = try (0..<2).map { k in
      try CandidateTrainer.train(
        columns: s.columns, split: split.withoutUsers({ Int($0) % 2 == k }, columns: s.columns), config: config
      ).generator
    }
    let dataset = try RankingDataset(
      columns: s.columns, builder: RankingFeatureBuilder(columns: s.columns), generator: s.generator,
      foldGenerators: folds, config: s.config)
    #expect(dataset.training.count == s.dataset.training.count, "the same impressions, only scored otherwise")
    #expect(dataset.validation.count == s.dataset.validation.count)
    let training = Self.matches(dataset.training) { folds[Int($0) % 2] }
    #expect(training.checked > 20 && training.equal == training.checked, "the fold's own score")
    let inSample = Self.matches(dataset.training) { _ in s.generator }
    #expect(inSample.equal < inSample.checked / 2, "not the workspace model's score")
    for part in [dataset.validation, dataset.holdout] {
      let served = Self.matches(part) { _ in s.generator }
      #expect(served.checked > 20 && served.equal == served.checked, "the workspace model's score")
    }
  }
}
