import CandidateGeneration
import Ranking
import Recommendation
import WorkspaceStore

extension Canvas {
  mutating func drawUsers() {
    let width = layout.usersWidth
    let top = layout.bodyTop
    let focused = state.focus == .users
    let header: String
    if state.editingFilter {
      header = "/\(state.filter)_"
    } else {
      let filter = state.filter.isEmpty ? "" : " /\(state.filter)"
      let lacking = data.missingData.contains(.demographics) ? " (no demographics)" : ""
      header = "Users \(state.visibleUsers.count)\(filter) by \(state.sortByActivity ? "activity" : "ID")\(lacking)"
    }
    grid.put(header, x: 0, y: top, columns: width, style: focused ? .focusedHeading : Style(bold: true))
    let cursor = state.cursor(.users)
    let rows = layout.visibleRows(.users)
    for i in 0..<rows {
      let index = cursor.top + i
      guard index < state.visibleUsers.count, let user = data.user(state.visibleUsers[index]) else { break }
      let chosen = user.index == state.user
      let text =
        "\(chosen ? String(glyphs.pointer) : " ")\(user.id) \(user.demographics)"
      let count = Format.right("\(user.watches)", 5)
      row(
        String(text.prefix(max(width - 6, 0))).padding(width - 6) + " " + count, x: 0, y: top + 1 + i, width: width,
        selected: index == cursor.selected, focused: focused, style: chosen ? Style(color: .cyan) : .plain)
    }
  }

  mutating func paneHeader(_ title: String, columns: String) {
    let x = layout.mainX
    let focused = state.focus == state.main
    grid.put(
      title, x: x, y: layout.bodyTop, columns: min(title.count, layout.mainWidth),
      style: focused ? .focusedHeading : Style(bold: true), ellipsis: glyphs.ellipsis)
    let titleWidth = title.count + 2
    if layout.mainWidth > titleWidth {
      grid.put(
        columns, x: x + titleWidth, y: layout.bodyTop, columns: layout.mainWidth - titleWidth, style: .secondary,
        ellipsis: glyphs.ellipsis)
    }
  }

  var userLabel: String { state.user.flatMap { data.user($0)?.id } ?? "no user" }

  mutating func drawHistory() {
    let x = layout.mainX
    let width = layout.mainWidth
    let lacking = data.missingData.contains(.searches) ? "; this workspace has no searches" : ""
    paneHeader("History of \(userLabel) (\(state.history.count)\(lacking))", columns: "newest first")
    let cursor = state.cursor(.history)
    // time, kind, title, duration and source; the source shortens before the title does.
    let sourceWidth = width >= 72 ? 14 : 4
    let titleWidth = max(width - 31 - sourceWidth, 10)
    for i in 0..<layout.visibleRows(.history) {
      let index = cursor.top + i
      guard index < state.history.count else { break }
      let entry = state.history[index]
      let text: String
      var style = Style.plain
      switch entry.kind {
      case .watch(let video, let seconds, let source):
        let removed = state.edit.removedWatches.contains(video)
        let shownSource = removed ? "removed" : source
        text =
          Format.time(entry.time) + "  watch   " + fit(data.title(of: video), titleWidth) + " "
          + Format.right(Format.duration(Double(seconds)), 7) + "  " + String(shownSource.prefix(sourceWidth))
        if removed { style = Style(color: .red, dim: true) }
        if source == ExplorerState.addedSource { style = Style(color: .yellow) }
      case .search(let query):
        text = Format.time(entry.time) + "  search  \"" + query + "\""
        style = Style(color: .magenta)
      }
      row(
        text, x: x, y: layout.bodyTop + 1 + i, width: width, selected: index == cursor.selected,
        focused: state.focus == .history, style: style)
    }
  }

  mutating func drawCandidates() {
    let x = layout.mainX
    let width = layout.mainWidth
    let list = state.candidatesInRetrievalOrder
    // Wide panes give what titles (24 columns or more) leave, up to 60, to the reasons; every
    // reason is one `d` away.
    let whyWidth = state.reasons != nil && width >= 76 ? min(width - 26 - 26, 60) : 0
    paneHeader(
      "ANN candidates for \(userLabel) (\(list.count))",
      columns: "CG#  score (u.v)  ranked" + (whyWidth > 0 ? "  why: w s d totals, top input" : "")
        + "  d: all")
    let cursor = state.cursor(.candidates)
    let titleWidth = max(width - 26 - (whyWidth > 0 ? whyWidth + 2 : 0), 10)
    for i in 0..<layout.visibleRows(.candidates) {
      let index = cursor.top + i
      guard index < list.count else { break }
      let c = list[index]
      let mark = state.watched.contains(c.video) ? String(glyphs.watchedMark) : " "
      var text =
        Format.right("\(c.candidateRank + 1)", 4) + " " + mark + fit(data.title(of: c.video), titleWidth) + " "
        + Format.right(Format.fixed(c.candidateScore), 7) + "  " + glyphs.arrow + Format.right("\(c.rank + 1)", 4)
      if whyWidth > 0, let reasons = state.reasons {
        text += "  " + fit(strongestPull(data.explain(c.video, reasons: reasons)), whyWidth)
      }
      let moved =
        c.rank < c.candidateRank ? Style(color: .green) : (c.rank > c.candidateRank ? Style(color: .red) : .plain)
      row(
        text, x: x, y: layout.bodyTop + 1 + i, width: width, selected: index == cursor.selected,
        focused: state.focus == .candidates, style: moved)
    }
  }

  /// A candidate's reasons in a cell: the totals of watches, searches and demographics, then the
  /// watch or search that pulled it most ("w+1.89 s+0.40 d+1.21 +0.31 watched Foo"): a long
  /// history spreads its pull over many watches, so the totals say what the one input cannot.
  func strongestPull(_ why: RetrievalExplanation?) -> String {
    guard let why else { return "-" }
    let totals = why.groups
    func total(_ group: RetrievalReasons.Input.Group, _ letter: String) -> String {
      totals.first { $0.group == group }.map { letter + Format.signed($0.total) } ?? ""
    }
    let summary = [total(.watches, "w"), total(.searches, "s"), total(.demographics, "d")].filter { !$0.isEmpty }
    let top = why.items.first { $0.input.group == .watches || $0.input.group == .searches }
    let pull = top.map { " " + Format.signed($0.contribution) + " " + data.label($0.input) } ?? ""
    return summary.joined(separator: " ") + pull
  }
}

extension Canvas {
  /// `text` padded with spaces, or cut with the ellipsis, to exactly `width` characters (a cut
  /// title shows that it was cut).
  func fit(_ text: String, _ width: Int) -> String {
    CellGrid.fitted(text, columns: width, ellipsis: glyphs.ellipsis)
  }
}

extension String {
  /// Pads with spaces or cuts to exactly `width` characters.
  func padding(_ width: Int) -> String {
    count >= width ? String(prefix(width)) : self + String(repeating: " ", count: width - count)
  }
}
