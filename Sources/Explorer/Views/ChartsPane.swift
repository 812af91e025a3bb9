extension Canvas {
  /// The Charts pane: one chart at a time (Left/Right or h/l change it), with its title, y axis
  /// ticks, the plot, x axis ticks and label, and a legend.
  mutating func drawCharts() {
    let x = layout.mainX
    let width = layout.mainWidth
    let top = layout.bodyTop
    let charts = data.charts
    guard !charts.isEmpty else {
      paneHeader("Charts", columns: "")
      grid.put(
        "No charts yet: models record their training curves and validation figures when they are trained (r).",
        x: x + 1, y: top + 2, columns: width - 1, style: Style(color: .yellow), ellipsis: glyphs.ellipsis)
      return
    }
    let index = min(state.chartIndex, charts.count - 1)
    let chart = charts[index]
    paneHeader("Chart \(index + 1)/\(charts.count): \(chart.title)", columns: "h/l: other charts")
    let axisWidth = 8
    let plotColumns = max(width - axisWidth - 2, 10)
    let plotRows = max(layout.bodyHeight - 6, 4)
    let plot = TextChart(chart, columns: plotColumns, rows: plotRows)
    let plotX = x + axisWidth + 1
    let plotTop = top + 2
    // The y axis: a line, and ticks at the top, middle and bottom.
    for row in 0..<plotRows {
      grid.put(String(glyphs.vertical), x: plotX - 1, y: plotTop + row, style: .secondary)
    }
    for (row, fraction) in [
      (0, 1.0), (plotRows / 2, 1 - Double(plotRows / 2) / Double(max(plotRows - 1, 1))), (plotRows - 1, 0),
    ] {
      let label = TextChart.label(plot.yValue(at: fraction))
      grid.put(Format.right(label, axisWidth - 1), x: x, y: plotTop + row, style: .secondary)
    }
    let colors: [Color] = [.cyan, .yellow]
    for (row, cells) in plot.cells(chart, ascii: glyphs == .ascii).enumerated() {
      for (column, mark) in cells.enumerated() {
        guard let mark else { continue }
        let style =
          mark.series < 0
          ? Style(color: .standard, dim: true) : Style(color: colors[min(mark.series, colors.count - 1)])
        grid.put(String(mark.character), x: plotX + column, y: plotTop + row, style: style)
      }
    }
    // The x axis: a line, ticks at both ends and the middle, and the label.
    let axisY = plotTop + plotRows
    grid.put(
      String(glyphs.corners[2]) + String(repeating: glyphs.horizontal, count: plotColumns), x: plotX - 1, y: axisY,
      style: .secondary)
    let low = TextChart.label(plot.xValue(at: 0))
    let middle = TextChart.label(plot.xValue(at: 0.5))
    let high = TextChart.label(plot.xValue(at: 1))
    grid.put(low, x: plotX, y: axisY + 1, style: .secondary)
    grid.put(middle, x: plotX + plotColumns / 2 - middle.count / 2, y: axisY + 1, style: .secondary)
    grid.put(high, x: plotX + plotColumns - high.count, y: axisY + 1, style: .secondary)
    grid.put(chart.xLabel, x: plotX + plotColumns / 2 - chart.xLabel.count / 2, y: axisY + 2, style: .secondary)
    // The legend, right-aligned above the plot, and the y label to its left.
    let marks = glyphs == .ascii ? ["*", "o"] : ["⣿", "⣿"]
    var entries = chart.series.enumerated().map { i, series in
      (text: "\(marks[min(i, 1)]) \(series.name)", style: Style(color: colors[min(i, colors.count - 1)]))
    }
    if chart.diagonal { entries.append((glyphs == .ascii ? ". y = x" : "⠑ y = x", Style(color: .standard, dim: true))) }
    let legendWidth = entries.reduce(0) { $0 + $1.text.count + 2 }
    var legendX = max(x + width - legendWidth, x + 12)
    grid.put(
      chart.yLabel, x: x, y: top + 1, columns: max(legendX - x - 2, 1), style: .secondary, ellipsis: glyphs.ellipsis)
    for entry in entries {
      grid.put(entry.text, x: legendX, y: top + 1, style: entry.style, maxWidth: max(x + width - legendX, 0))
      legendX += entry.text.count + 2
    }
  }
}
