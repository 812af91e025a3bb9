import NeuralCore
import WorkspaceStore

/// Computes raw ranking features from a workspace's events (Paper §4.1): query features once
/// per request, impression features per candidate, each from events strictly before the request.
public struct RankingFeatureBuilder: Sendable {
  /// The workspace's events.
  public let columns: EventColumns
  /// Everyone's watches over time.
  public let popularity: PopularityTimeline
  /// Age used for users whose age is unknown (the median of the known ages).
  public let fallbackAge: Float
  /// Who went on from which video to which, over time.
  public let coWatch: CoWatchCounts
  /// Recent watches whose co-watch counts are summed in ``CandidateFeature/coWatchRecent``.
  public static let recentWatches = 5

  /// "Days since" for something that never happened: far beyond any training window.
  public static let neverDays: Float = 365

  /// A builder over `columns`.
  ///
  /// - Parameter coWatchEnd: per-user end of the watches that co-watch counts may use (the
  ///   training part of a split, so that held-out targets are never counted); all when nil.
  /// - Complexity: O(watches log watches) for the popularity timeline and the co-watch pairs.
  public init(columns: EventColumns, coWatchEnd: [Int]? = nil) {
    self.columns = columns
    popularity = PopularityTimeline(columns: columns)
    coWatch = CoWatchCounts(columns: columns, end: coWatchEnd)
    let ages = columns.users.age.filter(\.isFinite).sorted()
    fallbackAge = ages.isEmpty ? 30 : ages[ages.count / 2]
  }

  /// A builder over `columns` (a what-if copy of `base`'s) that keeps `base`'s popularity
  /// timeline, co-watch counts and fallback age: the world's counts stay as they were, only the
  /// edited user's own features change.
  public init(columns: EventColumns, sharingCountsOf base: RankingFeatureBuilder) {
    self.columns = columns
    popularity = base.popularity
    coWatch = base.coWatch
    fallbackAge = base.fallbackAge
  }

  /// Every logged page of impressions as a request with its labelled candidates.
  ///
  /// A page's request time is its first impression's time; its features see only watches and
  /// impressions before that time, so a click on the page never leaks into its own features.
  /// - Complexity: O(impressions + watches) dictionary updates.
  public func loggedImpressions(progress: ProgressHandler = { _ in }) -> RankingExamples {
    var examples = RankingExamples()
    let impressions = columns.impressions
    let watches = columns.watches
    examples.video.reserveCapacity(impressions.count)
    examples.candidateValues.reserveCapacity(impressions.count * CandidateFeature.allCases.count)
    for u in 0..<columns.users.count {
      var activity = UserActivity()
      let watchRange = watches.range(ofUser: u)
      var w = watchRange.lowerBound
      var i = impressions.userOffsets[u]
      let end = impressions.userOffsets[u + 1]
      while i < end {
        let page = impressions.request[i]
        let time = impressions.time[i]
        var pageEnd = i + 1
        while pageEnd < end, impressions.request[pageEnd] == page { pageEnd += 1 }
        while w < watchRange.upperBound, watches.time[w] < time {
          activity.recordWatch(video: watches.video[w], time: watches.time[w], catalogue: columns.videos)
          w += 1
        }
        appendRequest(
          user: Int32(u), time: time, historyEnd: w, activity: activity,
          candidates: Array(impressions.video[i..<pageEnd]), to: &examples)
        for j in i..<pageEnd {
          examples.clicked.append(impressions.clicked[j])
          examples.watchSeconds.append(impressions.watchSeconds[j])
          activity.recordImpression(video: impressions.video[j], time: impressions.time[j])
        }
        i = pageEnd
      }
      if u % 256 == 255 {
        progress(ProgressReport(phase: "impressions → features", done: u + 1, total: columns.users.count))
      }
    }
    return examples
  }

  /// The user's activity from all events before `time`, and the position where their history ends.
  ///
  /// - Complexity: O(the user's watches and impressions).
  public func activity(ofUser u: Int32, before time: Int64) -> (activity: UserActivity, historyEnd: Int) {
    var activity = UserActivity()
    let watches = columns.watches
    var historyEnd = watches.range(ofUser: Int(u)).lowerBound
    for w in watches.range(ofUser: Int(u)) where watches.time[w] < time {
      activity.recordWatch(video: watches.video[w], time: watches.time[w], catalogue: columns.videos)
      historyEnd = w + 1
    }
    let impressions = columns.impressions
    for i in impressions.range(ofUser: Int(u)) where impressions.time[i] < time {
      activity.recordImpression(video: impressions.video[i], time: impressions.time[i])
    }
    return (activity, historyEnd)
  }

  /// Appends one request and its unlabelled candidates (labels are the caller's: `clicked` and
  /// `watchSeconds` are not touched). Candidate-generation features start at 0; see
  /// ``CandidateScoreFeatures``.
  public func appendRequest(
    user: Int32, time: Int64, historyEnd: Int, activity: UserActivity, candidates: [Int32],
    to examples: inout RankingExamples
  ) {
    let requestIndex = Int32(examples.requestCount)
    examples.requestUser.append(user)
    examples.requestTime.append(time)
    examples.requestHistoryEnd.append(historyEnd)
    var query = [Float](repeating: 0, count: QueryFeature.allCases.count)
    query[QueryFeature.daysSinceLastWatch.rawValue] = days(since: activity.lastWatch, at: time)
    query[QueryFeature.historyLength.rawValue] = Float(activity.watchCount)
    let age = columns.users.age[Int(user)]
    query[QueryFeature.age.rawValue] = age.isFinite ? age : fallbackAge
    query[QueryFeature.loggedIn.rawValue] = columns.users.loggedIn[Int(user)] ? 1 : 0
    examples.queryValues.append(contentsOf: query)

    let videos = columns.videos
    let userStart = columns.watches.userOffsets[Int(user)]
    let recent = columns.watches.video[max(userStart, historyEnd - Self.recentWatches)..<max(userStart, historyEnd)]
    // Co-watch counts from each recent watch to every candidate, by merging the candidates in
    // video order with the watch's successors; the last watch's are the last of them.
    let sortedCandidates = candidates.enumerated().map { (video: $1, slot: $0) }.sorted { $0.video < $1.video }
    var recentCounts = [Int](repeating: 0, count: candidates.count)
    var lastCounts = [Int](repeating: 0, count: candidates.count)
    for (j, a) in recent.enumerated() {
      let successors = coWatch.successors(of: a)
      if j == recent.count - 1 {
        coWatch.addCounts(in: successors, toSorted: sortedCandidates, before: time, into: &lastCounts)
        for c in lastCounts.indices { recentCounts[c] += lastCounts[c] }
      } else {
        coWatch.addCounts(in: successors, toSorted: sortedCandidates, before: time, into: &recentCounts)
      }
    }
    // Each candidate's facts, gathered first in loops of independent loads: at a million videos
    // each is a likely cache miss, and a loop that does nothing else lets the processor overlap
    // them (inside the long per-candidate loop below they came one at a time, a third of it).
    let duration = candidates.map { videos.durationSeconds[Int($0)] }
    let upload = candidates.map { videos.uploadTime[Int($0)] }
    let channelCodes = candidates.map { videos.channel[Int($0)] }
    let topicCodes = candidates.map { videos.topic[Int($0)] }
    let views = popularity.recentViews(of: candidates, before: time)
    var values = [Float](repeating: 0, count: CandidateFeature.allCases.count)
    for (c, v) in candidates.enumerated() {
      values[CandidateFeature.duration.rawValue] = duration[c]
      values[CandidateFeature.viewsLastWeek.rawValue] = Float(views[c].week)
      values[CandidateFeature.viewsLastDay.rawValue] = Float(views[c].day)
      values[CandidateFeature.daysSinceUpload.rawValue] = max(0, Float(time - upload[c]) / Float(Seconds.perDay))
      values[CandidateFeature.candidateScore.rawValue] = 0
      values[CandidateFeature.candidateRank.rawValue] = 0
      let channel = activity.channels[channelCodes[c]]
      values[CandidateFeature.channelWatches.rawValue] = Float(channel?.count ?? 0)
      values[CandidateFeature.daysSinceChannelWatch.rawValue] = days(since: channel?.last, at: time)
      let topic = activity.topics[topicCodes[c]]
      values[CandidateFeature.topicWatches.rawValue] = Float(topic?.count ?? 0)
      values[CandidateFeature.daysSinceTopicWatch.rawValue] = days(since: topic?.last, at: time)
      let shown = activity.impressions[v]
      values[CandidateFeature.earlierImpressions.rawValue] = Float(shown?.count ?? 0)
      values[CandidateFeature.daysSinceImpression.rawValue] = days(since: shown?.last, at: time)
      values[CandidateFeature.earlierWatches.rawValue] = Float(activity.videos[v]?.count ?? 0)
      values[CandidateFeature.coWatchLast.rawValue] = Float(lastCounts[c])
      values[CandidateFeature.coWatchRecent.rawValue] = Float(recentCounts[c])
      examples.request.append(requestIndex)
      examples.video.append(v)
      examples.candidateValues.append(contentsOf: values)
    }
  }

  private func days(since event: Int64?, at time: Int64) -> Float {
    guard let event else { return Self.neverDays }
    return min(Self.neverDays, max(0, Float(time - event) / Float(Seconds.perDay)))
  }
}
