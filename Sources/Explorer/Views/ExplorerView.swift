import Foundation
import Ranking
import Recommendation
import WorkspaceStore

/// Renders the explorer's state into a cell grid: title and tab bars, the users pane, the
/// main pane, the status bar and any overlay.
public struct ExplorerView: Sendable {
  /// The drawing characters.
  public var glyphs: Glyphs

  /// A view drawing with `glyphs`.
  public init(glyphs: Glyphs = .unicode) { self.glyphs = glyphs }

  /// The keys, in lines short enough for an 80-column terminal's box.
  public static let helpLines = [
    "Tab / Shift-Tab   next / previous pane (its heading is lit)",
    "1-8               jump to a pane (7 charts: h/l; 8: C lists, S swap)",
    "Up/Down or j/k    move;  PgUp/PgDn, g/G  page, top, bottom",
    "Enter             open (user, video, neighbour, watcher)",
    "d                 Ranked: contributions; Candidates: why retrieved",
    "Esc               back (previous video, then the users list)",
    "/                 filter users by ID (an exact ID jumps to them);  s  sort",
    "f                 find a video by title (from any pane)",
    "What if           History x: drop a watch; Video a: add it; Q: a search;",
    "                  e: demographics; < >: now -/+ a day; u: the real user",
    "o                 Ranked: sort by one group's contribution (cycles)",
    "Video pane        n neighbours, w watchers; Enter on a watcher: that user",
    "Weights pane      Left/Right or h/l +/-0.25, z zero, x reset, X all,",
    "                  s save to the workspace, L load from it",
    "r / c             retrain in the background / cancel the training",
    "q or Ctrl-C       quit",
    "Strip: vi video, po popularity, fr freshness, cg CG score, af affinity,",
    "ch churn, la language, hi history, de demographics; +/-, height: size.",
    "Press any key to close.",
  ]

  /// The whole screen for `state`.
  ///
  /// - Complexity: O(screen cells + visible rows).
  public func render(_ state: ExplorerState, data: any ExplorerData) -> CellGrid {
    var canvas = Canvas(
      grid: CellGrid(width: state.layout.width, height: state.layout.height), glyphs: glyphs, state: state, data: data)
    canvas.draw()
    if glyphs == .ascii { canvas.grid.transliterateToASCII() }
    return canvas.grid
  }
}

/// One frame being drawn.
struct Canvas {
  var grid: CellGrid
  let glyphs: Glyphs
  let state: ExplorerState
  let data: any ExplorerData
  var layout: Layout { state.layout }

  mutating func draw() {
    guard layout.fits else {
      drawTooSmall()
      return
    }
    drawTitle()
    drawTabs()
    drawUsers()
    for y in layout.bodyTop..<(layout.bodyTop + layout.bodyHeight) {
      grid.put(String(glyphs.vertical), x: layout.usersWidth, y: y, style: .secondary)
    }
    switch state.main {
    case .users, .ranked: drawRanked()
    case .history: drawHistory()
    case .candidates: drawCandidates()
    case .video: drawVideo()
    case .weights: drawWeights()
    case .charts: drawCharts()
    case .compare: drawCompare()
    }
    drawStatus()
    switch state.overlay {
    case .help: drawHelp()
    case .retrain(let form): drawRetrain(form)
    case .detail:
      if let selected = state.selectedRanked {
        let width = min(layout.width - 4, 110)
        let origin = box(width: width, height: FeatureGroup.allCases.count + 5, title: "Contributions (any key closes)")
        drawDetail(selected, top: origin.y, x: origin.x, width: width - 4)
      }
    case .whyRetrieved: drawWhyRetrieved()
    case .demographics(let form): drawDemographics(form)
    case nil: break
    }
    if let search = state.videoSearch { drawVideoSearch(search) }
  }

  mutating func drawTooSmall() {
    let lines = [
      "Terminal too small",
      "need \(Layout.minimumWidth)x\(Layout.minimumHeight), have \(layout.width)x\(layout.height)",
      "enlarge the window, or q to quit",
    ]
    for (i, line) in lines.enumerated() {
      let y = layout.height / 2 - 1 + i
      grid.put(line, x: max((layout.width - line.count) / 2, 0), y: y, style: i == 0 ? .heading : .plain)
    }
  }

  mutating func drawTitle() {
    grid.fill(x: 0, y: 0, width: layout.width, height: 1, with: Cell(character: " ", style: .bar))
    let dot = glyphs.dot
    grid.put(
      " WatchNext explorer \(dot) \(data.workspaceName) \(dot) \(data.modelSummary)", x: 0, y: 0,
      columns: layout.width, style: Style(color: .cyan, bold: true, reverse: true), ellipsis: glyphs.ellipsis)
    if state.isEdited {
      // Said on every screen: the panes show an edited user, not the workspace's.
      let days = state.timeShift / 86_400
      let label =
        " WHAT-IF: EDITED USER, \(state.edit.count) edit(s)" + (days == 0 ? "" : ", now \(days > 0 ? "+" : "")\(days)d")
        + " (u resets) "
      grid.put(
        label, x: max(layout.width - label.count, 0), y: 0, style: Style(color: .yellow, bold: true, reverse: true))
    }
  }

  mutating func drawTabs() {
    var x = 1
    for pane in Pane.allCases {
      let label = " \(pane.rawValue + 1) \(pane.title) "
      let active = pane == state.focus || (pane == state.main && state.focus == .users && pane != .users)
      let style: Style =
        pane == state.focus
        ? Style(color: .cyan, bold: true, reverse: true)
        : (active
          ? Style(color: .cyan, bold: true) : (pane == .video && state.videoStack.isEmpty ? .secondary : .plain))
      x = grid.put(label, x: x, y: 1, style: style) + 1
    }
  }

  mutating func drawStatus() {
    let y = layout.height - 1
    grid.fill(x: 0, y: y, width: layout.width, height: 1, with: Cell(character: " ", style: .bar))
    let hint = " ? help \(glyphs.dot) q quit "
    var text = " " + state.status
    var style = Style(color: state.statusIsError ? .red : .cyan, reverse: true)
    if let training = state.training {
      let fraction = training.total > 0 ? Double(training.done) / Double(training.total) : 0
      let width = 16
      let filled = Int((fraction * Double(width)).rounded())
      let bar =
        String(repeating: glyphs.full, count: filled) + String(repeating: glyphs.horizontal, count: width - filled)
      text =
        " Training \(training.request.target.rawValue): \(training.phase) [\(bar)] \(Int(fraction * 100))% "
        + training.detail + " \(glyphs.dot) c cancels"
      style = Style(color: .yellow, bold: true, reverse: true)
    }
    if let query = state.typedQuery {
      text = " What if the user searched: \(query)_  (Enter adds, Esc cancels)"
      style = Style(color: .yellow, bold: true, reverse: true)
    }
    grid.put(text, x: 0, y: y, columns: max(layout.width - hint.count, 0), style: style, ellipsis: glyphs.ellipsis)
    grid.put(hint, x: layout.width - hint.count, y: y, style: .bar)
  }

  /// Draws a row, highlighted when it is the cursor's selection.
  mutating func row(_ text: String, x: Int, y: Int, width: Int, selected: Bool, focused: Bool, style: Style = .plain) {
    let rowStyle = selected ? (focused ? Style.selected : Style.selectedUnfocused) : style
    grid.put(text, x: x, y: y, columns: width, style: rowStyle, ellipsis: glyphs.ellipsis)
  }

  /// A box with a border and a title, cleared inside; returns the inner origin.
  mutating func box(width w: Int, height h: Int, title: String) -> (x: Int, y: Int) {
    let width = min(w, layout.width - 2)
    let height = min(h, layout.height - 2)
    let x = (layout.width - width) / 2
    let y = (layout.height - height) / 2
    grid.fill(x: x, y: y, width: width, height: height)
    let line = String(repeating: glyphs.horizontal, count: max(width - 2, 0))
    let c = glyphs.corners
    grid.put("\(c[0])\(line)\(c[1])", x: x, y: y, style: .heading)
    grid.put("\(c[2])\(line)\(c[3])", x: x, y: y + height - 1, style: .heading)
    for r in (y + 1)..<(y + height - 1) {
      grid.put(String(glyphs.vertical), x: x, y: r, style: .heading)
      grid.put(String(glyphs.vertical), x: x + width - 1, y: r, style: .heading)
    }
    grid.put(" \(title) ", x: x + 2, y: y, style: .heading)
    return (x + 2, y + 1)
  }

  mutating func drawHelp() {
    let lines = ExplorerView.helpLines
    let longest = lines.map(\.count).max() ?? 0
    let origin = box(width: longest + 4, height: lines.count + 2, title: "Keys")
    // The box may be narrower than the longest line on a small terminal: cut with an ellipsis.
    let inner = min(longest, layout.width - 6)
    let rows = min(lines.count + 2, layout.height - 2) - 2
    for (i, line) in lines.prefix(max(rows, 0)).enumerated() {
      grid.put(line, x: origin.x, y: origin.y + i, columns: inner, ellipsis: glyphs.ellipsis)
    }
  }

  mutating func drawRetrain(_ form: RetrainForm) {
    let request = form.request
    let fields: [(RetrainForm.Field, String, String)] = [
      (.target, "Retrain", request.target.rawValue),
      (.epochs, "Epochs (max)", "\(request.epochs)"),
      (.features, "CG features", request.features),
      (.depth, "CG depth preset", "\(request.depth)"),
    ]
    let origin = box(width: 66, height: fields.count + 6, title: "Retrain")
    for (i, field) in fields.enumerated() {
      let selected = form.field == field.0
      let label = field.1.padding(toLength: 18, withPad: " ", startingAt: 0)
      let text =
        form.isEditable(field.0)
        ? "\(selected ? String(glyphs.pointer) : " ") \(label)< \(field.2) >"
        : "  \(label)  \(field.2) (kept: candidates are not retrained)"
      let style: Style = selected ? .selected : (form.isEditable(field.0) ? .plain : .secondary)
      grid.put(text, x: origin.x, y: origin.y + i, columns: 60, style: style, ellipsis: glyphs.ellipsis)
    }
    let note =
      request.target == .candidates
      ? "The ranking model is retrained after it (it uses CG scores)." : "Training runs in the background."
    grid.put(note, x: origin.x, y: origin.y + fields.count + 1, style: .secondary, maxWidth: 60)
    grid.put(
      "Up/Down field, Left/Right value, Enter start, Esc cancel", x: origin.x, y: origin.y + fields.count + 2,
      style: .secondary, maxWidth: 60)
  }
}
