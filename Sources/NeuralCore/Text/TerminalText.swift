/// Text from data made safe for a terminal: control and formatting characters become visible
/// escapes, so that a title or ID can never clear the screen, set the window title, change colours
/// or reorder a line (bidi overrides).
///
/// Replaced: C0 controls (U+0000–U+001F, except a newline where allowed), DEL, C1 controls
/// (U+0080–U+009F), bidirectional formatting (U+061C, U+200E, U+200F, U+202A–U+202E,
/// U+2066–U+2069) and zero-width characters (U+200B–U+200D, U+2060, U+FEFF). `--json` output is
/// not passed through here: JSON escapes controls itself.
public enum TerminalText {
  /// Whether `scalar` may reach a terminal as it is.
  public static func isSafe(_ scalar: Unicode.Scalar) -> Bool {
    let v = scalar.value
    switch v {
    case 0x00...0x1F, 0x7F, 0x80...0x9F: return false
    case 0x061C, 0x200B...0x200F, 0x202A...0x202E, 0x2060, 0x2066...0x2069, 0xFEFF: return false
    default: return true
    }
  }

  /// `text` with every unsafe character written as `\x1b` (below U+0100) or `\u{202e}`.
  ///
  /// - Parameter keepNewlines: leave line breaks of multi-line messages alone.
  public static func sanitize(_ text: String, keepNewlines: Bool = false) -> String {
    guard text.unicodeScalars.contains(where: { !isSafe($0) }) else { return text }
    var out = String.UnicodeScalarView()
    for scalar in text.unicodeScalars {
      if isSafe(scalar) || (keepNewlines && scalar == "\n") {
        out.append(scalar)
      } else {
        let hex = String(scalar.value, radix: 16)
        let escape = scalar.value < 0x100 ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex : "\\u{\(hex)}"
        out.append(contentsOf: escape.unicodeScalars)
      }
    }
    return String(out)
  }
}
