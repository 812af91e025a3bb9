import CandidateGeneration
import Foundation
import Ranking
import Recommendation
import Retrieval
import WorkspaceStore

/// ``ExplorerData`` over a workspace's trained models.
public struct EngineData: ExplorerData {
  /// The pipeline.
  public let recommender: Recommender
  /// The workspace's name or path.
  public let workspaceName: String
  /// The loaded models, for the status bar.
  public let modelSummary: String
  /// Every user.
  public let users: [UserRow]
  /// Why there is no ranked list, or nil.
  public let rankingUnavailable: String?
  /// What the workspace's data lacks.
  public let missingData: Set<DataKind>
  /// The candidate model's configuration.
  public var candidateConfig: CandidateConfig? { recommender.generator.model.config }
  /// The Charts pane's charts.
  public let charts: [ChartData]
  /// The previous models' pipeline, when a retrain left them.
  public let previous: Recommender?
  /// The current models against the previous ones.
  public let comparison: ModelComparison?
  /// Users whose ranked lists the comparison's overlap is measured on (the first with a history).
  public static let comparisonUsers = 50
  /// Titles in lower case, for the video search.
  let lowercasedTitles: [String]
  /// Watches per video, for ordering the video search's matches.
  let watchCounts: [Int]

  /// Data over a ready recommender.
  ///
  /// - Parameters:
  ///   - rankingUnavailable: the message the ranked pane shows when the recommender has no
  ///     ranking model (defaults to one naming the retrain key).
  ///   - previous: the previous models' recommender (``comparison`` then measures the overlap of
  ///     both generations' lists over ``comparisonUsers`` users: two `recommend` calls each).
  ///   - comparisonRows: the models' recorded figures, both generations.
  ///   - charts: the Charts pane's charts (``ChartData/modelCharts(candidate:previousCandidate:ranking:previousRanking:)``).
  public init(
    recommender: Recommender, workspaceName: String, modelSummary: String, rankingUnavailable: String? = nil,
    charts: [ChartData] = [], previous: Recommender? = nil, comparisonRows: [ModelComparison.Row] = []
  ) {
    self.recommender = recommender
    self.charts = charts
    self.previous = previous
    if let previous {
      let columns = recommender.columns
      let sample = (0..<columns.users.count).lazy.filter { !columns.watches.range(ofUser: $0).isEmpty }
        .prefix(Self.comparisonUsers).map { Int32($0) }
      let overlap = ModelComparison.overlap(current: recommender, previous: previous, users: Array(sample))
      comparison = ModelComparison(
        rows: comparisonRows, users: overlap.users, overlapAt10: overlap.at10, overlapAt100: overlap.at100)
    } else {
      comparison = nil
    }
    self.workspaceName = workspaceName
    self.modelSummary = modelSummary
    self.rankingUnavailable =
      recommender.ranking == nil
      ? rankingUnavailable
        ?? "No ranking model yet. Press r, choose \"ranking\", Enter: it trains in the background. "
        + "Until then the Candidates pane (3) shows the candidate model's order."
      : nil
    let columns = recommender.columns
    var missing: Set<DataKind> = []
    if columns.searches.count == 0 { missing.insert(.searches) }
    if columns.impressions.count == 0 { missing.insert(.impressions) }
    let known =
      columns.users.age.contains(where: \.isFinite) || columns.users.gender.contains(where: { $0 >= 0 })
      || columns.users.regions.names.contains(where: { $0 != "unknown" })
      || columns.users.devices.names.contains(where: { $0 != "unknown" })
    if !known { missing.insert(.demographics) }
    missingData = missing
    lowercasedTitles = columns.videos.titles.map { $0.lowercased() }
    var counts = [Int](repeating: 0, count: columns.videos.count)
    for v in columns.watches.video where v >= 0 && Int(v) < counts.count { counts[Int(v)] += 1 }
    watchCounts = counts
    users = (0..<columns.users.count).map { u in
      let users = columns.users
      let age = users.age[u].isFinite ? "\(Int(users.age[u]))" : "?"
      let gender = users.gender[u] >= 0 ? users.genders.names[Int(users.gender[u])] : "?"
      let demographics = [
        age, gender, users.regions.names[Int(users.region[u])], users.devices.names[Int(users.device[u])],
      ].joined(separator: " ")
      return UserRow(
        index: Int32(u), id: users.ids[u], demographics: demographics,
        watches: columns.watches.range(ofUser: u).count, impressions: columns.impressions.range(ofUser: u).count)
    }
  }

  var columns: EventColumns { recommender.columns }

  /// The user tower's attribution for `user`'s request now (``Recommender/retrievalReasons(user:)``).
  public func retrievalReasons(user: Int32) -> RetrievalReasons? { recommender.retrievalReasons(user: user) }

  /// Candidate `video`'s explanation under `reasons`.
  public func explain(_ video: Int32, reasons: RetrievalReasons) -> RetrievalExplanation? {
    reasons.explanation(of: video, generator: recommender.generator)
  }

  /// Titles containing `text`, case-insensitively, most watched first.
  ///
  /// - Complexity: O(videos × title length); 4,000 titles take well under a millisecond.
  public func videos(matching text: String, limit: Int) -> [Int32] {
    let needle = text.lowercased()
    let titles = lowercasedTitles
    var found: [Int32] = []
    for v in titles.indices where titles[v].contains(needle) { found.append(Int32(v)) }
    let counts = watchCounts
    found.sort { counts[Int($0)] != counts[Int($1)] ? counts[Int($0)] > counts[Int($1)] : $0 < $1 }
    return Array(found.prefix(limit))
  }

  /// What if: `user` edited, the request `shift` seconds after the real one; one edited copy
  /// of the columns serves both the list and the reasons.
  public func recommend(user: Int32, edit: UserEdit, shift: Int64) throws -> (
    recommendation: Recommendation, reasons: RetrievalReasons?
  ) {
    let time = recommender.now + shift
    var edited = Recommender(
      editing: recommender, columns: columns.editing(user: user, with: edit, at: time), user: user)
    edited.now = time
    return (try edited.recommend(user: user), edited.retrievalReasons(user: user))
  }

  /// The workspace's regions, devices and genders.
  public var demographicValues: (regions: [String], devices: [String], genders: [String]) {
    (columns.users.regions.names, columns.users.devices.names, columns.users.genders.names)
  }

  /// The previous models' ranked list for `user`.
  public func previousRecommend(user: Int32) throws -> Recommendation? { try previous?.recommend(user: user) }

  /// An input's label, with the workspace's titles.
  public func label(_ input: RetrievalReasons.Input) -> String { input.label(columns: columns) }

  /// Watches and searches of `user`, oldest first.
  public func history(of user: Int32) -> [HistoryRow] {
    let u = Int(user)
    let watches = columns.watches
    let searches = columns.searches
    var rows = watches.range(ofUser: u).map { w in
      HistoryRow(
        time: watches.time[w],
        kind: .watch(
          video: watches.video[w], seconds: watches.watchSeconds[w],
          source: WatchSource(rawValue: watches.source[w])?.description ?? "?"))
    }
    rows += searches.range(ofUser: u).map { s in
      HistoryRow(time: searches.time[s], kind: .search(query: searches.query[s]))
    }
    return rows.sorted { $0.time < $1.time }
  }

  /// The ranked list under weights 1.
  public func recommend(user: Int32) throws -> Recommendation { try recommender.recommend(user: user) }

  /// Details of `video`.
  public func video(_ video: Int32) -> VideoDetails {
    let v = Int(video)
    let videos = columns.videos
    return VideoDetails(
      index: video, id: videos.ids[v], title: videos.titles[v], channel: videos.channels.names[Int(videos.channel[v])],
      topic: videos.topics.names[Int(videos.topic[v])], language: columns.languages.names[Int(videos.language[v])],
      duration: videos.durationSeconds[v], uploadTime: videos.uploadTime[v],
      watches: recommender.builder.popularity.views(of: video, before: .max, window: .max))
  }

  /// The title of `video`.
  public func title(of video: Int32) -> String { columns.videos.titles[Int(video)] }

  /// Nearest videos by embedding cosine.
  public func neighbors(of video: Int32, k: Int) -> [NeighborRow] {
    let generator = recommender.generator
    let row = generator.lookup.classOfVideo[Int(video)]
    guard row >= 0, let found = try? recommender.retriever.neighbors(of: row, k: k) else { return [] }
    return found.compactMap { result in
      let v = generator.lookup.videoOfClass[Int(result.id)]
      return v >= 0 ? NeighborRow(video: v, score: result.score) : nil
    }
  }

  /// Users who watched `video`, most recent first.
  public func watchers(of video: Int32, limit: Int) -> [Int32] {
    let watches = columns.watches
    var latest: [Int32: Int64] = [:]
    for w in 0..<watches.count where watches.video[w] == video {
      latest[watches.user[w]] = max(latest[watches.user[w]] ?? .min, watches.time[w])
    }
    return latest.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(limit).map(\.key)
  }
}
