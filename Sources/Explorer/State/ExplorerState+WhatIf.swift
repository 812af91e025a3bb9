import Foundation
import Ranking
import Recommendation
import WorkspaceStore

/// What if: the edited user's pipeline and its typed search.
extension ExplorerState {
  /// The source shown for a what-if watch in the history.
  public static let addedSource = "what-if"

  mutating func handleTypedQuery(_ key: Key, data: any ExplorerData) {
    guard var text = typedQuery else { return }
    switch key {
    case .escape:
      typedQuery = nil
      say("No query added.")
    case .enter:
      typedQuery = nil
      let query = text.trimmingCharacters(in: .whitespaces)
      guard !query.isEmpty else { return say("No query added.") }
      edit.addedQueries.append(query)
      applyEdit(data: data)
    case .backspace:
      text = String(text.dropLast())
      typedQuery = text
    case .character(let c):
      text.append(c)
      typedQuery = text
    default: break
    }
  }

  /// Re-runs the pipeline for the chosen user as edited (or the real user when nothing is).
  mutating func applyEdit(data: any ExplorerData) {
    guard let user else { return }
    let real = data.history(of: user).reversed()
    if !isEdited {
      history = Array(real)
      recommendation = realRecommendation ?? recommendation
      realRecommendation = nil
      reasons = data.retrievalReasons(user: user)
      rerank()
      return
    }
    if realRecommendation == nil { realRecommendation = recommendation }
    let time = (history.first?.time ?? 0)
    let added =
      edit.addedQueries.reversed().map { HistoryRow(time: time, kind: .search(query: $0)) }
      + edit.addedWatches.reversed().map {
        HistoryRow(time: time, kind: .watch(video: $0, seconds: 0, source: Self.addedSource))
      }
    history = added + real
    do {
      (recommendation, reasons) = try data.recommend(user: user, edit: edit, shift: timeShift)
      rerank()
      let days = timeShift / 86_400
      say(
        "What if: \(edit.count) edit(s)" + (days == 0 ? "" : ", now \(days > 0 ? "+" : "")\(days) day(s)")
          + "; every pane shows the edited user; u resets.")
    } catch {
      say("Cannot recommend for the edited user: \(error)", error: true)
    }
  }
}
