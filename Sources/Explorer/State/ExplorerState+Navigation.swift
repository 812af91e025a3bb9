import CandidateGeneration
import Foundation
import Ranking
import Recommendation
import WorkspaceStore

/// Navigation: focus between panes, the cursor, opening what is under it, going back, choosing a user.
extension ExplorerState {
  mutating func cycleFocus(_ step: Int) {
    var order: [Pane] = [.users, .history, .candidates, .ranked]
    if !videoStack.isEmpty { order.append(.video) }
    order.append(.weights)
    let i = order.firstIndex(of: focus) ?? 0
    focusPane(order[(i + step + order.count) % order.count])
  }

  mutating func focusPane(_ pane: Pane) {
    focus = pane
    if pane != .users { main = pane }
  }

  mutating func back(data: any ExplorerData) {
    if focus == .video, !videoStack.isEmpty {
      videoStack.removeLast()
      if let previous = videoStack.last {
        loadVideo(previous, data: data)
        say("Back to \(data.video(previous).id).")
      } else {
        focusPane(.ranked)
        say("Back to the ranked list.")
      }
      return
    }
    if focus != .users { focus = .users }
  }

  mutating func moveCursor(_ delta: Int) {
    var cursor = self.cursor(focus)
    cursor.move(delta, count: rowCount(focus))
    cursors[focus] = cursor
  }

  mutating func open(data: any ExplorerData) {
    switch focus {
    case .users:
      let selected = cursor(.users).selected
      guard selected < visibleUsers.count else { return }
      choose(user: visibleUsers[selected], data: data)
      focusPane(.ranked)
    case .history:
      let i = cursor(.history).selected
      guard i < history.count, case .watch(let video, _, _) = history[i].kind else { return }
      openVideo(video, data: data)
    case .candidates:
      let list = candidatesInRetrievalOrder
      let i = cursor(.candidates).selected
      guard i < list.count else { return }
      openVideo(list[i].video, data: data)
    case .ranked:
      guard let candidate = selectedRanked else { return }
      openVideo(candidate.video, data: data)
    case .video:
      let i = cursor(.video).selected
      switch videoList {
      case .neighbors:
        guard i < neighbors.count else { return }
        openVideo(neighbors[i].video, data: data)
      case .watchers:
        guard i < watchers.count else { return }
        choose(user: watchers[i], data: data)
        focusPane(.ranked)
      }
    case .weights, .charts, .compare: break
    }
  }

  mutating func openVideo(_ video: Int32, data: any ExplorerData) {
    videoStack.append(video)
    videoList = .neighbors
    loadVideo(video, data: data)
    focusPane(.video)
    say("Opened \(data.video(video).id); Enter opens a neighbour, w shows watchers, Esc goes back.")
  }

  mutating func loadVideo(_ video: Int32, data: any ExplorerData) {
    neighbors = data.neighbors(of: video, k: Self.neighborCount)
    watchers = data.watchers(of: video, limit: 200)
    cursors[.video] = ListCursor()
  }

  /// Makes `user` the chosen user: history, candidates and the ranked list.
  public mutating func choose(user: Int32, data: any ExplorerData) {
    self.user = user
    // Edits belong to the user they were made for.
    edit = UserEdit()
    timeShift = 0
    realRecommendation = nil
    typedQuery = nil
    history = data.history(of: user).reversed()
    watched = Set(history.compactMap { if case .watch(let video, _, _) = $0.kind { video } else { nil } })
    reasons = data.retrievalReasons(user: user)
    previousRanked = try? data.previousRecommend(user: user)
    do {
      recommendation = try data.recommend(user: user)
      rerank()
      say("User \(data.user(user)?.id ?? "?"): \(ranked?.ranked.count ?? 0) candidates ranked.")
    } catch {
      recommendation = nil
      ranked = nil
      say("Cannot recommend for this user: \(error)", error: true)
    }
    for pane in [Pane.history, .candidates, .ranked] { cursors[pane] = ListCursor() }
  }
}
