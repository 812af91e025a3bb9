import Foundation
import WorkspaceStore

/// Why a workspace session cannot do what was asked. Messages speak of the library (models,
/// files, workspaces); front ends add the command or key that fixes it.
public enum SessionError: Error, Sendable, CustomStringConvertible, Equatable {
  /// The model has not been trained in this workspace yet.
  case missingModel(ModelKind, directory: String)
  /// The saved model cannot be read (corrupt, incomplete or from an incompatible version).
  case unusableModel(ModelKind, directory: String, reason: String)
  /// The saved model was trained on another workspace's data.
  case otherWorkspace(ModelKind, directory: String, model: WorkspaceFingerprint, workspace: WorkspaceFingerprint)

  /// A message for people.
  public var description: String {
    switch self {
    case .missingModel(let kind, let directory): "\(directory) has no \(kind.title) yet"
    case .unusableModel(let kind, let directory, let reason):
      "the \(kind.title) in \(directory) cannot be used: \(reason)"
    case .otherWorkspace(let kind, let directory, let model, let workspace):
      "the \(kind.title) in \(directory) was trained on \(model), but this is \(workspace); retrain it on this workspace"
    }
  }

  /// The model concerned.
  public var kind: ModelKind {
    switch self {
    case .missingModel(let kind, _), .unusableModel(let kind, _, _), .otherWorkspace(let kind, _, _, _): kind
    }
  }
}

/// The two trained models of a workspace.
public enum ModelKind: String, Sendable, Equatable, Codable {
  /// The candidate-generation network (Paper §3).
  case candidates
  /// The ranking network (Paper §4).
  case ranking

  /// "candidate model" or "ranking model".
  public var title: String {
    switch self {
    case .candidates: "candidate model"
    case .ranking: "ranking model"
    }
  }
}
