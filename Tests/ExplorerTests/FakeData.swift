import CandidateGeneration
import Explorer
import Foundation
import NeuralCore
import Ranking
import Recommendation
import Synchronization
import WorkspaceStore

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

  /// Two dimensions: video 0 pulls along the first, video 1 along the second, the query both,
  /// age pushes the first back; the anonymous user sits at (0.1, 0.1).
  func retrievalReasons(user: Int32) -> RetrievalReasons? {
    let reasons: [RetrievalReasons.Reason] = [
      .init(input: .watch(video: 0), vector: [1, 0], occurrences: 2),
      .init(input: .watch(video: 1), vector: [0, 0.5], occurrences: 1),
      .init(input: .searchToken("query \(user)"), vector: [0.2, 0.2], occurrences: 1),
      .init(input: .age, vector: [-0.1, 0], occurrences: 1),
    ]
    return RetrievalReasons(reasons: reasons, userVector: [1.2, 0.8], baselineVector: [0.1, 0.1])
  }

  /// Video v's embedding is (v mod 3, 1).
  func explain(_ video: Int32, reasons: RetrievalReasons) -> RetrievalExplanation? {
    let v: ArraySlice<Float> = [Float(video % 3), 1]
    let items = zip(reasons.reasons, reasons.contributions(to: v)).map {
      RetrievalExplanation.Item(input: $0.input, occurrences: $0.occurrences, contribution: $1)
    }
    return RetrievalExplanation(
      video: video, score: reasons.score(v),
      anonymousScore: reasons.baselineScore(v), items: items)
  }

  /// Videos 0..<40 by their titles.
  func videos(matching text: String, limit: Int) -> [Int32] {
    (0..<40).filter { title(of: Int32($0)).lowercased().contains(text.lowercased()) }.prefix(limit).map { Int32($0) }
  }

  /// Two charts: a rising validation curve (current, previous) and a calibration with its diagonal.
  var charts: [ChartData] = [
    ChartData(
      title: "Validation recall@100 by epoch", xLabel: "epoch", yLabel: "recall@100",
      series: [
        ChartSeries(name: "current", points: (1...4).map { FigurePoint(x: Double($0), y: 0.1 * Double($0)) }),
        ChartSeries(name: "previous", points: (1...4).map { FigurePoint(x: Double($0), y: 0.05 * Double($0)) }),
      ]),
    ChartData(
      title: "Calibration by decile", xLabel: "mean exp(z), s", yLabel: "mean watch, s", diagonal: true,
      series: [ChartSeries(name: "current", points: [FigurePoint(x: 10, y: 20), FigurePoint(x: 100, y: 90)])]),
  ]

  /// Previous models whose list is the current one with the first two swapped and video 21
  /// replaced by video 30.
  var comparison: ModelComparison? = ModelComparison(
    rows: [
      .init(name: "CG validation recall@100", current: "0.3400", previous: "0.3100"),
      .init(name: "ranking validation loss", current: "0.0960", previous: "0.0960"),
    ], users: 50, overlapAt10: 0.9, overlapAt100: 0.95)

  func previousRecommend(user: Int32) throws -> Recommendation? {
    guard comparison != nil else { return nil }
    let current = try recommend(user: user).ranked
    var videos = current.map(\.video)
    videos.swapAt(0, 1)
    videos[videos.count - 1] = 30
    let ranked = videos.enumerated().map { i, video in
      RankedCandidate(
        video: video, candidateRank: i, candidateScore: 1, modelLogit: 10 - Float(i), logit: 10 - Float(i), rank: i,
        contributions: current[i].contributions)
    }
    return Recommendation(user: user, source: .personalized, ranked: ranked, baselineLogit: 1, timings: StageTimings())
  }

  /// What if: the real list with its first two swapped, less any video the edit adds as watched;
  /// every edit is recorded, so tests can see what reached the data.
  func recommend(user: Int32, edit: UserEdit, shift: Int64) throws -> (
    recommendation: Recommendation, reasons: RetrievalReasons?
  ) {
    editLog.edits.withLock { $0.append(edit) }
    var ranked = try recommend(user: user).ranked.filter { !edit.addedWatches.contains($0.video) }
    if ranked.count > 1 {
      ranked.swapAt(0, 1)
      // The logits follow, so that the list stays in score order.
      (ranked[0].modelLogit, ranked[1].modelLogit) = (ranked[1].modelLogit, ranked[0].modelLogit)
      (ranked[0].logit, ranked[1].logit) = (ranked[1].logit, ranked[0].logit)
    }
    for i in ranked.indices { ranked[i].rank = i }
    return (
      Recommendation(user: user, source: .personalized, ranked: ranked, baselineLogit: 1, timings: StageTimings()),
      retrievalReasons(user: user)
    )
  }

  var demographicValues: (regions: [String], devices: [String], genders: [String]) {
    (["US", "FR"], ["tv", "mobile"], ["f", "m"])
  }

  /// The edits the what-if requests asked for, in order.
  final class EditLog: Sendable {
    let edits = Mutex<[UserEdit]>([])
  }
  let editLog = EditLog()

  func label(_ input: RetrievalReasons.Input) -> String {
    switch input {
    case .watch(let video): "watched \(title(of: video))"
    case .searchToken(let token): "searched '\(token)'"
    default: "\(input)"
    }
  }
}
