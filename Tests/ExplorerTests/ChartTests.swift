import Explorer
import NeuralCore
import Testing

@testable import Explorer

@Suite("Explorer: charts in text cells")
struct TextChartTests {
  /// y = x from (0, 0) to (7, 7) on a plot of 4 × 2 cells (8 × 8 braille dots): the dots (i, 7 − i),
  /// counted from the top left. By the braille block's bit layout (left column 0x01, 0x02, 0x04,
  /// 0x40 downwards, right column 0x08, 0x10, 0x20, 0x80), each pair of columns holds a rising
  /// step: dot (0, 3) + dot (1, 2) of a cell is 0x40 | 0x20 = U+2860 "⡠", dot (0, 1) + dot (1, 0)
  /// is 0x02 | 0x08 = U+280A "⠊".
  @Test("Braille snapshot: a rising diagonal, worked out by hand from the braille bit layout")
  func brailleDiagonal() {
    let chart = ChartData(
      title: "t", xLabel: "x", yLabel: "y",
      series: [ChartSeries(name: "s", points: [FigurePoint(x: 0, y: 0), FigurePoint(x: 7, y: 7)])])
    // Without the y padding of the views, so that the line runs corner to corner.
    let plot = TextChart(columns: 4, rows: 2, xRange: 0...7, yRange: 0...7, logX: false)
    let rows = plot.cells(chart, ascii: false).map { String($0.map { $0?.character ?? " " }) }
    #expect(rows == ["  ⡠⠊", "⡠⠊  "])
    let ascii = plot.cells(chart, ascii: true).map { String($0.map { $0?.character ?? " " }) }
    #expect(ascii == ["  **", "**  "], "one mark per cell, the 4 × 2 cells the line crosses")
  }

  @Test("The first series is drawn on top; the diagonal goes under everything; a log axis spreads K")
  func layering() {
    let chart = ChartData(
      title: "t", xLabel: "x", yLabel: "y", logX: true,
      series: [
        ChartSeries(name: "current", points: [FigurePoint(x: 1, y: 0), FigurePoint(x: 100, y: 1)]),
        ChartSeries(name: "previous", points: [FigurePoint(x: 1, y: 0), FigurePoint(x: 100, y: 1)]),
      ])
    let plot = TextChart(chart, columns: 10, rows: 5)
    let marks = plot.cells(chart, ascii: true).flatMap { $0 }.compactMap { $0 }
    #expect(!marks.isEmpty && marks.allSatisfy { $0.series == 0 && $0.character == "*" })
    // On the log axis K = 10 is half-way.
    #expect(abs(plot.xValue(at: 0.5) - 10) < 1e-9)
    #expect(TextChart.label(12_345) == "12k" && TextChart.label(0.3456) == "0.346" && TextChart.label(45.67) == "45.7")
    #expect(TextChart.label(3) == "3" && TextChart.label(500) == "500" && TextChart.label(2.5) == "2.50")
  }
}
