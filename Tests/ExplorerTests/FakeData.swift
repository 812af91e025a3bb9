import CandidateGeneration
import Explorer
import Foundation
import Ranking
import Recommendation

/// A small, fully known data source: 30 users, 40 videos, a fixed ranked list per user whose
/// contributions make weight changes predictable.
struct FakeData: ExplorerData {
  struct Failure: Error {}

  var workspaceName = "/tmp/fake"
  var modelSummary = "CG test · ranking test"
  var users: [UserRow] = (0..<30).map { u in
    UserRow(
      index: Int32(u), id: String(format: "user%02d", u), demographics: "\(20 + u) f US tv", watches: (u * 7) % 23,
      impressions: u * 3)
  }
  var failingUser: Int32? = nil
  var rankingUnavailable: String? = nil
  var weighting: RankingConfig.Weighting? = .watchTime
  var missingData: Set<DataKind> = []
  var candidateConfig: CandidateConfig? = nil
  /// Titles longer than any pane at 80 columns.
  var longTitles = false

  func history(of user: Int32) -> [HistoryRow] {
    (0..<5).map { i in
      i == 2
        ? HistoryRow(time: 1_767_225_600 + Int64(i) * 3_600, kind: .search(query: "query \(user)"))
        : HistoryRow(
          time: 1_767_225_600 + Int64(i) * 3_600, kind: .watch(video: Int32(i), seconds: 90, source: "external"))
    }
  }

  /// Twelve candidates; candidate i has logit 10 − i, and its "freshness" contribution grows with i
  /// so that a high freshness weight reverses the order.
  func recommend(user: Int32) throws -> Recommendation {
    if user == failingUser { throw Failure() }
    let groups = FeatureGroup.allCases.count
    let ranked = (0..<12).map { i in
      var contributions = [Float](repeating: 0.1, count: groups)
      contributions[FeatureGroup.freshness.position] = Float(i) * 0.5
      contributions[FeatureGroup.video.position] = 10 - Float(i) - 0.1 * Float(groups - 2) - Float(i) * 0.5 - 1
      return RankedCandidate(
        video: Int32(10 + i), candidateRank: (i * 5) % 12, candidateScore: Float(12 - i), modelLogit: 10 - Float(i),
        logit: 10 - Float(i), rank: i, contributions: contributions)
    }
    return Recommendation(
      user: user, source: .personalized, ranked: ranked, baselineLogit: 1, timings: StageTimings(),
      weighting: weighting)
  }

  func video(_ video: Int32) -> VideoDetails {
    VideoDetails(
      index: video, id: "vid\(video)", title: "Video number \(video)", channel: "chan", topic: "topic", language: "en",
      duration: 600, uploadTime: 1_767_225_600, watches: Int(video))
  }

  func title(of video: Int32) -> String {
    longTitles ? "Video number \(video), a title far too long for a pane at eighty columns" : "Video number \(video)"
  }

  func neighbors(of video: Int32, k: Int) -> [NeighborRow] {
    (1...min(k, 5)).map { NeighborRow(video: (video + Int32($0)) % 40, score: 1 - Float($0) / 10) }
  }

  func watchers(of video: Int32, limit: Int) -> [Int32] { [3, 7, 11].prefix(limit).map { $0 } }
}
