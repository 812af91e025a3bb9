import NeuralCore
import WorkspaceStore

/// Errors of candidate generation, each with a readable description.
public enum CandidateError: Error, Sendable, CustomStringConvertible {
  /// A configuration value is out of range.
  case invalidConfiguration(field: String, reason: String)
  /// The workspace has too little data for the protocol.
  case insufficientData(String)
  /// Training diverged (NaN or infinite loss); the last good model is kept.
  case diverged(epoch: Int, step: Int)
  /// A user that is not in the workspace.
  case unknownUser(String)
  /// A video that is not in the model's vocabulary.
  case unknownVideo(String)
  /// Training was cancelled.
  case cancelled

  /// A message for people.
  public var description: String {
    switch self {
    case .invalidConfiguration(let field, let reason): "invalid candidate-generation configuration: \(field): \(reason)"
    case .insufficientData(let reason): "not enough data: \(reason)"
    case .diverged(let epoch, let step):
      "training diverged (NaN or infinite loss) in epoch \(epoch), step \(step); the last good model is kept"
    case .unknownUser(let id): "no user '\(id)' in this workspace"
    case .unknownVideo(let id): "video '\(id)' is not in the model's vocabulary"
    case .cancelled: "training was cancelled"
    }
  }
}
