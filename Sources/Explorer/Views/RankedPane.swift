import Foundation
import Ranking
import Recommendation

extension Canvas {
  /// Whether the ranked rows have room for the per-group strip.
  var showsStrip: Bool { layout.mainWidth >= 96 }

  mutating func drawRanked() {
    let x = layout.mainX
    let width = layout.mainWidth
    if let missing = data.rankingUnavailable {
      paneHeader("Ranked for \(userLabel)", columns: "")
      var y = layout.bodyTop + 2
      for line in Format.wrap(missing, width: max(width - 2, 10)) {
        grid.put(line, x: x + 1, y: y, style: Style(color: .yellow), maxWidth: width - 1)
        y += 1
      }
      return
    }
    let list = state.rankedRows
    let weighted =
      (state.weights.isIdentity ? "" : " (custom weights)")
      + (state.rankedSort.map { ", by \($0.title) contribution (o)" } ?? "")
    let strip = showsStrip ? "  " + FeatureGroup.allCases.map(\.short).joined(separator: " ") : ""
    paneHeader("Ranked for \(userLabel)\(weighted)", columns: "")
    let stripWidth = showsStrip ? FeatureGroup.allCases.count * 3 + 1 : 0
    // What if: each item's move against the real user's list.
    let moveWidth = state.isEdited ? 6 : 0
    let titleWidth = max(width - 22 - stripWidth - moveWidth, 10)
    grid.put(
      "   # " + (state.isEdited ? "move  " : "") + " CG#  " + "title".padding(titleWidth) + " "
        + Format.right(state.ranked?.scoreColumn ?? "exp(z)", 8) + strip, x: x, y: layout.bodyTop + 1,
      style: .secondary, maxWidth: width)
    let scale = list.prefix(200).flatMap(\.contributions).map(abs).max() ?? 1
    let cursor = state.cursor(.ranked)
    let rows = layout.visibleRows(.ranked) - 1
    for i in 0..<max(rows, 0) {
      let index = cursor.top + i
      guard index < list.count else { break }
      let c = list[index]
      let y = layout.bodyTop + 2 + i
      let move = state.isEdited ? Format.right(state.moves[c.video]?.label ?? "", 5) + " " : ""
      let text =
        Format.right("\(c.rank + 1)", 4) + " " + move + Format.right("\(c.candidateRank + 1)", 4) + "  "
        + fit(data.title(of: c.video), titleWidth) + " "
        + Format.right(state.ranked?.formattedScore(c) ?? "", 8)
      let selected = index == cursor.selected
      row(text, x: x, y: y, width: width, selected: selected, focused: state.focus == .ranked)
      if showsStrip {
        var column = x + text.count + 2
        for value in c.contributions {
          drawStripCell(value, scale: scale, x: column, y: y)
          column += 3
        }
      }
    }
    if layout.detailHeight > 0, let selected = state.selectedRanked {
      drawDetail(
        selected, top: layout.bodyTop + layout.bodyHeight - layout.detailHeight, x: layout.mainX,
        width: layout.mainWidth)
    }
  }

  /// A sign and a block whose height is |value| / scale.
  mutating func drawStripCell(_ value: Float, scale: Float, x: Int, y: Int) {
    let levels = glyphs.levels
    let fraction = scale > 0 ? min(abs(value) / scale, 1) : 0
    let level = levels[min(Int(fraction * Float(levels.count)), levels.count - 1)]
    let color: Color = abs(value) < 0.005 ? .standard : (value > 0 ? .green : .red)
    grid.put(value < 0 ? "-" : "+", x: x, y: y, style: Style(color: color, dim: true))
    grid.put(String(level), x: x + 1, y: y, style: Style(color: color, bold: fraction > 0.5))
  }

  /// The selected item's contributions in numbers, with a signed bar each.
  mutating func drawDetail(_ c: RankedCandidate, top: Int, x: Int, width: Int) {
    grid.put(String(repeating: glyphs.horizontal, count: width), x: x, y: top, style: .secondary)
    let baseline = state.ranked?.baselineLogit ?? 0
    let header =
      "\(data.title(of: c.video)): z = \(Format.fixed(c.modelLogit)) = baseline \(Format.fixed(baseline)) + contributions"
      + (state.weights.isIdentity ? "" : "; weighted z = \(Format.fixed(c.logit))")
    grid.put(header, x: x, y: top + 1, columns: width, style: Style(bold: true), ellipsis: glyphs.ellipsis)
    let scale = c.contributions.map(abs).max() ?? 1
    let half = max((width - 40) / 2, 4)
    for (i, group) in FeatureGroup.allCases.enumerated() {
      let y = top + 2 + i
      let value = c.contributions[i]
      let w = state.weights[group]
      let label = group.title.padding(16) + Format.right(Format.signed(value), 7) + "  w " + Format.fixed(w).padding(5)
      grid.put(label, x: x, y: y, style: w == 1 ? .plain : Style(color: .yellow))
      let barX = x + label.count + 2
      grid.put(String(glyphs.vertical), x: barX + half, y: y, style: .secondary)
      let cells = scale > 0 ? Double(abs(value) / scale) * Double(half) : 0
      let bar = barString(cells)
      if value >= 0 {
        grid.put(bar, x: barX + half + 1, y: y, style: Style(color: .green))
      } else {
        grid.put(bar, x: barX + half - bar.count, y: y, style: Style(color: .red))
      }
    }
  }

  /// Full blocks then an eighth block for the remainder.
  func barString(_ cells: Double) -> String {
    let whole = Int(cells)
    let eighths = Int(((cells - Double(whole)) * 8).rounded(.down))
    var text = String(repeating: glyphs.full, count: whole)
    if eighths > 0 { text.append(glyphs.eighths[eighths - 1]) }
    return text
  }
}
