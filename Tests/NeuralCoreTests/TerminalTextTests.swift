import Foundation
import NeuralCore
import Testing

@Suite("Terminal text")
struct TerminalTextTests {
  @Test(
    "Controls, C1, DEL, bidi overrides and zero-width characters become visible escapes",
    arguments: [
      ("a\u{1B}[2Jb", "a\\x1b[2Jb"), ("\u{1B}]0;pwned\u{07}", "\\x1b]0;pwned\\x07"), ("x\u{9B}y", "x\\x9by"),
      ("left\u{202E}right", "left\\u{202e}right"), ("zero\u{200B}width", "zero\\u{200b}width"),
      ("del\u{7F}", "del\\x7f"),
      ("tab\there", "tab\\x09here"), ("Café — ok", "Café — ok"),
    ])
  func sanitize(input: String, expected: String) {
    #expect(TerminalText.sanitize(input) == expected)
  }

  @Test("Multi-line messages keep their line breaks but nothing else")
  func newlines() {
    #expect(TerminalText.sanitize("one\ntwo\u{1B}", keepNewlines: true) == "one\ntwo\\x1b")
    #expect(TerminalText.sanitize("one\ntwo") == "one\\x0atwo")
  }
}
