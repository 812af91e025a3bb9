import NeuralCore
import WorkspaceStore

/// The hidden structure a synthetic world is drawn from: what every user truly likes.
///
/// Tests and experiments compare what models learn against it.
public struct LatentTruth: Sendable {
  /// Interest of each user in each topic, `users × topics`, rows sum to 1.
  public var userInterests: Matrix
  /// Topic mixture of each video, `videos × topics`, rows sum to 1.
  public var videoTopics: Matrix
  /// Intrinsic quality of each video (roughly N(0, 0.5)).
  public var videoQuality: [Float]
  /// Language code of each user (index into ``TopicLexicon/languages``).
  public var userLanguage: [Int32]
  /// Language code of each video.
  public var videoLanguage: [Int32]
  /// Series of each video (-1 when not episodic).
  public var videoSeries: [Int32]
  /// Episode number within the series (0 when not episodic).
  public var videoEpisode: [Int32]
  /// The topic each user takes up during the window, or -1 (``WorldDynamics/drift``).
  public var userNewTopic: [Int32] = []
  /// Days after the window's start when the new interest starts (searches only at first), or -1.
  public var userNewTopicDay: [Float] = []
  /// The topic that fades over the window for each user, or -1.
  public var userFadingTopic: [Int32] = []
  /// Days after the window's start when each user signs up (0 for users there from the start).
  public var userSignupDay: [Float] = []

  /// ``userInterests`` are the interests at the end of the window, where the temporal protocol
  /// serves; the drift columns say how they got there.
  mutating func record(_ drift: [InterestDrift], windowStart: Int64) {
    func days(_ time: Int64) -> Float { Float(Double(time - windowStart) / Double(Seconds.perDay)) }
    userNewTopic = drift.map { Int32($0.newTopic) }
    userNewTopicDay = drift.map { $0.newTopic >= 0 ? days($0.newStart) : -1 }
    userFadingTopic = drift.map { Int32($0.fadingTopic) }
    userSignupDay = drift.map { $0.signup > windowStart ? days($0.signup) : 0 }
  }

  /// The number of topics.
  public var topicCount: Int { userInterests.columns }

  /// Whether the truth knows every user and video of `columns`: false once events of users or
  /// videos the world never made were appended (their affinity is unknown, and asking for it
  /// would read past the tables), so callers leave the truth out then.
  public func covers(_ columns: EventColumns) -> Bool {
    columns.users.count <= userInterests.rows && columns.videos.count <= videoTopics.rows
      && columns.videos.count <= videoEpisode.count && columns.users.count <= userLanguage.count
  }

  /// The true affinity of a user for a video at the end of the window: topical match, quality
  /// and language.
  ///
  /// This is the quantity that drives clicks and completion in the simulator.
  /// - Complexity: O(topics).
  public func affinity(user: Int, video: Int) -> Float {
    let k = topicCount
    var match: Float = 0
    for t in 0..<k { match += userInterests.values[user * k + t] * videoTopics.values[video * k + t] }
    let languagePenalty: Float = userLanguage[user] == videoLanguage[video] ? 0 : -1.5
    return 6 * (match - 1 / Float(k)) + videoQuality[video] + languagePenalty
  }
}
