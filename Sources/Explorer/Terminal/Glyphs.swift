/// The characters the views draw with: Unicode where the terminal has it, ASCII otherwise.
public struct Glyphs: Sendable, Equatable {
  /// Vertical divider.
  public var vertical: Character
  /// Horizontal divider.
  public var horizontal: Character
  /// Full bar cell.
  public var full: Character
  /// Bar cells by eighths, from 1/8 to 8/8.
  public var eighths: [Character]
  /// The marker of the selected row.
  public var pointer: Character
  /// "Goes to" arrow.
  public var arrow: String
  /// The ellipsis of cut text.
  public var ellipsis: Character
  /// Middle dot separator.
  public var dot: String
  /// Box corners: top left, top right, bottom left, bottom right.
  public var corners: [Character]
  /// Vertical bar heights, lowest first (one-cell magnitudes).
  public var levels: [Character]
  /// The mark of a video the chosen user has watched.
  public var watchedMark: Character = "✓"

  /// Unicode box drawing and block elements.
  public static let unicode = Glyphs(
    vertical: "│", horizontal: "─", full: "█", eighths: ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"], pointer: "▶",
    arrow: "→", ellipsis: "…", dot: "·", corners: ["┌", "┐", "└", "┘"],
    levels: ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"])
  /// Plain ASCII.
  public static let ascii = Glyphs(
    vertical: "|", horizontal: "-", full: "#", eighths: ["#", "#", "#", "#", "#", "#", "#", "#"], pointer: ">",
    arrow: "->", ellipsis: "~", dot: "|", corners: ["+", "+", "+", "+"],
    levels: [".", ":", "+", "+", "#", "#", "#", "#"], watchedMark: "*")
}
