import CandidateGeneration
import NeuralCore
import WorkspaceStore

/// Ranking examples made from watches alone (see ``DerivedImpressionsConfig`` for the design).
///
/// The candidate-generation features of a derived impression are the slate's own: the score
/// `u · v_j` and the rank among unwatched videos, as ``Recommender`` sets them at serving, so
/// training and serving see one distribution.
public enum DerivedImpressions {
  /// The training requests of a split: for each user, the last `requestsPerUser` training
  /// watches that have at least one earlier watch, each as a next-watch target.
  public static func trainingTargets(
    split: EvaluationSplit, columns: EventColumns, config: DerivedImpressionsConfig
  ) -> [PredictionTarget] {
    var targets: [PredictionTarget] = []
    let watches = columns.watches
    for u in 0..<columns.users.count {
      let start = watches.userOffsets[u]
      let end = split.trainingEnd[u]
      guard end - start >= 2 else { continue }
      for p in max(start + 1, end - config.requestsPerUser)..<end {
        targets.append(
          PredictionTarget(user: Int32(u), historyEnd: p, time: watches.time[p], videos: [watches.video[p]]))
      }
    }
    return targets
  }

  /// One request per target (targets grouped by user, in time order within a user, as
  /// ``trainingTargets(split:columns:config:)`` and ``EvaluationSplit`` make them), each with
  /// its label watch clicked and sampled slate videos unclicked.
  ///
  /// A target's label is `videos.first`, watched at position `historyEnd` (its watch seconds
  /// are the positive's weight).
  /// - Complexity: the slates' cost (see ``CandidateSlates/compute(_:generator:n:progress:)``)
  ///   plus O(watches) for replaying activity.
  public static func examples(
    for targets: [PredictionTarget], builder: RankingFeatureBuilder, generator: BoundCandidateModel,
    config: DerivedImpressionsConfig, progress: ProgressHandler = { _ in }
  ) -> RankingExamples {
    let slates = CandidateSlates.compute(targets, generator: generator, n: config.slateSize, progress: progress)
    let columns = builder.columns
    let watches = columns.watches
    var random = SeededGenerator(seed: config.seed)
    var examples = RankingExamples()
    var replayUser: Int32 = -1
    var replayTime = Int64.min
    var activity = UserActivity()
    var w = 0
    for (target, slate) in zip(targets, slates) {
      // A click can only be on a shown video: a watch the slate did not hold is no page.
      guard let label = target.videos.first, slate.videos.contains(label) else { continue }
      let range = watches.range(ofUser: Int(target.user))
      if target.user != replayUser || target.time < replayTime {
        replayUser = target.user
        activity = UserActivity()
        w = range.lowerBound
      }
      replayTime = target.time
      while w < range.upperBound, watches.time[w] < target.time {
        activity.recordWatch(video: watches.video[w], time: watches.time[w], catalogue: columns.videos)
        w += 1
      }
      var others = zip(slate.videos, slate.scores).enumerated().filter { $0.element.0 != label }
      // Hard negatives first: a partial shuffle of the page's top, then of the rest of the page.
      let hardCount = min(others.count, config.hardSlateSize)
      let hard = min(config.hardNegatives, hardCount, config.negativesPerRequest)
      for i in 0..<hard { others.swapAt(i, Int.random(in: i..<hardCount, using: &random)) }
      let take = min(config.negativesPerRequest, others.count)
      for i in hard..<take { others.swapAt(i, Int.random(in: i..<others.count, using: &random)) }
      let negatives = others.prefix(take)
      let first = examples.count
      builder.appendRequest(
        user: target.user, time: target.time, historyEnd: target.historyEnd, activity: activity,
        candidates: [label] + negatives.map(\.element.0), to: &examples)
      examples.setValue(slate.labelScore, .candidateScore, of: first)
      examples.setValue(Float(slate.labelRank), .candidateRank, of: first)
      for (k, negative) in negatives.enumerated() {
        examples.setValue(negative.element.1, .candidateScore, of: first + 1 + k)
        examples.setValue(Float(negative.offset), .candidateRank, of: first + 1 + k)
      }
      let seconds = target.historyEnd < range.upperBound ? watches.watchSeconds[target.historyEnd] : 1
      examples.clicked.append(true)
      examples.watchSeconds.append(max(seconds, 1))
      for _ in negatives {
        examples.clicked.append(false)
        examples.watchSeconds.append(0)
      }
    }
    return examples
  }
}
