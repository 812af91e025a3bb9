import NeuralCore

/// An in-memory screen: the views draw into it, tests read it as text, and the backend
/// sends only the cells that changed since the previous frame.
public struct CellGrid: Sendable, Equatable {
  /// Columns.
  public let width: Int
  /// Rows.
  public let height: Int
  /// Row-major cells.
  public private(set) var cells: [Cell]

  /// A blank grid.
  public init(width: Int, height: Int) {
    self.width = max(width, 0)
    self.height = max(height, 0)
    cells = [Cell](repeating: .blank, count: self.width * self.height)
  }

  /// The cell at (`x`, `y`).
  public subscript(x: Int, y: Int) -> Cell {
    get { cells[y * width + x] }
    set { cells[y * width + x] = newValue }
  }

  /// Writes `text` from (`x`, `y`), clipped to the grid and to `maxWidth` columns; returns the
  /// column after the last character written.
  @discardableResult
  public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil) -> Int {
    guard y >= 0, y < height else { return x }
    let limit = min(width, x + (maxWidth ?? width))
    var column = x
    for character in text {
      guard column < limit else { break }
      if column >= 0 { cells[y * width + column] = Cell(character: Self.printable(character), style: style) }
      column += 1
    }
    return column
  }

  /// Writes `text` padded with spaces (or cut with an ellipsis) to exactly `columns` columns.
  public mutating func put(
    _ text: String, x: Int, y: Int, columns: Int, style: Style = .plain, ellipsis: Character = "…"
  ) {
    guard columns > 0 else { return }
    put(Self.fitted(text, columns: columns, ellipsis: ellipsis), x: x, y: y, style: style, maxWidth: columns)
  }

  /// `text` padded with spaces, or cut with `ellipsis`, to exactly `columns` characters (a cut
  /// text shows that it was cut).
  public static func fitted(_ text: String, columns: Int, ellipsis: Character = "…") -> String {
    var shown = text
    if text.count > columns {
      shown = String(text.prefix(max(columns - 1, 0))) + (columns > 1 ? String(ellipsis) : "")
    }
    return shown + String(repeating: " ", count: max(columns - shown.count, 0))
  }

  /// Fills a rectangle.
  public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, with cell: Cell = .blank) {
    for row in max(y, 0)..<min(y + h, height) {
      for column in max(x, 0)..<min(x + w, width) { cells[row * width + column] = cell }
    }
  }

  /// Sets the style of a row segment, keeping its characters.
  public mutating func restyle(x: Int, y: Int, width w: Int, style: Style) {
    guard y >= 0, y < height else { return }
    for column in max(x, 0)..<min(x + w, width) { cells[y * width + column].style = style }
  }

  /// Row `y` as text (trailing spaces kept).
  public func text(row y: Int) -> String { String(cells[(y * width)..<((y + 1) * width)].map(\.character)) }

  /// The whole grid as text, one line per row, trailing spaces trimmed (snapshots).
  public var text: String {
    (0..<height).map { row in
      var line = text(row: row)
      while line.last == " " { line.removeLast() }
      return line
    }.joined(separator: "\n")
  }

  /// A horizontal run of changed cells.
  public struct Run: Sendable, Equatable {
    /// Row.
    public var y: Int
    /// First column.
    public var x: Int
    /// The cells from `x` on.
    public var cells: [Cell]

    /// A run.
    public init(y: Int, x: Int, cells: [Cell]) {
      self.y = y
      self.x = x
      self.cells = cells
    }
  }

  /// The runs of cells that differ from `previous` (everything when the sizes differ),
  /// each run with a single style so the backend can write it in one call.
  ///
  /// - Complexity: O(width × height).
  public func changes(since previous: CellGrid?) -> [Run] {
    let sameSize = previous.map { $0.width == width && $0.height == height } ?? false
    var runs: [Run] = []
    for y in 0..<height {
      var x = 0
      while x < width {
        let index = y * width + x
        if sameSize, let previous, previous.cells[index] == cells[index] {
          x += 1
          continue
        }
        let style = cells[index].style
        var end = x + 1
        while end < width, cells[y * width + end].style == style,
          !(sameSize && previous?.cells[y * width + end] == cells[y * width + end])
        {
          end += 1
        }
        runs.append(Run(y: y, x: x, cells: Array(cells[index..<(y * width + end)])))
        x = end
      }
    }
    return runs
  }

  /// Replaces every non-ASCII character (data such as titles may hold some) by an ASCII
  /// look-alike or "?", for terminals without Unicode.
  public mutating func transliterateToASCII() {
    for i in cells.indices where !(cells[i].character.isASCII) {
      cells[i].character =
        switch cells[i].character {
        case "—", "–", "−", "─": "-"
        case "·", "│": "|"
        case "…": "~"
        case "→": ">"
        case "é", "è", "ê", "ë": "e"
        case "á", "à", "â", "ä", "ã": "a"
        case "ó", "ò", "ô", "ö", "õ": "o"
        case "ú", "ù", "û", "ü": "u"
        case "í", "ì", "î", "ï": "i"
        case "ñ": "n"
        case "ç": "c"
        default: "?"
        }
    }
  }

  /// Control characters and wide characters would break the column arithmetic: they become "?".
  static func printable(_ character: Character) -> Character {
    guard let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1 else {
      return character.unicodeScalars.count > 1 ? "?" : " "
    }
    if !TerminalText.isSafe(scalar) { return " " }
    // East Asian wide and emoji ranges take two columns in a terminal.
    if (0x1100...0x115F).contains(scalar.value) || (0x2E80...0xA4CF).contains(scalar.value)
      || (0xAC00...0xD7A3).contains(scalar.value) || (0xF900...0xFAFF).contains(scalar.value)
      || (0xFE30...0xFE4F).contains(scalar.value) || (0xFF00...0xFF60).contains(scalar.value)
      || (0x1F300...0x1FAFF).contains(scalar.value)
    {
      return "?"
    }
    return character
  }
}
