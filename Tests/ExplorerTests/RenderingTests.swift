import Explorer
import Ranking
import Testing

@Suite("Explorer: whole screens rendered into the cell grid")
struct RenderingTests {
  let data = FakeData()

  func screen(_ keys: [Key], width: Int, height: Int, glyphs: Glyphs = .unicode) -> (ExplorerState, CellGrid) {
    var state = ExplorerState(data: data, width: width, height: height)
    for key in keys { _ = state.handle(key, data: data) }
    return (state, ExplorerView(glyphs: glyphs).render(state, data: data))
  }

  func lines(_ grid: CellGrid) -> [String] { (0..<grid.height).map { grid.text(row: $0) } }

  @Test(
    "frame at three sizes: title, tabs, divider, status bar, nothing outside the grid",
    arguments: [(80, 24), (100, 30), (200, 60)])
  func frame(size: (Int, Int)) {
    let (state, grid) = screen([], width: size.0, height: size.1)
    let rows = lines(grid)
    #expect(rows.count == size.1)
    #expect(rows.allSatisfy { $0.count == size.0 })
    #expect(rows[0].hasPrefix(" WatchNext explorer · /tmp/fake · CG test · ranking test"))
    #expect(rows[1].contains("1 Users") && rows[1].contains("4 Ranked") && rows[1].contains("6 Weights"))
    for y in state.layout.bodyTop..<(size.1 - 1) {
      #expect(Array(rows[y])[state.layout.usersWidth] == "│", "divider on row \(y)")
    }
    #expect(rows[size.1 - 1].hasSuffix(" ? help · q quit "))
    #expect(rows[size.1 - 1].contains("User user00: 12 candidates ranked."))
    // The users pane: header, the chosen user marked, one row per user up to the pane's height.
    #expect(rows[2].hasPrefix("Users 30 by ID"))
    #expect(rows[3].hasPrefix("▶user00 20 f US tv"))
    let shownUsers = rows.filter { $0.hasPrefix(" user") || $0.hasPrefix("▶user") }.count
    #expect(shownUsers == min(30, state.layout.visibleRows(.users)))
    // The ranked pane: a header line and the best candidate first with its expected watch time.
    #expect(rows[2].contains("Ranked for user00"))
    let first = rows.first { $0.contains("Video number 10") }
    #expect(first?.contains("6h") == true, "exp(10) s is about 6 hours")
  }

  @Test("Candidate-only mode: the ranked pane says what is missing and which key trains it; lacking data is named")
  func candidateOnly() {
    var data = FakeData()
    data.rankingUnavailable = "No ranking model yet. Press r, choose ranking, Enter."
    data.missingData = [.searches, .demographics]
    var state = ExplorerState(data: data, width: 100, height: 30)
    let rows = lines(ExplorerView().render(state, data: data))
    #expect(rows.contains { $0.contains("No ranking model yet. Press r") })
    #expect(!rows.contains { $0.contains("exp(z)") }, "no ranked table without a ranking model")
    #expect(rows[2].contains("(no demographics)"))
    _ = state.handle(.character("2"), data: data)
    let history = lines(ExplorerView().render(state, data: data))
    #expect(history.contains { $0.contains("this workspace has no searches") })
    let normal = lines(ExplorerView().render(ExplorerState(data: FakeData(), width: 100, height: 30), data: FakeData()))
    #expect(normal.contains { $0.contains("exp(z)") } && !normal.contains { $0.contains("no demographics") })
  }

  @Test("The score column says what exp(z) is: the paper's odds, E[watch] per impression, a click model's odds")
  func scoreColumn() {
    for (weighting, column, first) in [
      (RankingConfig.Weighting.watchTime, "exp(z)", "6h"), (.perImpression, "E[watch]", "6h"),
      (.equal, "odds", "2.2e+04"),
    ] {
      var data = FakeData()
      data.weighting = weighting
      let rows = lines(ExplorerView().render(ExplorerState(data: data, width: 100, height: 30), data: data))
      let header = rows.first { $0.contains("CG#") } ?? ""
      #expect(header.contains(column), "\(weighting): \(header)")
      #expect(!header.contains(column == "E[watch]" ? "exp(z)" : "E[watch]"))
      // exp(10): about 6 hours of watch time, or the number itself for click odds.
      #expect(rows.first { $0.contains("Video number 10") }?.contains(first) == true, "\(weighting)")
    }
  }

  @Test("the contribution strip shows only where the screen is wide; the detail panel only where tall")
  func stripAndDetail() {
    let (_, wide) = screen([], width: 200, height: 60)
    let wideRows = lines(wide)
    #expect(wideRows.contains { $0.contains("vi po fr cg af co ch la hi de") })
    // Candidate 11 has the largest freshness contribution: a full block with a plus sign.
    let last = wideRows.first { $0.contains("Video number 21") } ?? ""
    // Its video group is the largest (negative) contribution of the list; freshness is 5.5 of 8.2.
    #expect(last.contains("-█ +▁ +▆ +▁"))
    #expect(wideRows.contains { $0.contains("Video number 10: z = 10.00 = baseline 1.00 + contributions") })
    #expect(wideRows.contains { $0.contains("│freshness         +0.00  w 1.00") })
    let (_, narrow) = screen([], width: 100, height: 24)
    let narrowRows = lines(narrow)
    #expect(!narrowRows.contains { $0.contains("vi po fr cg") })
    #expect(!narrowRows.contains { $0.contains("+ contributions") })
  }

  @Test("the weights pane shows weights, bars and the selected item's contributions")
  func weightsPane() {
    let (_, grid) = screen(
      [.character("4"), .end, .character("6"), .down, .down, .right, .right, .right, .right], width: 120, height: 30)
    let rows = lines(grid)
    let freshness = rows.first { $0.contains("│freshness") } ?? ""
    #expect(freshness.contains("2.00"))
    #expect(freshness.contains("██████████"), "weight 2 draws 10 cells")
    #expect(freshness.contains("+5.50  → +11.00"), "candidate 11's freshness contribution, doubled")
    #expect(rows.contains { $0.contains("Top 5 now:") })
    #expect(rows.last?.contains("Weight of freshness is 2.00") == true)
  }

  @Test("help and retrain overlays draw boxes over the panes")
  func overlays() {
    let (_, help) = screen([.character("?")], width: 100, height: 30)
    #expect(lines(help).contains { $0.contains("┌─ Keys ") })
    #expect(lines(help).contains { $0.contains("q or Ctrl-C       quit") })
    let (_, form) = screen([.character("r"), .down], width: 100, height: 30)
    let rows = lines(form)
    #expect(rows.contains { $0.contains("Retrain") && $0.contains("< ranking >") })
    #expect(rows.contains { $0.contains("▶ Epochs (max)") && $0.contains("< 2 >") })
  }

  @Test("on a short screen, d shows the contributions in a box")
  func detailBox() {
    let (_, grid) = screen([.character("4"), .end, .character("d")], width: 100, height: 24)
    let rows = lines(grid)
    #expect(rows.contains { $0.contains("Contributions (any key closes)") })
    #expect(rows.contains { $0.contains("Video number 21: z = -1.00 = baseline 1.00 + contributions") })
    #expect(rows.contains { $0.contains("freshness         +5.50  w 1.00") })
  }

  @Test("ASCII glyphs when the terminal has no Unicode")
  func ascii() {
    let (_, grid) = screen([.character("?")], width: 100, height: 30, glyphs: .ascii)
    #expect(grid.text.contains("+- Keys "))
    for keys: [Key] in [
      [], [.character("?")], [.character("3")], [.character("6"), .right], [.character("4"), .enter],
    ] {
      let (_, screen) = screen(keys, width: 200, height: 60, glyphs: .ascii)
      let odd = screen.text.unicodeScalars.filter { !$0.isASCII }
      #expect(odd.isEmpty, "non-ASCII \(String(String.UnicodeScalarView(odd))) after \(keys)")
    }
  }

  @Test("too small a terminal gets a message, not a broken layout")
  func tooSmall() {
    let (_, grid) = screen([], width: 50, height: 12)
    let rows = lines(grid)
    #expect(rows.contains { $0.contains("Terminal too small") })
    #expect(rows.contains { $0.contains("need 80x20, have 50x12") })
  }

  @Test("the video pane: details, path and neighbours")
  func videoPane() {
    let (_, grid) = screen([.character("4"), .enter, .down, .enter], width: 120, height: 30)
    let rows = lines(grid)
    #expect(rows.contains { $0.contains("│Video number 12") })
    #expect(
      rows.contains { $0.contains("vid12 · channel chan · topic · en · 10m00s · uploaded 2026-01-01 · 12 watches") })
    #expect(rows.contains { $0.contains("from vid10  (Esc: back)") })
    #expect(rows.contains { $0.contains("  1  Video number 13") && $0.contains("0.90") })
  }
}

extension RenderingTests {
  @Test("Why retrieved: a candidate row shows its reasons' totals and top input; d shows every input")
  func whyRetrieved() {
    // Candidates pane (3), first row in retrieval order is video 10 (candidate rank 0): v = (1, 1).
    var (state, grid) = screen([.character("3")], width: 140, height: 30)
    var rows = lines(grid)
    #expect(rows[2].contains("why: w s d totals, top input"))
    let first = rows.first { $0.contains("Video number 10 ") }
    #expect(first?.contains("w+1.50 s+0.40 d-0.10 +1.00 watched Video") == true, "\(first ?? "no row")")
    _ = state.handle(.character("d"), data: data)
    #expect(state.overlay == .whyRetrieved)
    rows = lines(ExplorerView().render(state, data: data))
    #expect(rows.contains { $0.contains("Why retrieved (any key closes)") })
    // u.v = 1.2 + 0.8 = 2.00; the anonymous user's 0.1 + 0.1 = 0.20; the inputs give the other 1.80.
    #expect(rows.contains { $0.contains("u.v = 2.00 = anonymous user's u0.v 0.20") })
    #expect(rows.contains { $0.contains("watches +1.50") && $0.contains("searches +0.40") })
    let pulls = rows.firstIndex { $0.contains("pulled it up") } ?? 0
    let pushes = rows.firstIndex { $0.contains("pushed it down") } ?? 0
    #expect(pulls > 0 && pushes > pulls)
    #expect(rows[pulls + 1].contains("+1.00") && rows[pulls + 1].contains("watched Video number 0 (x2)"))
    #expect(rows[pushes + 1].contains("-0.10") && rows[pushes + 1].contains("age"))
    _ = state.handle(.character("x"), data: data)
    #expect(state.overlay == nil)
    // At 80 columns there is no room for the column; the overlay still fits its box.
    (state, grid) = screen([.character("3"), .character("d")], width: 80, height: 24)
    rows = lines(grid)
    #expect(!rows[2].contains("why: w s d"))
    #expect(rows.allSatisfy { $0.count == 80 })
    #expect(rows.contains { $0.contains("watched Video number 0 (x2)") })
  }
}

extension RenderingTests {
  @Test("Watched videos are marked among neighbours; the weights pane names the selected group's inputs")
  func watchedMarksAndGroupInputs() {
    // The fake user watched videos 0, 1, 3 and 4 (the oldest watch, at the end of the history,
    // is video 0); video 0's neighbours are 1 to 5.
    let (_, grid) = screen([.character("2"), .end, .enter], width: 120, height: 30)
    let rows = lines(grid)
    #expect(rows.contains { $0.contains("✓Video number 1 ") })
    #expect(rows.contains { $0.contains(" Video number 2 ") && !$0.contains("✓Video number 2") })
    #expect(rows.contains { $0.contains("✓Video number 3 ") })
    let (_, ascii) = screen([.character("2"), .end, .enter], width: 120, height: 30, glyphs: .ascii)
    #expect(lines(ascii).contains { $0.contains("*Video number 1 ") })
    let (_, weights) = screen([.character("6"), .down, .down], width: 120, height: 30)
    #expect(lines(weights).contains { $0.contains("freshness reads: days since upload") })
    let (_, demo) = screen([.character("6"), .end], width: 120, height: 30)
    #expect(lines(demo).contains { $0.contains("demographics reads: region (embedded), device (embedded)") })
  }
}

extension RenderingTests {
  @Test(
    "The Charts pane draws one chart with axes, ticks and a legend at every size, in ASCII too; h/l change it",
    arguments: [(80, 24), (120, 40)])
  func charts(size: (Int, Int)) {
    var (state, grid) = screen([.character("7")], width: size.0, height: size.1)
    var rows = lines(grid)
    #expect(rows.allSatisfy { $0.count == size.0 })
    #expect(rows[2].contains("Chart 1/2: Validation recall@100 by epoch"))
    #expect(rows[3].contains("recall@100") && rows[3].contains("current") && rows[3].contains("previous"))
    #expect(rows.contains { $0.contains("epoch") && !$0.contains("Chart") }, "the x label")
    // The curve rises: its topmost dot is right of its bottommost.
    let plotted = rows.enumerated().flatMap { y, row in
      Array(row).enumerated().compactMap { x, c in
        (0x2801...0x28FF).contains(c.unicodeScalars.first?.value ?? 0) ? (x, y) : nil
      }
    }
    let highest = plotted.min { $0.1 < $1.1 }
    let lowest = plotted.max { $0.1 < $1.1 }
    #expect((highest?.0 ?? 0) > (lowest?.0 ?? 0), "a rising curve")
    // 0.4 is the top of the current curve (0.1 per epoch) plus 5% padding: the top tick says 0.4-ish.
    #expect(rows.contains { $0.contains("0.4") })
    _ = state.handle(.character("l"), data: data)
    rows = lines(ExplorerView().render(state, data: data))
    #expect(rows[2].contains("Chart 2/2: Calibration by decile") && rows[3].contains("y = x"))
    _ = state.handle(.character("l"), data: data)
    #expect(state.chartIndex == 0, "wraps around")
    let ascii = lines(ExplorerView(glyphs: .ascii).render(state, data: data))
    #expect(ascii.allSatisfy { $0.allSatisfy(\.isASCII) })
    let plotRows = ascii.dropFirst(4)
    #expect(plotRows.contains { $0.contains("*") } && plotRows.contains { $0.contains(" o") }, "both series' marks")
    var empty = FakeData()
    empty.charts = []
    let none = lines(
      ExplorerView().render(
        ExplorerState(data: empty, width: size.0, height: size.1).jumped(to: "7", data: empty), data: empty))
    #expect(none.contains { $0.contains("No charts yet") })
  }
}

extension ExplorerState {
  /// The state after pressing `key`.
  fileprivate func jumped(to key: Character, data: any ExplorerData) -> ExplorerState {
    var copy = self
    _ = copy.handle(.character(key), data: data)
    return copy
  }
}

extension RenderingTests {
  @Test("Compare: both generations' figures, the lists' overlap, and the user's two lists with each item's move")
  func compare() {
    var (state, grid) = screen([.character("8")], width: 140, height: 30)
    var rows = lines(grid)
    #expect(rows[2].contains("Compare: current models against the previous ones") && rows[2].contains("S: swap them"))
    #expect(rows.contains { $0.contains("For user00: current ranked") && $0.contains("previous ranked") })
    #expect(rows.contains { $0.contains("CG validation recall@100") && $0.contains("0.3400") && $0.contains("0.3100") })
    #expect(rows.contains { $0.contains("top 10 / top 100 shared with the previous models: 90% / 95% (50 users)") })
    // Video 10 was second (up 1), video 11 first (down 1), 12 stayed, 21 is new; 30 is gone.
    #expect(rows.contains { $0.contains("  1    ▲1 Video number 10") && $0.contains("   1     →2 Video number 11") })
    #expect(rows.contains { $0.contains("  2    ▼1 Video number 11") && $0.contains("   2     →1 Video number 10") })
    #expect(rows.contains { $0.contains("  3     = Video number 12") })
    #expect(rows.contains { $0.contains(" 12   new Video number 21") && $0.contains("  12   gone Video number 30") })
    // C: the candidate lists, in the candidate model's order, with their own moves; C again: back.
    _ = state.handle(.character("C"), data: data)
    rows = lines(ExplorerView().render(state, data: data))
    #expect(rows.contains { $0.contains("For user00: current candidates") && $0.contains("previous candidates") })
    #expect(rows[2].contains("C: ranked lists"))
    // Current candidate order 10, 15, 20, 13, ... (the fake's candidate ranks); previous 11, 10, 12, ...
    #expect(rows.contains { $0.contains("  1    ▲1 Video number 10") && $0.contains("   1     →6 Video number 11") })
    #expect(rows.contains { $0.contains("  2    ▲4 Video number 15") })
    _ = state.handle(.character("C"), data: data)
    #expect(!state.comparesCandidates)
    let effects = state.handle(.character("S"), data: data)
    #expect(effects == [.swapModels] && state.swapping)
    #expect(state.handle(.character("S"), data: data).isEmpty, "one swap at a time")
    state.receive(.modelsSwapped(summary: "the ranking model of the previous retrain is current"), data: data)
    #expect(!state.swapping && state.status.contains("Swapped") && state.status.contains("S swaps back"))
    var none = FakeData()
    none.comparison = nil
    var bare = ExplorerState(data: none, width: 100, height: 30)
    _ = bare.handle(.character("8"), data: none)
    rows = lines(ExplorerView().render(bare, data: none))
    #expect(rows.contains { $0.contains("No previous models yet") })
    #expect(bare.handle(.character("S"), data: none).isEmpty)
    (_, grid) = screen([.character("8")], width: 80, height: 24)
    #expect(lines(grid).allSatisfy { $0.count == 80 })
  }
}
