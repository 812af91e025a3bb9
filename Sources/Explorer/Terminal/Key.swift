/// A key press, decoded from the terminal by the backend.
public enum Key: Sendable, Equatable {
  /// A printable character.
  case character(Character)
  /// Arrow keys.
  case up, down, left, right
  /// Paging.
  case pageUp, pageDown, home, end
  /// Enter / Return.
  case enter
  /// Escape.
  case escape
  /// Tab and Shift-Tab.
  case tab, backTab
  /// Backspace.
  case backspace
  /// The terminal was resized.
  case resize(width: Int, height: Int)
  /// Ctrl-C.
  case interrupt
}
