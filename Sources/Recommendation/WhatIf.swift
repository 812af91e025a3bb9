import CandidateGeneration
import Foundation
import Ranking
import Retrieval
import WorkspaceStore

/// What-if requests: the whole pipeline for a user whose context is edited (``UserEdit``) on
/// that user's own columns, with the same models and ANN index.
extension Recommender {
  /// The recommender over `columns`, `user`'s edited columns (``EventColumns/editing(user:with:at:)``:
  /// no other user's events), with `base`'s models, index and serving settings. The world's
  /// counts (popularity, co-watch) stay `base`'s: an edit changes the user's own features, not
  /// what everyone else watched. Serve only `user` from it.
  ///
  /// - Complexity: O(the user's searches) tokenized, O(users) for the demographic lookups; nothing
  ///   proportional to the world's events.
  public init(editing base: Recommender, columns: EventColumns, user: Int32) {
    self.columns = columns
    let space = base.generator.space
    generator = BoundCandidateModel(
      model: base.generator.model, space: space, columns: columns,
      lookup: CandidateFeatureLookup(
        editing: base.generator.lookup, columns: columns, user: user, space: space))
    retriever = base.retriever
    ranking = base.ranking
    if let model = base.ranking, let lookup = base.rankingLookup {
      rankingLookup = RankingFeatureLookup(columns: columns, space: model.space, reusing: lookup)
    } else {
      rankingLookup = nil
    }
    builder = RankingFeatureBuilder(columns: columns, sharingCountsOf: base.builder)
    serving = base.serving
    now = base.now
  }

  /// The ranked list of `user` with `edit` applied, requested at `time` (default: ``now``).
  ///
  /// - Throws: ``RecommendationError`` as ``recommend(user:weights:)`` does.
  public func recommend(
    user: Int32, editedBy edit: UserEdit, at time: Int64? = nil, weights: GroupWeights = GroupWeights()
  ) throws(RecommendationError) -> Recommendation {
    guard user >= 0, Int(user) < columns.users.count else {
      throw .invalidRequest("user index \(user) is outside 0..<\(columns.users.count)")
    }
    var edited = Recommender(
      editing: self, columns: columns.editing(user: user, with: edit, at: time ?? now), user: user)
    edited.now = time ?? now
    return try edited.recommend(user: user, weights: weights)
  }
}

/// How an item of one ranked list moved against another (the real user's, or the previous models').
public enum RankMove: Sendable, Equatable {
  /// Not in the other list.
  case new
  /// At the same position.
  case same
  /// Higher by this many places.
  case up(Int)
  /// Lower by this many places.
  case down(Int)

  /// Each video of `list` against its position in `other`.
  public static func moves(of list: [Int32], against other: [Int32]) -> [RankMove] {
    let position = Dictionary(other.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    return list.enumerated().map { i, video in
      guard let was = position[video] else { return .new }
      return was == i ? .same : (was > i ? .up(was - i) : .down(i - was))
    }
  }

  /// A short label: "new", "=", "▲3", "▼2".
  public var label: String {
    switch self {
    case .new: "new"
    case .same: "="
    case .up(let n): "\u{25B2}\(n)"
    case .down(let n): "\u{25BC}\(n)"
    }
  }
}
