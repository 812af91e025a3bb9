import WorkspaceStore

/// Most popular videos over the training window, or over its last days (§3 baselines).
public struct PopularityBaseline: CandidateScorer {
  /// A short name for tables.
  public let name: String
  private let ranking: [Int32]
  private let columns: EventColumns

  /// Counts training watches (before each user's training end) since `since` (Unix seconds).
  public init(columns: EventColumns, split: EvaluationSplit, since: Int64? = nil, name: String) {
    var counts = [Int](repeating: 0, count: columns.videos.count)
    for u in 0..<columns.users.count {
      for i in columns.watches.userOffsets[u]..<split.trainingEnd[u]
      where since.map({ columns.watches.time[i] >= $0 }) ?? true {
        counts[Int(columns.watches.video[i])] += 1
      }
    }
    ranking = (0..<Int32(columns.videos.count)).sorted { (counts[Int($0)], -$0) > (counts[Int($1)], -$1) }
    self.columns = columns
    self.name = name
  }

  /// The most popular videos not in the target's history.
  public func recommend(_ targets: [PredictionTarget], k: Int, excludeHistory: Bool) -> [[Int32]] {
    targets.map { target in
      let seen = excludeHistory ? target.historyVideos(in: columns) : []
      var list: [Int32] = []
      for v in ranking where !seen.contains(v) {
        list.append(v)
        if list.count == k { break }
      }
      return list
    }
  }
}

/// Item-to-item co-visitation: videos watched within the next few watches after the user's
/// last watch, by how often that happened in training; popularity breaks ties and fills up.
public struct CoVisitationBaseline: CandidateScorer {
  /// A short name for tables.
  public let name = "co-visitation"
  private let next: [[Int32: Int]]
  private let popularity: PopularityBaseline
  private let columns: EventColumns

  /// Counts ordered pairs (a, b) with b among the `window` watches after a, in training.
  public init(columns: EventColumns, split: EvaluationSplit, window: Int = 3) {
    var next = [[Int32: Int]](repeating: [:], count: columns.videos.count)
    for u in 0..<columns.users.count {
      let start = columns.watches.userOffsets[u]
      let end = split.trainingEnd[u]
      for i in start..<end {
        let a = Int(columns.watches.video[i])
        for j in (i + 1)..<min(end, i + 1 + window) {
          let b = columns.watches.video[j]
          if b != Int32(a) { next[a][b, default: 0] += 1 }
        }
      }
    }
    self.next = next
    popularity = PopularityBaseline(columns: columns, split: split, name: "popular")
    self.columns = columns
  }

  /// Co-visited videos of the last history watch, then popular ones.
  public func recommend(_ targets: [PredictionTarget], k: Int, excludeHistory: Bool) -> [[Int32]] {
    let fallback = popularity.recommend(targets, k: k, excludeHistory: excludeHistory)
    return zip(targets, fallback).map { target, popular in
      let start = columns.watches.userOffsets[Int(target.user)]
      guard target.historyEnd > start else { return popular }
      let last = Int(columns.watches.video[target.historyEnd - 1])
      let seen = excludeHistory ? target.historyVideos(in: columns) : []
      return RankedFill.top(next[last], k: k, excluding: seen, thenFrom: popular)
    }
  }
}
