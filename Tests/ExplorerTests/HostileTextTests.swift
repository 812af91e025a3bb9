import Explorer
import Ranking
import Testing

@Suite("Explorer: text from data cannot control the terminal")
struct HostileTextTests {
  @Test("C0, C1, DEL, bidi and zero-width characters become blanks in the cell grid, keeping the columns")
  func hostile() {
    var grid = CellGrid(width: 20, height: 1)
    grid.put("a\u{1B}b\u{9B}c\u{202E}d\u{200B}e\u{7F}f", x: 0, y: 0)
    #expect(grid.text(row: 0).hasPrefix("a b c d e f"))
  }
}
