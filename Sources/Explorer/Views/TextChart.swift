import Foundation
import NeuralCore

/// A line chart in text cells. With Unicode each cell holds a 2 × 4 braille dot matrix, so a
/// plot of `columns × rows` cells has `2·columns × 4·rows` dots; in ASCII each cell holds one
/// mark. Lines join consecutive points; the first series is drawn last, on top.
struct TextChart {
  /// One plotted cell: its character and the series that drew it last (-1: the diagonal).
  struct Mark: Equatable {
    var character: Character
    var series: Int
  }

  /// The plot's size in cells.
  let columns: Int
  let rows: Int
  /// Data ranges, after any log scale.
  let xRange: ClosedRange<Double>
  let yRange: ClosedRange<Double>
  /// Whether x is on a log10 scale.
  let logX: Bool

  /// A chart over `chart`'s data in a plot of `columns × rows` cells.
  init(_ chart: ChartData, columns: Int, rows: Int) {
    self.columns = max(columns, 2)
    self.rows = max(rows, 2)
    logX = chart.logX
    let points = chart.series.flatMap(\.points)
    let xs = points.map { chart.logX ? log10(max($0.x, 1e-9)) : $0.x }
    var ys = points.map(\.y)
    var x = Self.range(xs)
    if chart.diagonal {
      // The y = x line needs both axes to cover both ranges.
      ys += points.map(\.x)
      x = Self.range(xs + points.map(\.y))
    }
    xRange = x
    yRange = chart.diagonal ? x : Self.padded(Self.range(ys))
  }

  /// A chart over given ranges (tests; the views use ``init(_:columns:rows:)``).
  init(columns: Int, rows: Int, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>, logX: Bool) {
    self.columns = max(columns, 2)
    self.rows = max(rows, 2)
    self.xRange = xRange
    self.yRange = yRange
    self.logX = logX
  }

  /// The smallest range holding `values`, widened when it is a single value.
  static func range(_ values: [Double]) -> ClosedRange<Double> {
    let finite = values.filter(\.isFinite)
    guard let low = finite.min(), let high = finite.max() else { return 0...1 }
    return low == high ? (low - 1)...(high + 1) : low...high
  }

  /// `range` with 5% of its span added at each end.
  static func padded(_ range: ClosedRange<Double>) -> ClosedRange<Double> {
    let pad = (range.upperBound - range.lowerBound) * 0.05
    return (range.lowerBound - pad)...(range.upperBound + pad)
  }

  /// The plot's cells, row by row from the top: nil where nothing is drawn.
  func cells(_ chart: ChartData, ascii: Bool) -> [[Mark?]] {
    let dotsX = ascii ? 1 : 2
    let dotsY = ascii ? 1 : 4
    var dots = [[Int?]](repeating: [Int?](repeating: nil, count: columns * dotsX), count: rows * dotsY)
    func dot(_ p: FigurePoint) -> (Int, Int) {
      let x = logX ? log10(max(p.x, 1e-9)) : p.x
      let fx = (x - xRange.lowerBound) / (xRange.upperBound - xRange.lowerBound)
      let fy = (yRange.upperBound - p.y) / (yRange.upperBound - yRange.lowerBound)
      let column = Int((fx * Double(columns * dotsX - 1)).rounded())
      let row = Int((fy * Double(rows * dotsY - 1)).rounded())
      return (min(max(column, 0), columns * dotsX - 1), min(max(row, 0), rows * dotsY - 1))
    }
    func line(_ a: (Int, Int), _ b: (Int, Int), series: Int) {
      Self.segment(from: a, to: b) { x, y in dots[y][x] = series }
    }
    if chart.diagonal {
      let low = FigurePoint(x: xRange.lowerBound, y: xRange.lowerBound)
      let high = FigurePoint(x: xRange.upperBound, y: xRange.upperBound)
      line(dot(low), dot(high), series: -1)
    }
    for (index, series) in chart.series.enumerated().reversed() {
      let points = series.points.filter { $0.x.isFinite && $0.y.isFinite }.map(dot)
      if points.count == 1, let only = points.first { dots[only.1][only.0] = index }
      for (a, b) in zip(points, points.dropFirst()) { line(a, b, series: index) }
    }
    return (0..<rows).map { row in
      (0..<columns).map { column in
        if ascii {
          guard let series = dots[row][column] else { return nil }
          return Mark(character: series < 0 ? "." : (series == 0 ? "*" : "o"), series: series)
        }
        var bits: UInt32 = 0
        var series: Int?
        for dy in 0..<4 {
          for dx in 0..<2 {
            guard let s = dots[row * 4 + dy][column * 2 + dx] else { continue }
            bits |= Self.brailleBit(dx: dx, dy: dy)
            // The lowest series index wins (the current model's), and any series wins over the diagonal.
            if let current = series {
              if s >= 0 && (current < 0 || s < current) { series = s }
            } else {
              series = s
            }
          }
        }
        guard bits != 0, let series, let scalar = Unicode.Scalar(0x2800 + bits) else { return nil }
        return Mark(character: Character(scalar), series: series)
      }
    }
  }

  /// The braille bit of dot (`dx`, `dy`) of a cell: dots 1–3 and 7 down the left column, 4–6
  /// and 8 down the right (Unicode's braille patterns block, U+2800 + the bits).
  static func brailleBit(dx: Int, dy: Int) -> UInt32 {
    let left: [UInt32] = [0x01, 0x02, 0x04, 0x40]
    let right: [UInt32] = [0x08, 0x10, 0x20, 0x80]
    return dx == 0 ? left[dy] : right[dy]
  }

  /// Every grid point of the segment from `a` to `b` (Bresenham).
  static func segment(from a: (Int, Int), to b: (Int, Int), _ visit: (Int, Int) -> Void) {
    var (x, y) = a
    let dx = abs(b.0 - x)
    let dy = -abs(b.1 - y)
    let stepX = x < b.0 ? 1 : -1
    let stepY = y < b.1 ? 1 : -1
    var error = dx + dy
    while true {
      visit(x, y)
      if x == b.0 && y == b.1 { return }
      let doubled = 2 * error
      if doubled >= dy {
        error += dy
        x += stepX
      }
      if doubled <= dx {
        error += dx
        y += stepY
      }
    }
  }

  /// A tick label: whole numbers as such, otherwise up to 3 significant digits; thousands as "k".
  static func label(_ value: Double) -> String {
    let magnitude = abs(value)
    if magnitude < 1000, value == value.rounded() { return String(format: "%.0f", value) }
    if magnitude >= 10_000 { return String(format: "%.0fk", value / 1000) }
    if magnitude >= 1000 { return String(format: "%.1fk", value / 1000) }
    if magnitude >= 100 { return String(format: "%.0f", value) }
    if magnitude >= 10 { return String(format: "%.1f", value) }
    if magnitude >= 1 { return String(format: "%.2f", value) }
    return String(format: "%.3f", value)
  }

  /// The x value at fraction `f` of the axis (undoing the log scale).
  func xValue(at f: Double) -> Double {
    let x = xRange.lowerBound + f * (xRange.upperBound - xRange.lowerBound)
    return logX ? pow(10, x) : x
  }

  /// The y value at fraction `f` of the axis, from the bottom.
  func yValue(at f: Double) -> Double { yRange.lowerBound + f * (yRange.upperBound - yRange.lowerBound) }
}
