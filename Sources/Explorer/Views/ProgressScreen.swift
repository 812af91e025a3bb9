import NeuralCore

/// The screen shown while a workspace is being prepared (generated and trained) before the
/// explorer opens.
public enum ProgressScreen {
  /// A centred box with the title, the phase, a progress bar and the detail line.
  public static func render(
    width: Int, height: Int, title: String, progress: ProgressReport?, glyphs: Glyphs, hint: String = "Ctrl-C cancels"
  ) -> CellGrid {
    var grid = CellGrid(width: width, height: height)
    let inner = min(max(width - 8, 10), 70)
    let x = max((width - inner) / 2, 0)
    let y = max(height / 2 - 3, 0)
    grid.put(title, x: x, y: y, style: .heading, maxWidth: inner)
    if let progress {
      grid.put(progress.phase, x: x, y: y + 2, columns: inner)
      let fraction = progress.total > 0 ? min(Double(progress.done) / Double(progress.total), 1) : 0
      let barWidth = max(inner - 7, 4)
      let filled = Int((fraction * Double(barWidth)).rounded())
      grid.put(String(repeating: glyphs.full, count: filled), x: x, y: y + 3, style: Style(color: .cyan))
      grid.put(
        String(repeating: glyphs.horizontal, count: barWidth - filled), x: x + filled, y: y + 3, style: .secondary)
      grid.put(" \(Int(fraction * 100))%", x: x + barWidth, y: y + 3)
      grid.put(progress.detail, x: x, y: y + 4, columns: inner, style: .secondary)
    }
    grid.put(hint, x: x, y: y + 6, style: .secondary, maxWidth: inner)
    return grid
  }
}

/// The screen that offers to train a workspace's missing models before the explorer opens.
public enum OfferScreen {
  /// A centred box with the title and the offer's text, wrapped.
  public static func render(width: Int, height: Int, title: String, text: String, glyphs: Glyphs) -> CellGrid {
    var grid = CellGrid(width: width, height: height)
    let inner = min(max(width - 8, 10), 70)
    let x = max((width - inner) / 2, 0)
    let lines = Format.wrap(text, width: inner)
    var y = max(height / 2 - 2 - lines.count / 2, 0)
    grid.put(title, x: x, y: y, style: .heading, maxWidth: inner)
    y += 2
    for line in lines {
      grid.put(line, x: x, y: y, maxWidth: inner)
      y += 1
    }
    grid.put("Enter: train now · q: quit", x: x, y: y + 1, style: .secondary, maxWidth: inner)
    if glyphs == .ascii { grid.transliterateToASCII() }
    return grid
  }
}
