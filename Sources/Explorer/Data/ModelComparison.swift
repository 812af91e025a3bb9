import CandidateGeneration
import Foundation
import NeuralCore
import Ranking
import Recommendation

/// The current models against the previous ones (`models/previous/`): their recorded validation
/// figures side by side, and how much their ranked lists agree over a sample of users.
public struct ModelComparison: Sendable, Equatable {
  /// One figure of both generations.
  public struct Row: Sendable, Equatable {
    /// What it is.
    public var name: String
    /// The current models' value ("-" where not recorded).
    public var current: String
    /// The previous models' value.
    public var previous: String

    /// A row.
    public init(name: String, current: String, previous: String) {
      self.name = name
      self.current = current
      self.previous = previous
    }
  }

  /// The figures.
  public var rows: [Row]
  /// Users whose lists were compared.
  public var users: Int
  /// Mean share of the current ranked top 10 also in the previous top 10.
  public var overlapAt10: Double
  /// The same at 100.
  public var overlapAt100: Double

  /// A comparison.
  public init(rows: [Row], users: Int, overlapAt10: Double, overlapAt100: Double) {
    self.rows = rows
    self.users = users
    self.overlapAt10 = overlapAt10
    self.overlapAt100 = overlapAt100
  }

  /// The manifests' figures of both generations (a kind not retrained is the same model in both).
  public static func rows(
    candidate: ModelManifest<CandidateArchiveInfo>.Training?,
    previousCandidate: ModelManifest<CandidateArchiveInfo>.Training?,
    ranking: ModelManifest<RankingArchiveInfo>.Training?, previousRanking: ModelManifest<RankingArchiveInfo>.Training?
  ) -> [Row] {
    func value(_ text: String?) -> String { text ?? "-" }
    func recall(_ t: ModelManifest<CandidateArchiveInfo>.Training?, _ k: Double) -> String? {
      t?.figures?[ValidationFigure.recallAtK]?.first { $0.x == k }.map { String(format: "%.4f", $0.y) }
    }
    func calibration(_ t: ModelManifest<RankingArchiveInfo>.Training?) -> String? {
      guard let deciles = t?.figures?[ValidationFigure.calibration], !deciles.isEmpty else { return nil }
      let observed = deciles.reduce(0) { $0 + $1.y }
      return observed > 0 ? String(format: "%.3f", deciles.reduce(0) { $0 + $1.x } / observed) : nil
    }
    let previousCG = previousCandidate ?? candidate
    let previousRanking = previousRanking ?? ranking
    return [
      Row(name: "CG trained", current: value(candidate?.finishedAt), previous: value(previousCG?.finishedAt)),
      Row(
        name: "CG validation recall@100", current: value(candidate?.notes["validation_recall_100"]),
        previous: value(previousCG?.notes["validation_recall_100"])),
      Row(
        name: "CG validation recall@10", current: value(recall(candidate, 10)), previous: value(recall(previousCG, 10))),
      Row(name: "ranking trained", current: value(ranking?.finishedAt), previous: value(previousRanking?.finishedAt)),
      Row(
        name: "ranking validation loss", current: value(ranking?.notes["validation_loss"]),
        previous: value(previousRanking?.notes["validation_loss"])),
      Row(
        name: "ranking validation weighted per-user loss",
        current: value(ranking?.notes[ValidationFigure.weightedPerUserLossNote]),
        previous: value(previousRanking?.notes[ValidationFigure.weightedPerUserLossNote])),
      Row(
        name: "ranking validation AUC", current: value(ranking?.notes[ValidationFigure.aucNote]),
        previous: value(previousRanking?.notes[ValidationFigure.aucNote])),
      Row(
        name: "calibration (sum exp(z) / sum watch)", current: value(calibration(ranking)),
        previous: value(calibration(previousRanking))),
    ]
  }

  /// Mean overlap of the two recommenders' ranked top 10 and top 100 over `users`.
  ///
  /// - Complexity: two `recommend` calls per user.
  public static func overlap(current: Recommender, previous: Recommender, users: [Int32]) -> (
    at10: Double, at100: Double, users: Int
  ) {
    var sum10 = 0.0
    var sum100 = 0.0
    var counted = 0
    for user in users {
      guard let a = try? current.recommend(user: user), let b = try? previous.recommend(user: user) else { continue }
      func share(_ k: Int) -> Double {
        let left = a.ranked.prefix(k).map(\.video)
        let right = Set(b.ranked.prefix(k).map(\.video))
        return left.isEmpty ? 0 : Double(left.filter { right.contains($0) }.count) / Double(left.count)
      }
      sum10 += share(10)
      sum100 += share(100)
      counted += 1
    }
    return counted == 0 ? (0, 0, 0) : (sum10 / Double(counted), sum100 / Double(counted), counted)
  }
}
