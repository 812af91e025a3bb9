import CandidateGeneration
import Foundation
import Ranking
import Recommendation
import WorkspaceStore

/// A user as the users list shows it.
public struct UserRow: Sendable, Equatable {
  /// Dense user index.
  public var index: Int32
  /// External ID.
  public var id: String
  /// Demographics, formatted ("34 f ES tv").
  public var demographics: String
  /// Number of watches.
  public var watches: Int
  /// Number of impressions.
  public var impressions: Int

  /// A row.
  public init(index: Int32, id: String, demographics: String, watches: Int, impressions: Int) {
    self.index = index
    self.id = id
    self.demographics = demographics
    self.watches = watches
    self.impressions = impressions
  }
}

/// One entry of a user's history.
public struct HistoryRow: Sendable, Equatable {
  /// What happened.
  public enum Kind: Sendable, Equatable {
    /// A watch of a video.
    case watch(video: Int32, seconds: Float, source: String)
    /// A search query.
    case search(query: String)
  }

  /// Unix seconds.
  public var time: Int64
  /// The event.
  public var kind: Kind

  /// A row.
  public init(time: Int64, kind: Kind) {
    self.time = time
    self.kind = kind
  }
}

/// A video's details for the video view.
public struct VideoDetails: Sendable, Equatable {
  /// Workspace index.
  public var index: Int32
  /// External ID.
  public var id: String
  /// Title.
  public var title: String
  /// Channel.
  public var channel: String
  /// Topic.
  public var topic: String
  /// Language.
  public var language: String
  /// Seconds.
  public var duration: Float
  /// Unix seconds.
  public var uploadTime: Int64
  /// Number of watches.
  public var watches: Int

  /// Details.
  public init(
    index: Int32, id: String, title: String, channel: String, topic: String, language: String, duration: Float,
    uploadTime: Int64, watches: Int
  ) {
    self.index = index
    self.id = id
    self.title = title
    self.channel = channel
    self.topic = topic
    self.language = language
    self.duration = duration
    self.uploadTime = uploadTime
    self.watches = watches
  }
}

/// A nearest-neighbour video.
public struct NeighborRow: Sendable, Equatable {
  /// Workspace index.
  public var video: Int32
  /// Cosine similarity of the embeddings.
  public var score: Float

  /// A row.
  public init(video: Int32, score: Float) {
    self.video = video
    self.score = score
  }
}

/// Kinds of data a workspace may lack; panes say so instead of showing empty tables.
public enum DataKind: String, Sendable, CaseIterable, Hashable {
  /// No search queries.
  case searches
  /// No logged impressions (the ranking model then learns from derived ones).
  case impressions
  /// No user attributes (age, gender, region, device all unknown).
  case demographics
}

/// Everything the explorer reads from the engine. The state machine and the views only see
/// this protocol, so tests can drive them with a small fake or a real tiny workspace.
public protocol ExplorerData: Sendable {
  /// The workspace's name or path, for the status bar.
  var workspaceName: String { get }
  /// The loaded models, for the status bar ("CG 11-29 08:41 · ranking 11-29 08:42").
  var modelSummary: String { get }
  /// The candidate model's configuration, which the retrain form starts from (nil: the form's defaults).
  var candidateConfig: CandidateConfig? { get }
  /// Every user, in workspace order.
  var users: [UserRow] { get }
  /// A user's watches and searches, oldest first.
  func history(of user: Int32) -> [HistoryRow]
  /// The whole ranked candidate list for a user, under all weights 1.
  func recommend(user: Int32) throws -> Recommendation
  /// A video's details.
  func video(_ video: Int32) -> VideoDetails
  /// A video's title.
  func title(of video: Int32) -> String
  /// The `k` videos nearest to `video` by embedding cosine (empty when the model does not know it).
  func neighbors(of video: Int32, k: Int) -> [NeighborRow]
  /// Users who watched `video`, most recent first, at most `limit`.
  func watchers(of video: Int32, limit: Int) -> [Int32]
  /// Why there is no ranked list (no ranking model yet), or nil when the ranking model serves.
  var rankingUnavailable: String? { get }
  /// What the workspace's data lacks.
  var missingData: Set<DataKind> { get }
  /// Why the candidate model retrieves what it does for `user`'s request now: the user tower's
  /// inputs with their shares of `u − u₀` (nil when it cannot say). Computed once per user; each
  /// candidate's explanation then costs one dot product per input.
  func retrievalReasons(user: Int32) -> RetrievalReasons?
  /// Candidate `video`'s explanation under `reasons` (nil when the candidate model has no embedding for it).
  func explain(_ video: Int32, reasons: RetrievalReasons) -> RetrievalExplanation?
  /// An input as people read it ("watched <title>", "searched 'word'", "region FR").
  func label(_ input: RetrievalReasons.Input) -> String
  /// Videos whose title contains `text` (case-insensitive), most watched first, at most `limit`.
  func videos(matching text: String, limit: Int) -> [Int32]
  /// The Charts pane's charts: training curves and validation figures of the current and previous models.
  var charts: [ChartData] { get }
  /// The current models against the previous ones; nil when no retrain left previous models.
  var comparison: ModelComparison? { get }
  /// The previous models' whole ranked list for a user (nil when there are no previous models).
  func previousRecommend(user: Int32) throws -> Recommendation?
  /// What if: the whole ranked list for `user` with `edit` applied, requested `shift` seconds
  /// after the real request (the workspace is not touched), and why the candidate model
  /// retrieves what it does for the edited user.
  func recommend(user: Int32, edit: UserEdit, shift: Int64) throws -> (
    recommendation: Recommendation, reasons: RetrievalReasons?
  )
  /// The values a what-if edit may give: regions, devices and genders of the workspace.
  var demographicValues: (regions: [String], devices: [String], genders: [String]) { get }
}

extension ExplorerData {
  /// A ranking model serves.
  public var rankingUnavailable: String? { nil }
  /// Nothing is missing.
  public var missingData: Set<DataKind> { [] }
  /// No candidate model to start the retrain form from.
  public var candidateConfig: CandidateConfig? { nil }

  /// The user row with dense index `index`.
  public func user(_ index: Int32) -> UserRow? {
    Int(index) < users.count && index >= 0 ? users[Int(index)] : nil
  }
}
