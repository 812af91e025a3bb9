import Recommendation

extension Canvas {
  /// The Compare pane: the models' recorded figures, current against previous, how much their
  /// ranked lists agree, and the chosen user's two lists side by side with each item's move:
  /// the ranked lists, or with `C` the candidate lists (the candidate model's order).
  mutating func drawCompare() {
    let x = layout.mainX
    let width = layout.mainWidth
    let top = layout.bodyTop
    guard let comparison = data.comparison else {
      paneHeader("Compare", columns: "")
      grid.put(
        "No previous models yet: a retrain (r) keeps the models it replaces in models/previous/, to compare and swap back.",
        x: x + 1, y: top + 2, columns: width - 1, style: Style(color: .yellow), ellipsis: glyphs.ellipsis)
      return
    }
    paneHeader(
      "Compare: current models against the previous ones",
      columns: state.comparesCandidates ? "C: ranked lists · S: swap them" : "C: candidate lists · S: swap them")
    let nameWidth = 38
    let valueWidth = max((width - nameWidth) / 2, 8)
    grid.put(
      "figure".padding(nameWidth) + "current".padding(valueWidth) + "previous", x: x, y: top + 1, style: .secondary,
      maxWidth: width)
    var y = top + 2
    for row in comparison.rows {
      grid.put(
        row.name.padding(nameWidth) + fit(row.current, valueWidth - 1) + " " + row.previous, x: x, y: y, columns: width,
        style: row.current == row.previous ? .plain : Style(color: .yellow), ellipsis: glyphs.ellipsis)
      y += 1
    }
    grid.put(
      "Ranked top 10 / top 100 shared with the previous models: "
        + "\(Int((comparison.overlapAt10 * 100).rounded()))% / \(Int((comparison.overlapAt100 * 100).rounded()))%"
        + " (\(comparison.users) users)", x: x, y: y, columns: width, style: Style(bold: true),
      ellipsis: glyphs.ellipsis)
    y += 2
    guard var current = state.ranked?.ranked, var previous = state.previousRanked?.ranked else { return }
    let kind = state.comparesCandidates ? "candidates" : "ranked"
    if state.comparesCandidates {
      current.sort { $0.candidateRank < $1.candidateRank }
      previous.sort { $0.candidateRank < $1.candidateRank }
    }
    let half = (width - 1) / 2
    let heading = "For \(userLabel): current \(kind)"
    grid.put(
      heading + String(repeating: " ", count: max(half - heading.count, 1)), x: x, y: y, columns: half,
      style: .secondary)
    grid.put(String(glyphs.vertical) + " previous \(kind)", x: x + half, y: y, columns: width - half, style: .secondary)
    let moves = RankMove.moves(of: current.map(\.video), against: previous.map(\.video))
    let currentRank = Dictionary(current.enumerated().map { ($1.video, $0) }, uniquingKeysWith: { a, _ in a })
    let rows = max(layout.bodyTop + layout.bodyHeight - y - 1, 0)
    for i in 0..<min(rows, max(current.count, previous.count)) {
      let rowY = y + 1 + i
      if i < current.count {
        let video = current[i].video
        let style: Style =
          switch moves[i] {
          case .same: .secondary
          case .up: Style(color: .green)
          case .down: Style(color: .red)
          case .new: Style(color: .cyan)
          }
        grid.put(Format.right("\(i + 1)", 3) + " ", x: x, y: rowY)
        grid.put(Format.right(moves[i].label, 5), x: x + 4, y: rowY, style: style)
        grid.put(" " + fit(data.title(of: video), max(half - 11, 4)), x: x + 9, y: rowY)
      }
      grid.put(String(glyphs.vertical), x: x + half, y: rowY, style: .secondary)
      if i < previous.count {
        let video = previous[i].video
        let now = currentRank[video].map { "\(glyphs.arrow)\($0 + 1)" } ?? "gone"
        grid.put(Format.right("\(i + 1)", 4) + " ", x: x + half + 1, y: rowY)
        grid.put(
          Format.right(now, 6), x: x + half + 6, y: rowY,
          style: currentRank[video] == nil ? Style(color: .red) : .secondary)
        grid.put(" " + fit(data.title(of: video), max(width - half - 14, 4)), x: x + half + 12, y: rowY)
      }
    }
  }
}
