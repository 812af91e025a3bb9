import Foundation
import Ranking
import Recommendation

/// Messages from the runtime: training, swaps, weights.
extension ExplorerState {
  /// Applies a runtime report. After ``Message/trainingFinished(summary:)`` the runtime has
  /// swapped in new data: every pane reloads from it.
  public mutating func receive(_ message: Message, data: any ExplorerData) {
    switch message {
    case .trainingProgress(let phase, let done, let total, let detail):
      if var status = training {
        status.phase = phase
        status.done = done
        status.total = total
        status.detail = detail
        training = status
      }
    case .trainingFinished(let summary):
      training = nil
      reload(data: data)
      say("Retrained: \(summary). Every pane now shows the new models.")
    case .modelsSwapped(let summary):
      swapping = false
      reload(data: data)
      say("Swapped: \(summary). S swaps back.")
    case .swapFailed(let reason):
      swapping = false
      say("Cannot swap the models, they stay as they were: \(reason)", error: true)
    case .trainingFailed(let reason):
      training = nil
      say("Training failed, the old models stay: \(reason)", error: true)
    case .trainingCancelled:
      training = nil
      say("Training cancelled; the old models stay.")
    case .weightsSaved(let path): say("Weights saved to \(path).")
    case .weightsLoaded(let loaded):
      weights = loaded
      rerank()
      say("Weights loaded from the workspace.")
    case .weightsRestored(let saved):
      weights = saved
      rerank()
      say("Saved weights applied (explorer-weights.json); X in the Weights pane (6) resets them.")
    case .weightsFailed(let reason): say(reason, error: true)
    }
    clampAll()
  }

  /// Reloads everything from `data` (after new models swap in), keeping the chosen user.
  public mutating func reload(data: any ExplorerData) {
    refreshUsers(data)
    if let user { choose(user: user, data: data) }
    if let video = videoStack.last { loadVideo(video, data: data) }
  }
}
