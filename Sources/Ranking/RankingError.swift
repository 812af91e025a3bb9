/// Errors of ranking, each with a readable description.
public enum RankingError: Error, Sendable, CustomStringConvertible {
  /// A configuration value is out of range.
  case invalidConfiguration(field: String, reason: String)
  /// The workspace has too little data.
  case insufficientData(String)
  /// Training diverged (a NaN or infinite loss, or validation predictions that are not finite or
  /// absurd); the last good model is kept.
  case diverged(epoch: Int, step: Int)
  /// Training was cancelled.
  case cancelled

  /// A message for people.
  public var description: String {
    switch self {
    case .invalidConfiguration(let field, let reason): "invalid ranking configuration: \(field): \(reason)"
    case .insufficientData(let reason): "not enough data to rank: \(reason)"
    case .diverged(let epoch, let step):
      "ranking training diverged (a non-finite loss, or non-finite or absurd predictions on validation) in epoch \(epoch), step \(step); the last good model is kept"
    case .cancelled: "ranking training was cancelled"
    }
  }
}
