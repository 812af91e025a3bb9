import WorkspaceStore

/// Anything that proposes candidate videos for prediction targets: the DNN and the baselines
/// share this so that one evaluation run measures them side by side.
public protocol CandidateScorer: Sendable {
  /// A short name for tables.
  var name: String { get }
  /// The top `k` workspace video indexes for each target, best first, excluding the videos in
  /// the target's visible history when `excludeHistory` is set.
  func recommend(_ targets: [PredictionTarget], k: Int, excludeHistory: Bool) -> [[Int32]]
}

extension PredictionTarget {
  /// The workspace video indexes of the visible history.
  public func historyVideos(in columns: EventColumns) -> Set<Int32> {
    let start = columns.watches.userOffsets[Int(user)]
    return Set(columns.watches.video[start..<historyEnd])
  }
}
