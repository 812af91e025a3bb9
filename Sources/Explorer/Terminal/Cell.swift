/// The colours a cell can ask for; the backend maps them to terminal colours, or to
/// attributes on a monochrome terminal.
public enum Color: UInt8, Sendable, CaseIterable {
  /// The terminal's default.
  case standard
  /// Positive contributions, success.
  case green
  /// Negative contributions, errors.
  case red
  /// Headings, the selection.
  case cyan
  /// Warnings, training.
  case yellow
  /// Secondary text.
  case blue
  /// Highlights.
  case magenta
}

/// How a cell is drawn.
public struct Style: Sendable, Hashable {
  /// Foreground colour.
  public var color: Color
  /// Bold text.
  public var bold: Bool
  /// Reverse video (the selection, bars).
  public var reverse: Bool
  /// Dim text.
  public var dim: Bool

  /// A style.
  public init(color: Color = .standard, bold: Bool = false, reverse: Bool = false, dim: Bool = false) {
    self.color = color
    self.bold = bold
    self.reverse = reverse
    self.dim = dim
  }

  /// Plain text.
  public static let plain = Style()
  /// Headings.
  public static let heading = Style(color: .cyan, bold: true)
  /// The heading of the pane that has focus (the keys act on it), in reverse video.
  public static let focusedHeading = Style(color: .cyan, bold: true, reverse: true)
  /// The selected row of the focused list.
  public static let selected = Style(reverse: true)
  /// The selected row of a list without focus.
  public static let selectedUnfocused = Style(color: .cyan, bold: true)
  /// Secondary text.
  public static let secondary = Style(dim: true)
  /// Title and status bars.
  public static let bar = Style(color: .cyan, reverse: true)
}

/// One character cell of the screen.
public struct Cell: Sendable, Hashable {
  /// The character (one column wide).
  public var character: Character
  /// Its style.
  public var style: Style

  /// A blank cell.
  public static let blank = Cell(character: " ", style: .plain)

  /// A cell.
  public init(character: Character, style: Style) {
    self.character = character
    self.style = style
  }
}
