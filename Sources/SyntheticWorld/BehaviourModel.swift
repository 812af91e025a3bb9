import Foundation

/// How simulated users respond to what they are shown: the click and completion model.
///
/// Paper §4 motivates each term: affinity, popularity, the freshness spike after upload
/// (§3.3), position bias, and fatigue from earlier impressions ("churn", §4.1).
public struct BehaviourModel: Sendable, Equatable {
  /// Base log-odds of a click.
  public var intercept: Double = -3.1
  /// Weight of the true affinity.
  public var affinityWeight: Double = 0.85
  /// Weight of log(1 + recent views).
  public var popularityWeight: Double = 0.22
  /// Height of the freshness spike.
  public var freshnessWeight: Double = 1.6
  /// Decay of the freshness spike in days.
  public var freshnessDays: Double = 2.0
  /// Penalty per square-root slate position.
  public var positionWeight: Double = 0.35
  /// Penalty per earlier impression of the same video to the same user.
  public var fatigueWeight: Double = 0.55
  /// Penalty for a video the user already watched.
  public var rewatchPenalty: Double = 1.8

  /// The default behaviour.
  public init() {}

  /// Log-odds that the impression is clicked.
  public func clickLogit(
    affinity: Double, recentViews: Double, ageDays: Double, position: Int, earlierImpressions: Int, watched: Bool
  ) -> Double {
    intercept + affinityWeight * affinity + popularityWeight * log1p(recentViews)
      + freshnessWeight * exp(-max(ageDays, 0) / freshnessDays) - positionWeight * Double(position).squareRoot()
      - fatigueWeight * Double(earlierImpressions) - (watched ? rewatchPenalty : 0)
  }

  /// Mean fraction of the video watched after a click, before noise.
  public func completionLogit(affinity: Double) -> Double { 0.9 * affinity - 0.4 }

  /// Expected seconds watched after a click (averaging the completion noise coarsely by its mean).
  public func expectedWatchSeconds(affinity: Double, duration: Double) -> Double {
    duration / (1 + exp(-completionLogit(affinity: affinity)))
  }

  /// The true expected watch time of one impression: P(click) × E[seconds | click].
  public func expectedImpressionWatchSeconds(
    affinity: Double, duration: Double, recentViews: Double, ageDays: Double, position: Int, earlierImpressions: Int,
    watched: Bool
  ) -> Double {
    let logit = clickLogit(
      affinity: affinity, recentViews: recentViews, ageDays: ageDays, position: position,
      earlierImpressions: earlierImpressions, watched: watched)
    return expectedWatchSeconds(affinity: affinity, duration: duration) / (1 + exp(-logit))
  }
}
