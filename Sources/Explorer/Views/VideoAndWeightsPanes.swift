import Ranking
import Recommendation

extension Canvas {
  mutating func drawVideo() {
    let x = layout.mainX
    let width = layout.mainWidth
    guard let video = state.videoStack.last else {
      paneHeader("No video open", columns: "press Enter on a history, candidate or ranked row")
      return
    }
    let details = data.video(video)
    let top = layout.bodyTop
    paneHeader(details.title, columns: "")
    let dot = glyphs.dot
    grid.put(
      "\(details.id) \(dot) channel \(details.channel) \(dot) \(details.topic) \(dot) \(details.language) \(dot) "
        + "\(Format.duration(Double(details.duration))) \(dot) uploaded \(Format.date(details.uploadTime)) \(dot) "
        + "\(details.watches) watches",
      x: x, y: top + 1, columns: width, ellipsis: glyphs.ellipsis)
    let path = state.videoStack.dropLast().suffix(3).map { data.video($0).id }
    grid.put(
      path.isEmpty ? "Esc: back to the list" : "from " + path.joined(separator: " \(glyphs.arrow) ") + "  (Esc: back)",
      x: x, y: top + 2, columns: width, style: .secondary)
    let listTitle =
      state.videoList == .neighbors
      ? "Nearest neighbours by embedding cosine (n; \(glyphs.watchedMark) the chosen user watched it)   watchers: w"
      : "Recent watchers (w)   neighbours: n"
    grid.put(listTitle, x: x, y: top + 4, style: Style(bold: true), maxWidth: width)
    let cursor = state.cursor(.video)
    let focused = state.focus == .video
    for i in 0..<layout.visibleRows(.video) {
      let index = cursor.top + i
      let y = top + layout.videoDetailsHeight + i
      switch state.videoList {
      case .neighbors:
        guard index < state.neighbors.count else { break }
        let n = state.neighbors[index]
        let mark = state.watched.contains(n.video) ? String(glyphs.watchedMark) : " "
        let text =
          Format.right("\(index + 1)", 3) + " " + mark + fit(data.title(of: n.video), max(width - 14, 10)) + " "
          + Format.right(Format.fixed(n.score), 6)
        row(text, x: x, y: y, width: width, selected: index == cursor.selected, focused: focused)
      case .watchers:
        guard index < state.watchers.count, let user = data.user(state.watchers[index]) else { break }
        row(
          "\(user.id)  \(user.demographics)  \(user.watches) watches", x: x, y: y, width: width,
          selected: index == cursor.selected, focused: focused)
      }
    }
  }

  mutating func drawWeights() {
    let x = layout.mainX
    let width = layout.mainWidth
    let top = layout.bodyTop
    paneHeader("Feature-group weights", columns: "adjusted z = z + sum of (w - 1) * c; all 1 is the model's order")
    let cursor = state.cursor(.weights)
    let selected = state.selectedRanked
    // The bar gives way before the contribution and its new value ("+5.50  → +11.00") do.
    let barWidth = min(max(width - 26 - 16, 6), 22)
    let cellsPerUnit = Double(barWidth - 2) / 4
    grid.put(
      "group             weight   " + "bar (0..4)".padding(barWidth) + "contribution to the selected item", x: x,
      y: top + 1, style: .secondary, maxWidth: width)
    for (i, group) in FeatureGroup.allCases.enumerated() {
      let w = state.weights[group]
      let y = top + 2 + i
      let text = group.title.padding(16) + Format.right(Format.fixed(w), 7) + "   "
      row(
        text, x: x, y: y, width: min(width, text.count), selected: i == cursor.selected,
        focused: state.focus == .weights, style: w == 1 ? .plain : Style(color: .yellow))
      let bar = barString(Double(max(min(w, 4), 0)) * cellsPerUnit)
      grid.put(bar.padding(barWidth), x: x + text.count, y: y, style: Style(color: w < 0 ? .red : .cyan))
      if let selected {
        let c = selected.contributions[i]
        grid.put(
          Format.signed(c) + (w == 1 ? "" : "  \(glyphs.arrow) " + Format.signed(c * w)), x: x + text.count + barWidth,
          y: y, style: Style(color: c >= 0 ? .green : .red), maxWidth: max(width - text.count - barWidth, 0))
      }
    }
    let d = glyphs.dot
    let keys = "Left/Right or h/l +/-0.25 \(d) z zero \(d) x reset \(d) X reset all \(d) s save \(d) L load"
    grid.put(
      keys, x: x, y: top + 3 + FeatureGroup.allCases.count, columns: width, style: .secondary, ellipsis: glyphs.ellipsis
    )
    let group = state.selectedGroup
    grid.put(
      "\(group.title) reads: " + group.inputs.joined(separator: ", "), x: x, y: top + 4 + FeatureGroup.allCases.count,
      columns: width, style: .secondary, ellipsis: glyphs.ellipsis)
    if let ranked = state.ranked?.ranked.prefix(5) {
      grid.put("Top 5 now:", x: x, y: top + 5 + FeatureGroup.allCases.count, style: Style(bold: true))
      for (i, c) in ranked.enumerated() {
        grid.put(
          Format.right("\(c.rank + 1)", 3) + "  " + fit(data.title(of: c.video), max(width - 20, 10)) + " "
            + Format.right(state.ranked?.formattedScore(c) ?? "", 8),
          x: x, y: top + 6 + FeatureGroup.allCases.count + i, maxWidth: width)
      }
    }
  }
}
