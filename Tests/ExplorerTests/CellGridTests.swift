import Explorer
import Ranking
import Testing

@Suite("Explorer: the cell grid and its frame diff")
struct CellGridTests {
  @Test("put clips to the grid and to a width; cut text ends with an ellipsis")
  func put() {
    var grid = CellGrid(width: 10, height: 2)
    grid.put("hello world", x: 3, y: 0)
    #expect(grid.text(row: 0) == "   hello w")
    grid.put("abcdefgh", x: 0, y: 1, columns: 5)
    #expect(grid.text(row: 1) == "abcd…     ")
    grid.put("x", x: 0, y: 5)
    grid.put("\u{1}tab\u{7F}", x: 0, y: 0, maxWidth: 5)
    #expect(grid.text(row: 0).hasPrefix(" tab "))
    grid.put("日本", x: 0, y: 0, maxWidth: 2)
    #expect(grid.text(row: 0).hasPrefix("??"), "wide characters would break the columns")
  }

  @Test("changes: everything on the first frame, only differing runs after, one style per run")
  func changes() {
    var a = CellGrid(width: 8, height: 2)
    a.put("abcdefgh", x: 0, y: 0)
    let first = a.changes(since: nil)
    #expect(first.map(\.cells.count).reduce(0, +) == 16)
    var b = a
    b.put("XY", x: 2, y: 0)
    b.put("Z", x: 5, y: 1, style: .heading)
    let runs = b.changes(since: a)
    #expect(runs.count == 2)
    #expect(
      runs[0]
        == CellGrid.Run(y: 0, x: 2, cells: [Cell(character: "X", style: .plain), Cell(character: "Y", style: .plain)]))
    #expect(runs[1].y == 1 && runs[1].x == 5 && runs[1].cells.map(\.character) == ["Z"])
    #expect(b.changes(since: b).isEmpty)
    #expect(b.changes(since: CellGrid(width: 4, height: 2)).map(\.cells.count).reduce(0, +) == 16)
  }
}
