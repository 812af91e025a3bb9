import Foundation
import NeuralCore

extension LatentTruth {
  /// The model-archive kind of a saved latent truth.
  public static let archiveKind = "latent-truth"

  /// What the archive's configuration records.
  public struct ArchiveInfo: Codable, Sendable, Equatable {
    /// Users.
    public var users: Int
    /// Videos.
    public var videos: Int
    /// Topics.
    public var topics: Int
  }

  /// Saves the truth as a model archive (manifest + `.npy`), atomically.
  public func save(to directory: URL, seed: UInt64) throws(NeuralCoreError) {
    func column(_ values: [Int32]) -> [Float] { values.map(Float.init) }
    try ModelArchive.save(
      to: directory, kind: Self.archiveKind,
      configuration: ArchiveInfo(users: userInterests.rows, videos: videoTopics.rows, topics: topicCount),
      tensors: [
        NamedTensor(name: "user_interests", matrix: userInterests),
        NamedTensor(name: "video_topics", matrix: videoTopics),
        NamedTensor(name: "video_quality", shape: [videoQuality.count], values: videoQuality),
        NamedTensor(name: "user_language", shape: [userLanguage.count], values: column(userLanguage)),
        NamedTensor(name: "video_language", shape: [videoLanguage.count], values: column(videoLanguage)),
        NamedTensor(name: "video_series", shape: [videoSeries.count], values: column(videoSeries)),
        NamedTensor(name: "video_episode", shape: [videoEpisode.count], values: column(videoEpisode)),
        NamedTensor(name: "user_new_topic", shape: [userNewTopic.count], values: column(userNewTopic)),
        NamedTensor(name: "user_new_topic_day", shape: [userNewTopicDay.count], values: userNewTopicDay),
        NamedTensor(name: "user_fading_topic", shape: [userFadingTopic.count], values: column(userFadingTopic)),
        NamedTensor(name: "user_signup_day", shape: [userSignupDay.count], values: userSignupDay),
      ],
      training: .init(seed: seed, epochs: 0, examples: 0, finalLoss: 0))
  }

  /// Loads a saved truth.
  ///
  /// - Throws: ``NeuralCoreError`` naming the file when missing, corrupt or inconsistent.
  public static func load(from directory: URL) throws(NeuralCoreError) -> LatentTruth {
    let archive = try ModelArchive.load(from: directory, kind: archiveKind, as: ArchiveInfo.self)
    let info = archive.manifest.configuration
    func vector(_ name: String, _ count: Int) throws(NeuralCoreError) -> [Float] {
      try archive.vector(name, count: count)
    }
    func codes(_ name: String, _ count: Int) throws(NeuralCoreError) -> [Int32] {
      try vector(name, count).map { Int32($0) }
    }
    var truth = LatentTruth(
      userInterests: try archive.matrix("user_interests", rows: info.users, columns: info.topics),
      videoTopics: try archive.matrix("video_topics", rows: info.videos, columns: info.topics),
      videoQuality: try vector("video_quality", info.videos),
      userLanguage: try codes("user_language", info.users),
      videoLanguage: try codes("video_language", info.videos),
      videoSeries: try codes("video_series", info.videos),
      videoEpisode: try codes("video_episode", info.videos))
    // Archives written before the dynamics have no drift columns: no user drifts there.
    if archive.tensors["user_new_topic"] != nil {
      truth.userNewTopic = try codes("user_new_topic", info.users)
      truth.userNewTopicDay = try vector("user_new_topic_day", info.users)
      truth.userFadingTopic = try codes("user_fading_topic", info.users)
      truth.userSignupDay = try vector("user_signup_day", info.users)
    } else {
      truth.record([InterestDrift](repeating: .none, count: info.users), windowStart: 0)
    }
    return truth
  }
}
