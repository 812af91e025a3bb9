import Foundation
import Ranking
import Recommendation
import WorkspaceStore

/// The overlays' keys: help, details, the retrain and demographics forms.
extension ExplorerState {
  /// A form's navigation keys: Up/Down (k/j, Tab) move between fields, Left/Right (h/l, -/+)
  /// change the selected one.
  static func formStep(_ key: Key) -> (field: Bool, by: Int)? {
    switch key {
    case .up, .character("k"): (true, -1)
    case .down, .character("j"), .tab: (true, 1)
    case .left, .character("h"), .character("-"): (false, -1)
    case .right, .character("l"), .character("+"): (false, 1)
    default: nil
    }
  }

  mutating func handleOverlay(_ current: Overlay, key: Key, data: any ExplorerData) -> [Effect] {
    switch current {
    case .help, .detail, .whyRetrieved:
      overlay = nil
      return []
    case .demographics(var form):
      if let step = Self.formStep(key) {
        if step.field { form.move(step.by) } else { form.adjust(step.by) }
        overlay = .demographics(form)
        return []
      }
      switch key {
      case .escape, .character("q"): overlay = nil
      case .enter:
        overlay = nil
        edit = form.applied(to: edit)
        applyEdit(data: data)
        return []
      default: break
      }
      if overlay != nil { overlay = .demographics(form) }
      return []
    case .retrain(var form):
      switch key {
      case .escape, .character("q"):
        overlay = nil
        say("Retrain cancelled.")
      case _ where Self.formStep(key) != nil:
        if let step = Self.formStep(key) {
          if step.field { form.move(step.by) } else { form.adjust(step.by) }
        }
      case .enter:
        overlay = nil
        training = TrainingStatus(request: form.request, phase: "starting", done: 0, total: 1, detail: "")
        say("Retraining \(form.request.target.rawValue) in the background; c cancels.")
        return [.startTraining(form.request)]
      default: break
      }
      if overlay != nil { overlay = .retrain(form) }
      return []
    }
  }
}
