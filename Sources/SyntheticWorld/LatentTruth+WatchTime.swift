import WorkspaceStore

extension LatentTruth {
  /// The true expected watch seconds of showing workspace video `video` to user `user` at `time`
  /// at the top of a page: P(click) × E[seconds | click] under `behaviour`, with the video's
  /// popularity and the user's earlier impressions of it taken from the logged events.
  ///
  /// The simulator's running popularity is an exponential average of daily views with decay 0.6,
  /// about 2.5 × the views of the last day; that is the estimate used here.
  /// - Complexity: O(the user's impressions + log of the video's watches).
  public func expectedWatchSeconds(
    user: Int32, video: Int32, at time: Int64, columns: EventColumns, dailyViews: Int,
    behaviour: BehaviourModel = BehaviourModel()
  ) -> Double {
    let impressions = columns.impressions
    var earlier = 0
    for i in impressions.range(ofUser: Int(user)) where impressions.video[i] == video && impressions.time[i] < time {
      earlier += 1
    }
    let v = Int(video)
    return behaviour.expectedImpressionWatchSeconds(
      affinity: Double(affinity(user: Int(user), video: v)), duration: Double(columns.videos.durationSeconds[v]),
      recentViews: 2.5 * Double(dailyViews),
      ageDays: Double(time - columns.videos.uploadTime[v]) / Double(Seconds.perDay),
      position: 0, earlierImpressions: earlier, watched: false)
  }
}
