import CandidateGeneration
import Explorer
import Ranking
import Recommendation
import Testing

@Suite("Explorer at 80x24: everything fits, cut text says so, focus shows")
struct CompactScreenTests {
  func screen(_ keys: [Key], data: FakeData = FakeData(), width: Int = 80, height: Int = 24) -> (
    ExplorerState, [String], CellGrid
  ) {
    var state = ExplorerState(data: data, width: width, height: height)
    for key in keys { _ = state.handle(key, data: data) }
    let grid = ExplorerView().render(state, data: data)
    return (state, (0..<grid.height).map { grid.text(row: $0) }, grid)
  }

  @Test("The help box keeps every line inside its border", arguments: [(80, 24), (100, 30), (120, 40), (200, 60)])
  func helpFits(size: (Int, Int)) throws {
    let (_, rows, _) = screen([.character("?")], width: size.0, height: size.1)
    let top = try #require(rows.firstIndex { $0.contains("┌─ Keys ") })
    let bottom = try #require(rows.lastIndex { $0.contains("└") })
    let left = try #require(Array(rows[top]).firstIndex(of: "┌"))
    let right = try #require(Array(rows[top]).firstIndex(of: "┐"))
    for y in (top + 1)..<bottom {
      let row = Array(rows[y])
      #expect(row[left] == "│" && row[right] == "│", "row \(y): \(rows[y])")
    }
    // Every line of the help is there in full (none needs cutting at these sizes).
    for line in ExplorerView.helpLines where !line.isEmpty {
      #expect(rows.contains { $0.contains(line) }, "missing: \(line)")
    }
  }

  @Test("Cut titles end in an ellipsis in the history, candidates and ranked panes")
  func ellipsis() {
    var data = FakeData()
    data.longTitles = true
    for pane in ["2", "3", "4"] {
      let (_, rows, _) = screen([.character(Character(pane))], data: data)
      let titled = rows.filter { $0.contains("Video number") }
      #expect(!titled.isEmpty, "pane \(pane)")
      #expect(titled.allSatisfy { $0.contains("…") }, "pane \(pane): \(titled)")
    }
  }

  @Test("The weights pane keeps its new-value column at 80 columns")
  func weightsNewValue() {
    let keys: [Key] = [.character("4"), .end, .character("6"), .down, .down, .right, .right, .right, .right]
    let (_, rows, _) = screen(keys)
    let freshness = rows.first { $0.contains("│freshness") } ?? ""
    #expect(freshness.contains("+5.50  → +11.00"), "\(freshness)")
  }

  @Test("/ filters users from any pane, and digits typed into the filter stay in it")
  func filterFromAnyPane() {
    let (state, rows, _) = screen([.character("4"), .character("/"), .character("1"), .character("2")])
    #expect(state.focus == .users && state.editingFilter && state.filter == "12")
    #expect(rows[2].hasPrefix("/12_"))
    #expect(state.visibleUsers.count == 1)
  }

  @Test("The focused pane's heading is lit, the other's is not")
  func focusShows() {
    let (state, _, grid) = screen([])
    #expect(state.focus == .users)
    let top = state.layout.bodyTop
    #expect(grid[0, top].style.reverse, "the users heading is lit")
    #expect(!grid[state.layout.mainX, top].style.reverse)
    let (moved, _, movedGrid) = screen([.tab])
    #expect(moved.focus != .users)
    #expect(!movedGrid[0, top].style.reverse && movedGrid[moved.layout.mainX, top].style.reverse)
  }

  @Test("The retrain form starts at the model's depth and features, and locks them when only ranking retrains")
  func retrainForm() throws {
    var data = FakeData()
    var config = CandidateConfig()
    config.towerWidths = CandidateConfig.towerWidths(depth: 1)
    config.features = .watchesOnly
    data.candidateConfig = config
    let (state, rows, _) = screen([.character("r")], data: data)
    guard case .retrain(let form) = state.overlay else {
      Issue.record("no retrain form")
      return
    }
    #expect(form.request.depth == 1 && form.request.features == "watches")
    // The target starts at "ranking": Down goes to epochs, then stops there (the CG fields do not apply).
    #expect(form.request.target == .ranking)
    #expect(rows.contains { $0.contains("CG depth preset") && $0.contains("kept: candidates are not retrained") })
    let (down, _, _) = screen([.character("r"), .down, .down, .down], data: data)
    guard case .retrain(let moved) = down.overlay else { return }
    #expect(moved.field == .epochs)
    // With candidates chosen, they apply again.
    let (both, _, _) = screen([.character("r"), .right, .down, .down, .down], data: data)
    guard case .retrain(let open) = both.overlay else { return }
    #expect(open.request.target != .ranking && open.field == .depth)
  }

  @Test("Weights saved in an earlier session apply at start and say so")
  func restoredWeights() {
    let data = FakeData()
    var state = ExplorerState(data: data, width: 80, height: 24)
    var saved = GroupWeights()
    saved[.freshness] = 4
    state.receive(.weightsRestored(saved), data: data)
    #expect(state.weights[.freshness] == 4)
    #expect(state.status.contains("Saved weights applied"))
    // Freshness 4 reverses the fake list: the last candidate comes first.
    #expect(state.ranked?.ranked.first?.video == 21)
  }
}
