import CandidateGeneration
import Recommendation

extension Canvas {
  /// The selected candidate's retrieval explanation: its CG score against an anonymous user's,
  /// the totals by kind of input, then the inputs that pulled it most and those that pushed it
  /// away most, each with a signed bar.
  mutating func drawWhyRetrieved() {
    guard let candidate = state.selectedCandidate, let reasons = state.reasons,
      let why = data.explain(candidate.video, reasons: reasons)
    else { return }
    let width = min(layout.width - 4, 110)
    let height = min(layout.height - 2, 30)
    let origin = box(width: width, height: height, title: "Why retrieved (any key closes)")
    let inner = width - 4
    var y = origin.y
    func line(_ text: String, style: Style = .plain) {
      guard y < origin.y + height - 2 else { return }
      grid.put(text, x: origin.x, y: y, columns: inner, style: style, ellipsis: glyphs.ellipsis)
      y += 1
    }
    line(data.title(of: candidate.video), style: Style(bold: true))
    line(
      "u.v = \(Format.fixed(why.score)) = anonymous user's u0.v \(Format.fixed(why.anonymousScore))"
        + " + the inputs below (\(why.items.count), rescale rule)", style: .secondary)
    line(why.groups.map { "\($0.group.rawValue) \(Format.signed($0.total))" }.joined(separator: "  "))
    y += 1
    // The rows left, split between pulls and pushes (pushes get at most a third).
    let rows = max(origin.y + height - 2 - y - 2, 2)
    let pushes = why.items.reversed().prefix { $0.contribution < 0 }
    let pushRows = min(pushes.count, rows / 3)
    let pulls = why.items.prefix { $0.contribution >= 0 }.prefix(rows - pushRows)
    let scale = why.items.map { abs($0.contribution) }.max() ?? 1
    line("pulled it up", style: Style(color: .green, bold: true))
    for item in pulls { reasonRow(item, scale: scale, x: origin.x, y: &y, width: inner, limit: origin.y + height - 2) }
    if pushRows > 0 {
      line("pushed it down", style: Style(color: .red, bold: true))
      for item in pushes.prefix(pushRows) {
        reasonRow(item, scale: scale, x: origin.x, y: &y, width: inner, limit: origin.y + height - 2)
      }
    }
  }

  /// One input: its contribution, a bar scaled to the largest, and its label.
  private mutating func reasonRow(
    _ item: RetrievalExplanation.Item, scale: Float, x: Int, y: inout Int, width: Int, limit: Int
  ) {
    guard y < limit else { return }
    let barWidth = 12
    let cells = scale > 0 ? Double(abs(item.contribution) / scale) * Double(barWidth) : 0
    let bar = barString(cells).padding(barWidth)
    let count = item.occurrences > 1 ? " (x\(item.occurrences))" : ""
    grid.put(Format.right(Format.signed(item.contribution), 7), x: x, y: y)
    grid.put(bar, x: x + 8, y: y, style: Style(color: item.contribution >= 0 ? .green : .red))
    grid.put(
      data.label(item.input) + count, x: x + 9 + barWidth, y: y, columns: max(width - 9 - barWidth, 1),
      ellipsis: glyphs.ellipsis)
    y += 1
  }
}

extension Canvas {
  /// The video search box: the typed text and the matching titles, the chosen one lit.
  mutating func drawVideoSearch(_ search: VideoSearch) {
    let width = min(layout.width - 4, 90)
    let height = min(layout.height - 2, 24)
    let origin = box(width: width, height: height, title: "Find a video (Enter opens, Esc closes)")
    let inner = width - 4
    grid.put("title contains: \(search.text)_", x: origin.x, y: origin.y, columns: inner, style: Style(bold: true))
    let rows = height - 4
    guard !search.matches.isEmpty else {
      let hint = search.text.isEmpty ? "type part of a title" : "no title contains \"\(search.text)\""
      grid.put(hint, x: origin.x, y: origin.y + 2, columns: inner, style: .secondary, ellipsis: glyphs.ellipsis)
      return
    }
    let first = max(0, min(search.selected - rows + 1, search.matches.count - rows))
    for (i, video) in search.matches.dropFirst(first).prefix(rows).enumerated() {
      let index = first + i
      let mark = state.watched.contains(video) ? String(glyphs.watchedMark) : " "
      row(
        mark + data.title(of: video), x: origin.x, y: origin.y + 1 + i, width: inner,
        selected: index == search.selected, focused: true)
    }
  }
}

extension Canvas {
  /// The what-if demographics form.
  mutating func drawDemographics(_ form: DemographicsForm) {
    let fields: [(DemographicsForm.Field, String, String)] = [
      (.age, "Age", "\(Int(form.age))"), (.gender, "Gender", form.gender), (.region, "Region", form.region),
      (.device, "Device", form.device),
    ]
    let origin = box(width: 56, height: fields.count + 4, title: "What if: demographics")
    for (i, field) in fields.enumerated() {
      let selected = form.field == field.0
      let text = "\(selected ? String(glyphs.pointer) : " ") \(field.1.padding(10))< \(field.2) >"
      grid.put(
        text, x: origin.x, y: origin.y + i, columns: 50, style: selected ? .selected : .plain, ellipsis: glyphs.ellipsis
      )
    }
    grid.put(
      "Up/Down field, Left/Right value, Enter applies, Esc cancels", x: origin.x, y: origin.y + fields.count + 1,
      style: .secondary, maxWidth: 50)
  }
}
