import Application
import CandidateGeneration
import Foundation
import NeuralCore
import Recommendation
import WorkspaceStore

/// A runtime failure with the command that fixes it (exit status 1, no usage text).
struct CommandFailure: Error, CustomStringConvertible {
  /// The message.
  var description: String
}

/// The commands' access to the application layer: opens a ``WorkspaceSession`` and turns its
/// errors into messages that name the command to run.
enum CLISession {
  /// A session with a usable candidate model.
  struct Candidates {
    var session: WorkspaceSession
    var workspace: Workspace { session.workspace }
    var columns: EventColumns { session.columns }
    var generator: BoundCandidateModel
    var manifest: ModelManifest<CandidateArchiveInfo>
  }

  /// Opens the workspace at `url`, printing the session's warnings to stderr.
  static func open(_ url: URL) throws -> WorkspaceSession {
    let session = try openQuietly(url)
    for warning in session.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
    return session
  }

  /// ``open(_:)`` without writing the session's warnings to standard error: for work that runs
  /// while the explorer draws on the terminal, where a stray line would garble the screen.
  static func openQuietly(_ url: URL) throws -> WorkspaceSession {
    do { return try WorkspaceSession.open(url) } catch WorkspaceError.notAWorkspace(let path) {
      throw CommandFailure(
        description: "\(path) is not a workspace; create one with `watchnext generate --workspace \(path)` "
          + "or `watchnext import ... --workspace \(path)`")
    }
  }

  /// Opens the workspace and requires its candidate model.
  static func candidates(_ url: URL) throws -> Candidates {
    let session = try open(url)
    do {
      let info = try session.candidates.get()
      return Candidates(session: session, generator: info.generator, manifest: info.manifest)
    } catch { throw failure(error, workspace: url) }
  }

  /// Opens the workspace and builds its recommender (the CG order when there is no ranking model).
  static func recommender(_ url: URL) throws -> (session: WorkspaceSession, recommender: Recommender) {
    var session = try open(url)
    do {
      let recommender = try session.recommender()
      return (session, recommender)
    } catch let error as SessionError { throw failure(error, workspace: url) }
  }

  /// The session error with the command that fixes it.
  static func failure(_ error: SessionError, workspace url: URL) -> CommandFailure {
    let train = "watchnext train \(error.kind == .candidates ? "candidates" : "ranking") --workspace \(url.path)"
    switch error {
    case .missingModel: return CommandFailure(description: "\(error); run `\(train)`")
    case .unusableModel, .otherWorkspace:
      return CommandFailure(description: "\(error); `\(train)` replaces it")
    }
  }
}
