import Foundation

/// Small SVG charts for the experiments' figures, readable without other tools: axes with round
/// tick values and light grid lines, axis titles with units, a legend, point markers, and an
/// optional caption under the plot for what the plot leaves out.
public enum SVGChart {
  /// One named series of (x, y) points.
  public struct Series: Sendable {
    /// The legend's name.
    public var name: String
    /// The points, in drawing order.
    public var points: [(x: Double, y: Double)]

    /// A series.
    public init(name: String, points: [(x: Double, y: Double)]) {
      self.name = name
      self.points = points
    }
  }

  /// Round tick values covering `low...high`, about `count` of them, with steps of 1, 2 or 5
  /// times a power of ten (`[0, 0.05, …, 0.25]` for `0...0.237`).
  public static func ticks(_ low: Double, _ high: Double, count: Int = 5) -> [Double] {
    guard high > low, low.isFinite, high.isFinite else { return [low] }
    let step = tickStep(low, high, count: count)
    let first = Int((low / step + 1e-9).rounded(.down))
    let last = Int((high / step - 1e-9).rounded(.up))
    return (first...max(first, last)).map { Double($0) * step }
  }

  /// The tick step for `low...high`: 1, 2 or 5 times a power of ten.
  static func tickStep(_ low: Double, _ high: Double, count: Int) -> Double {
    let raw = (high - low) / Double(max(count, 1))
    let magnitude = pow(10, (log10(raw)).rounded(.down))
    let residual = raw / magnitude
    let factor: Double = residual < 1.5 ? 1 : residual < 3 ? 2 : residual < 7 ? 5 : 10
    return factor * magnitude
  }

  /// A tick's label with as many decimals as the step needs ("0.05", "10", "2.5").
  static func label(_ value: Double, step: Double) -> String {
    let decimals = max(0, Int(-(log10(step)).rounded(.down)))
    let text = String(format: "%.\(decimals)f", value)
    return text == "-0" ? "0" : text
  }

  /// Lines with point markers. `integerX` puts one tick on every whole x (depths, days).
  public static func lines(
    title: String, xLabel: String, yLabel: String, series: [Series], integerX: Bool = false, caption: String? = nil
  ) -> String {
    let layout = Layout(caption: caption)
    let xs = series.flatMap { $0.points.map(\.x) }
    let ys = series.flatMap { $0.points.map(\.y) }
    let xTicks: [Double]
    if integerX, let lo = xs.min(), let hi = xs.max(), hi - lo <= 20 {
      xTicks = stride(from: lo.rounded(.down), through: hi.rounded(.up), by: 1).map { $0 }
    } else {
      xTicks = ticks(xs.min() ?? 0, max(xs.max() ?? 1, (xs.min() ?? 0) + 1e-9))
    }
    let yTicks = ticks(min(0, ys.min() ?? 0), max(ys.max() ?? 1, 1e-9))
    let plot = Plot(layout: layout, xRange: xTicks, yRange: yTicks)
    var svg = frame(title: title, width: layout.width, height: layout.height)
    svg += plot.axes(xTicks: xTicks, yTicks: yTicks, xLabel: xLabel, yLabel: yLabel, integerX: integerX)
    for (i, s) in series.enumerated() {
      let colour = colours[i % colours.count]
      let path = s.points.map { "\(f(plot.x($0.x))),\(f(plot.y($0.y)))" }.joined(separator: " ")
      svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(path)\"/>\n"
      for p in s.points {
        svg += "<circle cx=\"\(f(plot.x(p.x)))\" cy=\"\(f(plot.y(p.y)))\" r=\"3\" fill=\"\(colour)\"/>\n"
      }
      svg += legendEntry(i, name: s.name, layout: layout, line: true)
    }
    return svg + captionText(caption, layout: layout) + "</svg>\n"
  }

  /// Grouped bars: one group per metric, one bar per series in each group, values on the bars.
  public static func bars(
    title: String, groups: [String], series: [(name: String, values: [Double])], yLabel: String = "value",
    valueFormat: String = "%.3f", caption: String? = nil
  ) -> String {
    let layout = Layout(caption: caption)
    let yTicks = ticks(0, max(series.flatMap(\.values).max() ?? 1, 1e-9) * 1.08)
    let plot = Plot(layout: layout, xRange: [0, Double(max(groups.count, 1))], yRange: yTicks)
    var svg = frame(title: title, width: layout.width, height: layout.height)
    svg += plot.axes(xTicks: [], yTicks: yTicks, xLabel: "", yLabel: yLabel, integerX: false)
    let barWidth = 0.8 / Double(max(series.count, 1))
    // Labels wider than their group (about 6.6 px a character at 12 px) alternate between two rows.
    let widest = Double(groups.map(\.count).max() ?? 0) * 6.6
    let staggered = widest > plot.x(1) - plot.x(0)
    for (g, group) in groups.enumerated() {
      let labelY = plot.y(yTicks[0]) + 16 + (staggered && g % 2 == 1 ? 14 : 0)
      svg += "<text x=\"\(f(plot.x(Double(g) + 0.5)))\" y=\"\(f(labelY))\" text-anchor=\"middle\">"
      svg += escape(group) + "</text>\n"
      for (i, s) in series.enumerated() where g < s.values.count {
        let value = s.values[g]
        let left = plot.x(Double(g) + 0.1 + Double(i) * barWidth)
        let width = plot.x(barWidth) - plot.x(0)
        svg += "<rect x=\"\(f(left))\" y=\"\(f(plot.y(value)))\" width=\"\(f(width * 0.9))\" "
        svg += "height=\"\(f(plot.y(0) - plot.y(value)))\" fill=\"\(colours[i % colours.count])\"/>\n"
        svg += "<text x=\"\(f(left + width * 0.45))\" y=\"\(f(plot.y(value) - 3))\" text-anchor=\"middle\" "
        svg += "font-size=\"9\">" + String(format: valueFormat, value) + "</text>\n"
      }
    }
    for (i, s) in series.enumerated() { svg += legendEntry(i, name: s.name, layout: layout, line: false) }
    return svg + captionText(caption, layout: layout) + "</svg>\n"
  }

  // MARK: - Drawing

  static let colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]

  /// The canvas and the plot area's margins.
  struct Layout {
    let width = 760.0
    let left = 80.0
    let right = 200.0
    let top = 44.0
    let bottom: Double
    let height: Double

    /// The lines of the caption ("\n" separates them), each 16 px high below the axis label.
    init(caption: String?) {
      let lines = Double(caption?.split(separator: "\n").count ?? 0)
      bottom = caption == nil ? 56 : 64 + 16 * lines
      height = 440 + (caption == nil ? 0 : 8 + 16 * lines)
    }
  }

  /// Data-to-pixel mapping over the tick ranges, and the axes.
  struct Plot {
    let layout: Layout
    let x0, x1, y0, y1: Double

    init(layout: Layout, xRange: [Double], yRange: [Double]) {
      self.layout = layout
      x0 = xRange.first ?? 0
      x1 = max(xRange.last ?? 1, x0 + 1e-9)
      y0 = yRange.first ?? 0
      y1 = max(yRange.last ?? 1, y0 + 1e-9)
    }

    func x(_ value: Double) -> Double {
      layout.left + (value - x0) / (x1 - x0) * (layout.width - layout.left - layout.right)
    }

    func y(_ value: Double) -> Double {
      layout.height - layout.bottom - (value - y0) / (y1 - y0) * (layout.height - layout.top - layout.bottom)
    }

    /// Grid lines, tick labels, the axis lines and their titles.
    func axes(xTicks: [Double], yTicks: [Double], xLabel: String, yLabel: String, integerX: Bool) -> String {
      var svg = ""
      let yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 1
      for t in yTicks {
        svg += "<line x1=\"\(f(x(x0)))\" y1=\"\(f(y(t)))\" x2=\"\(f(x(x1)))\" y2=\"\(f(y(t)))\" stroke=\"#e0e0e0\"/>\n"
        svg += "<text x=\"\(f(x(x0) - 6))\" y=\"\(f(y(t) + 4))\" text-anchor=\"end\">"
        svg += SVGChart.label(t, step: yStep) + "</text>\n"
      }
      let xStep = integerX ? 1 : (xTicks.count > 1 ? xTicks[1] - xTicks[0] : 1)
      for t in xTicks {
        svg +=
          "<line x1=\"\(f(x(t)))\" y1=\"\(f(y(y0)))\" x2=\"\(f(x(t)))\" y2=\"\(f(y(y0) + 5))\" stroke=\"black\"/>\n"
        svg += "<text x=\"\(f(x(t)))\" y=\"\(f(y(y0) + 18))\" text-anchor=\"middle\">"
        svg += SVGChart.label(t, step: xStep) + "</text>\n"
      }
      svg += "<line x1=\"\(f(x(x0)))\" y1=\"\(f(y(y0)))\" x2=\"\(f(x(x1)))\" y2=\"\(f(y(y0)))\" stroke=\"black\"/>\n"
      svg += "<line x1=\"\(f(x(x0)))\" y1=\"\(f(y(y0)))\" x2=\"\(f(x(x0)))\" y2=\"\(f(y(y1)))\" stroke=\"black\"/>\n"
      let middleX = (x(x0) + x(x1)) / 2
      let middleY = (y(y0) + y(y1)) / 2
      svg += "<text x=\"\(f(middleX))\" y=\"\(f(y(y0) + 38))\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
      svg += "<text x=\"20\" y=\"\(f(middleY))\" text-anchor=\"middle\" transform=\"rotate(-90 20 \(f(middleY)))\">"
      svg += escape(yLabel) + "</text>\n"
      return svg
    }
  }

  static func legendEntry(_ i: Int, name: String, layout: Layout, line: Bool) -> String {
    let colour = colours[i % colours.count]
    let y = layout.top + 20 + Double(i) * 22
    let x = layout.width - layout.right + 18
    let mark =
      line
      ? "<line x1=\"\(f(x))\" y1=\"\(f(y))\" x2=\"\(f(x + 24))\" y2=\"\(f(y))\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
      : "<rect x=\"\(f(x))\" y=\"\(f(y - 6))\" width=\"24\" height=\"11\" fill=\"\(colour)\"/>"
    return mark + "<text x=\"\(f(x + 30))\" y=\"\(f(y + 4))\">\(escape(name))</text>\n"
  }

  static func captionText(_ caption: String?, layout: Layout) -> String {
    guard let caption else { return "" }
    let lines = caption.split(separator: "\n")
    return lines.enumerated().map { i, line in
      let y = layout.height - 14 - 16 * Double(lines.count - 1 - i)
      return "<text x=\"\(f(layout.left))\" y=\"\(f(y))\" font-size=\"11\" fill=\"#444\">" + escape(String(line))
        + "</text>\n"
    }.joined()
  }

  /// The opening of a chart: the `<svg>` element, a white background and the title.
  static func frame(title: String, width: Double, height: Double) -> String {
    """
    <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" font-family="sans-serif" font-size="12">
    <rect width="100%" height="100%" fill="white"/>
    <text x="\(Int(width / 2))" y="24" text-anchor="middle" font-size="15">\(escape(title))</text>

    """
  }

  /// A coordinate with one decimal.
  static func f(_ value: Double) -> String { String(format: "%.1f", value) }

  /// Text escaped for SVG (data names reach the chart).
  public static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }
}
