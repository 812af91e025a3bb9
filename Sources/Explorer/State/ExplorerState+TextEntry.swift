import Foundation
import Ranking
import Recommendation

/// Typed text: the users filter and the video search.
extension ExplorerState {
  mutating func handleFilter(_ key: Key, data: any ExplorerData) {
    switch key {
    case .enter:
      editingFilter = false
      // An exact ID jumps to that user's ranked list; otherwise the filter stays for browsing.
      if let exact = data.users.first(where: { $0.id == filter }) {
        choose(user: exact.index, data: data)
        if let position = visibleUsers.firstIndex(of: exact.index) {
          var cursor = self.cursor(.users)
          cursor.move(position - cursor.selected, count: visibleUsers.count)
          cursors[.users] = cursor
        }
        focusPane(.ranked)
      } else {
        say("\(visibleUsers.count) users match '\(filter)'.")
      }
    case .escape:
      editingFilter = false
      filter = ""
      refreshUsers(data)
      say("Filter cleared.")
    case .backspace:
      if !filter.isEmpty { filter.removeLast() }
      refreshUsers(data)
    case .character(let c):
      filter.append(c)
      refreshUsers(data)
    case .up, .down, .pageUp, .pageDown:
      editingFilter = false
      _ = handle(key, data: data)
    default: break
    }
    clampAll()
  }

  mutating func handleVideoSearch(_ key: Key, data: any ExplorerData) {
    guard var search = videoSearch else { return }
    switch key {
    case .escape:
      videoSearch = nil
      say("Video search closed.")
      return
    case .enter:
      videoSearch = nil
      guard search.selected < search.matches.count else {
        say("No video matches \"\(search.text)\".")
        return
      }
      openVideo(search.matches[search.selected], data: data)
      return
    case .up: search.selected = max(search.selected - 1, 0)
    case .down: search.selected = min(search.selected + 1, max(search.matches.count - 1, 0))
    case .backspace:
      search.text = String(search.text.dropLast())
      search.refresh(data)
    case .character(let c):
      search.text.append(c)
      search.refresh(data)
    default: break
    }
    videoSearch = search
  }
}
