import CNCurses
import Explorer
import Foundation

/// The one thin ncurses backend: sets the terminal up, decodes keys, writes the cells that
/// changed since the previous frame, and restores the terminal on every way out.
public final class CursesTerminal {
  /// Whether the terminal has colours.
  public let hasColor: Bool
  /// Whether the locale is UTF-8 (otherwise the views draw in ASCII).
  public let hasUnicode: Bool
  private var restored = false

  /// Takes over the terminal.
  ///
  /// - Throws: ``ExplorerTerminalError`` when standard input or output is not a terminal.
  public init() throws(ExplorerTerminalError) {
    guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw .notATerminal }
    CNCurses_setLocale()
    let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
    hasUnicode = codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
    guard CNCurses_terminalUsable() == 1 else {
      throw .unsupportedTerminal(ProcessInfo.processInfo.environment["TERM"] ?? "")
    }
    guard initscr() != nil else { throw .cannotInitialize }
    raw()  // Ctrl-C arrives as a key, so quitting always restores the terminal.
    noecho()
    keypad(CNCurses_stdscr(), true)
    set_escdelay(25)
    curs_set(0)
    hasColor = has_colors()
    if hasColor {
      start_color()
      use_default_colors()
      let colors: [(Explorer.Color, Int32)] = [
        (.green, Int32(COLOR_GREEN)), (.red, Int32(COLOR_RED)), (.cyan, Int32(COLOR_CYAN)),
        (.yellow, Int32(COLOR_YELLOW)), (.blue, Int32(COLOR_BLUE)), (.magenta, Int32(COLOR_MAGENTA)),
      ]
      for (color, code) in colors { init_pair(Int16(color.rawValue), Int16(code), -1) }
    }
    Self.installSignalHandlers()
  }

  deinit { restore() }

  /// The screen size.
  public var size: (width: Int, height: Int) { (Int(CNCurses_columns()), Int(CNCurses_lines())) }

  /// Gives the terminal back (idempotent).
  public func restore() {
    guard !restored else { return }
    restored = true
    curs_set(1)
    endwin()
  }

  /// Waits up to `timeout` milliseconds for a key.
  public func readKey(timeout milliseconds: Int32) -> Key? {
    wtimeout(CNCurses_stdscr(), milliseconds)
    var character: wint_t = 0
    let result = get_wch(&character)
    if result == CNCurses_err() { return nil }
    if result == KEY_CODE_YES {
      switch Int32(character) {
      case KEY_UP: return .up
      case KEY_DOWN: return .down
      case KEY_LEFT: return .left
      case KEY_RIGHT: return .right
      case KEY_PPAGE: return .pageUp
      case KEY_NPAGE: return .pageDown
      case KEY_HOME: return .home
      case KEY_END: return .end
      case KEY_BTAB: return .backTab
      case KEY_ENTER: return .enter
      case KEY_BACKSPACE: return .backspace
      case CNCurses_keyResize():
        let (width, height) = size
        return .resize(width: width, height: height)
      default: return nil
      }
    }
    switch character {
    case 3: return .interrupt
    case 9: return .tab
    case 10, 13: return .enter
    case 27: return .escape
    case 8, 127: return .backspace
    default:
      guard let scalar = Unicode.Scalar(UInt32(character)), scalar.value >= 32 else { return nil }
      return .character(Character(scalar))
    }
  }

  /// Writes the cells that differ from `previous` and refreshes the screen.
  public func draw(_ grid: CellGrid, previous: CellGrid?) {
    if previous.map({ $0.width != grid.width || $0.height != grid.height }) ?? true { erase() }
    for run in grid.changes(since: previous) {
      let style = run.cells[0].style
      attrset(Int32(bitPattern: attributes(style)))
      let text = String(run.cells.map(\.character))
      // The bottom-right cell would scroll the screen: leave it out.
      let last = run.y == grid.height - 1 && run.x + run.cells.count == grid.width
      mvaddstr(Int32(run.y), Int32(run.x), last ? String(text.dropLast()) : text)
    }
    attrset(Int32(bitPattern: CNCurses_attrNormal()))
    refresh()
  }

  private func attributes(_ style: Style) -> attr_t {
    var attributes = CNCurses_attrNormal()
    if style.bold { attributes |= CNCurses_attrBold() }
    if style.reverse { attributes |= CNCurses_attrReverse() }
    if style.dim { attributes |= CNCurses_attrDim() }
    if hasColor, style.color != .standard { attributes |= CNCurses_colorPair(Int32(style.color.rawValue)) }
    return attributes
  }

  /// On SIGTERM or SIGHUP the terminal is restored before the process ends.
  private static func installSignalHandlers() {
    for sig in [SIGTERM, SIGHUP, SIGQUIT] {
      signal(sig) { number in
        endwin()
        signal(number, SIG_DFL)
        raise(number)
      }
    }
  }
}

/// Why the explorer cannot take the terminal.
public enum ExplorerTerminalError: Error, Sendable, CustomStringConvertible {
  /// Input or output is redirected.
  case notATerminal
  /// ncurses could not start.
  case cannotInitialize
  /// TERM names a terminal that is unknown or cannot address the cursor (`dumb`).
  case unsupportedTerminal(String)

  /// A message for people.
  public var description: String {
    switch self {
    case .notATerminal: "the explorer needs a terminal (standard input and output are not a TTY)"
    case .cannotInitialize: "ncurses could not initialise the terminal (is TERM set?)"
    case .unsupportedTerminal(let term):
      "the terminal TERM=\(term.isEmpty ? "(unset)" : term) cannot drive the explorer (it needs cursor addressing)"
    }
  }
}
