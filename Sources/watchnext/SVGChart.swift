import Foundation

/// A minimal SVG line chart, so experiment curves can be looked at without other tools.
enum SVGChart {
  /// One named series of (x, y) points.
  struct Series {
    var name: String
    var points: [(x: Double, y: Double)]
  }

  static func lines(title: String, xLabel: String, yLabel: String, series: [Series]) -> String {
    let (width, height, left, right, top, bottom) = (720.0, 420.0, 70.0, 190.0, 40.0, 50.0)
    let xs = series.flatMap { $0.points.map(\.x) }
    let ys = series.flatMap { $0.points.map(\.y) }
    let (x0, x1) = (xs.min() ?? 0, max(xs.max() ?? 1, (xs.min() ?? 0) + 1e-9))
    let (y0, y1) = (min(0, ys.min() ?? 0), max(ys.max() ?? 1, 1e-9) * 1.05)
    func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * (width - left - right) }
    func py(_ y: Double) -> Double { height - bottom - (y - y0) / (y1 - y0) * (height - top - bottom) }
    let colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"]
    var svg = frame(title: title, width: width, height: height)
    svg += """
      <line x1="\(px(x0))" y1="\(py(y0))" x2="\(px(x1))" y2="\(py(y0))" stroke="black"/>
      <line x1="\(px(x0))" y1="\(py(y0))" x2="\(px(x0))" y2="\(py(y1))" stroke="black"/>
      <text x="\((px(x0) + px(x1)) / 2)" y="\(height - 12)" text-anchor="middle">\(escape(xLabel))</text>
      <text x="16" y="\((py(y0) + py(y1)) / 2)" text-anchor="middle" transform="rotate(-90 16 \((py(y0) + py(y1)) / 2))">\(escape(yLabel))</text>

      """
    for i in 0...4 {
      let y = y0 + (y1 - y0) * Double(i) / 4
      svg += "<text x=\"\(px(x0) - 6)\" y=\"\(py(y) + 4)\" text-anchor=\"end\">\(String(format: "%.3g", y))</text>\n"
      let x = x0 + (x1 - x0) * Double(i) / 4
      svg += "<text x=\"\(px(x))\" y=\"\(py(y0) + 16)\" text-anchor=\"middle\">\(String(format: "%.3g", x))</text>\n"
    }
    for (i, s) in series.enumerated() {
      let colour = colours[i % colours.count]
      let path = s.points.map { "\(px($0.x)),\(py($0.y))" }.joined(separator: " ")
      svg += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(path)\"/>\n"
      let ly = top + 20 + Double(i) * 20
      svg +=
        "<line x1=\"\(width - right + 15)\" y1=\"\(ly)\" x2=\"\(width - right + 40)\" y2=\"\(ly)\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
      svg += "<text x=\"\(width - right + 45)\" y=\"\(ly + 4)\">\(escape(s.name))</text>\n"
    }
    return svg + "</svg>\n"
  }

  /// Grouped bars: one group per metric, one bar per series in each group.
  static func bars(title: String, groups: [String], series: [(name: String, values: [Double])]) -> String {
    let (width, height, left, right, top, bottom) = (720.0, 420.0, 70.0, 190.0, 40.0, 50.0)
    let top1 = max(series.flatMap(\.values).max() ?? 1, 1e-9) * 1.1
    let plotWidth = width - left - right
    let groupWidth = plotWidth / Double(max(groups.count, 1))
    let barWidth = groupWidth * 0.8 / Double(max(series.count, 1))
    func py(_ y: Double) -> Double { height - bottom - y / top1 * (height - top - bottom) }
    let colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"]
    var svg = frame(title: title, width: width, height: height)
    svg += """
      <line x1="\(left)" y1="\(py(0))" x2="\(width - right)" y2="\(py(0))" stroke="black"/>

      """
    for (g, group) in groups.enumerated() {
      let x0 = left + Double(g) * groupWidth + groupWidth * 0.1
      svg += "<text x=\"\(x0 + groupWidth * 0.4)\" y=\"\(py(0) + 16)\" text-anchor=\"middle\">\(escape(group))</text>\n"
      for (i, s) in series.enumerated() where g < s.values.count {
        let value = s.values[g]
        let x = x0 + Double(i) * barWidth
        svg += "<rect x=\"\(x)\" y=\"\(py(value))\" width=\"\(barWidth * 0.9)\" height=\"\(py(0) - py(value))\" "
        svg += "fill=\"\(colours[i % colours.count])\"/>\n"
        svg += "<text x=\"\(x + barWidth * 0.45)\" y=\"\(py(value) - 3)\" text-anchor=\"middle\" font-size=\"9\">"
        svg += String(format: "%.3f", value) + "</text>\n"
      }
    }
    for (i, s) in series.enumerated() {
      let ly = top + 20 + Double(i) * 20
      svg +=
        "<rect x=\"\(width - right + 15)\" y=\"\(ly - 6)\" width=\"20\" height=\"10\" fill=\"\(colours[i % colours.count])\"/>"
      svg += "<text x=\"\(width - right + 45)\" y=\"\(ly + 4)\">\(escape(s.name))</text>\n"
    }
    return svg + "</svg>\n"
  }

  /// The opening of a chart: the `<svg>` element, a white background and the title.
  static func frame(title: String, width: Double, height: Double) -> String {
    """
    <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" font-family="sans-serif" font-size="12">
    <rect width="100%" height="100%" fill="white"/>
    <text x="\(Int(width / 2))" y="22" text-anchor="middle" font-size="15">\(escape(title))</text>

    """
  }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;")
  }
}
