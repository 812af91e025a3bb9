import Explorer
import Ranking
import Recommendation
import Synchronization
import Testing
import WorkspaceStore

@Suite("Explorer: the state machine")
struct ExplorerStateTests {
  let data = FakeData()

  func state() -> ExplorerState { ExplorerState(data: data, width: 120, height: 40) }

  func press(_ keys: [Key], _ state: inout ExplorerState) -> [Effect] {
    keys.flatMap { state.handle($0, data: data) }
  }

  @Test("the first user is chosen and ranked at start")
  func start() {
    let s = state()
    #expect(s.user == 0)
    #expect(s.ranked?.ranked.count == 12)
    #expect(s.history.count == 5)
    #expect(s.history.first?.time ?? 0 > s.history.last?.time ?? 0, "history is newest first")
    #expect(s.focus == .users)
  }

  @Test("moving, paging and clamping in the users list")
  func moving() {
    var s = ExplorerState(data: data, width: 100, height: 20)
    _ = press([.down, .character("j"), .character("j")], &s)
    #expect(s.cursor(.users).selected == 3)
    _ = press([.up], &s)
    #expect(s.cursor(.users).selected == 2)
    _ = press([.end], &s)
    #expect(s.cursor(.users).selected == 29)
    #expect(s.layout.visibleRows(.users) == 16)
    #expect(s.cursor(.users).top == 14)
    _ = press([.down, .down], &s)
    #expect(s.cursor(.users).selected == 29)
    _ = press([.home], &s)
    #expect(s.cursor(.users) == ListCursor())
  }

  @Test("Enter on a user chooses it and shows the ranked list")
  func chooseUser() {
    var s = state()
    _ = press([.down, .down, .enter], &s)
    #expect(s.user == 2)
    #expect(s.focus == .ranked)
    #expect(s.main == .ranked)
    #expect(s.status.contains("user02"))
  }

  @Test("the filter narrows users by ID; Esc clears it; s sorts by activity")
  func filterAndSort() {
    var s = state()
    _ = press([.character("/"), .character("1"), .character("2")], &s)
    #expect(s.editingFilter)
    #expect(s.visibleUsers == [12])
    _ = press([.backspace], &s)
    #expect(s.visibleUsers == [1, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 21])
    _ = press([.enter], &s)
    #expect(!s.editingFilter)
    #expect(s.filter == "1")
    _ = press([.character("/"), .escape], &s)
    #expect(s.filter.isEmpty)
    #expect(s.visibleUsers.count == 30)
    _ = press([.character("s")], &s)
    let watches = s.visibleUsers.map { data.users[Int($0)].watches }
    #expect(watches == watches.sorted(by: >))
  }

  @Test("Tab cycles the panes; digits jump; the video tab needs an open video")
  func panes() {
    var s = state()
    _ = press([.tab], &s)
    #expect(s.focus == .history)
    _ = press([.tab, .tab], &s)
    #expect(s.focus == .ranked)
    _ = press([.tab], &s)
    #expect(s.focus == .weights, "no video open: video is skipped")
    _ = press([.backTab], &s)
    #expect(s.focus == .ranked)
    _ = press([.character("5")], &s)
    #expect(s.focus == .ranked)
    #expect(s.status.contains("No video open"))
    _ = press([.character("3")], &s)
    #expect(s.focus == .candidates)
    _ = press([.escape], &s)
    #expect(s.focus == .users)
  }

  @Test("weights re-sort the ranked list live; x and X reset; z zeroes")
  func weights() {
    var s = state()
    let original = s.ranked?.ranked.map(\.video)
    _ = press([.character("6")], &s)
    #expect(s.focus == .weights)
    _ = press([.down, .down], &s)
    #expect(s.selectedGroup == .freshness)
    // Freshness contributes 0.5·i to candidate i (logit 10 − i): weight 4 adds 1.5·i, reversing the order.
    _ = press(Array(repeating: .right, count: 12), &s)
    #expect(s.weights[.freshness] == 4)
    #expect(s.ranked?.ranked.map(\.video) == original?.reversed())
    #expect(s.ranked?.ranked.first?.rank == 0)
    _ = press([.character("x")], &s)
    #expect(s.weights.isIdentity)
    #expect(s.ranked?.ranked.map(\.video) == original)
    _ = press([.character("z")], &s)
    #expect(s.weights[.freshness] == 0)
    #expect(s.ranked?.ranked.map(\.video) == original, "removing a helping group keeps this order")
    _ = press([.left], &s)
    #expect(s.weights[.freshness] == -0.25)
    _ = press([.character("X")], &s)
    #expect(s.weights.isIdentity)
    #expect(press([.character("s")], &s) == [.saveWeights(GroupWeights())])
    #expect(press([.character("L")], &s) == [.loadWeights])
  }

  @Test("Enter opens a video; neighbours open in turn; Esc walks back; a watcher opens a user")
  func video() {
    var s = state()
    _ = press([.character("4"), .down, .enter], &s)
    #expect(s.focus == .video)
    #expect(s.videoStack == [11])
    #expect(s.neighbors.first?.video == 12)
    _ = press([.down, .enter], &s)
    #expect(s.videoStack == [11, 13])
    _ = press([.escape], &s)
    #expect(s.videoStack == [11])
    #expect(s.neighbors.first?.video == 12, "the previous video's neighbours are back")
    _ = press([.character("w"), .down, .enter], &s)
    #expect(s.user == 7)
    #expect(s.focus == .ranked)
    _ = press([.character("5"), .escape], &s)
    #expect(s.videoStack.isEmpty)
    #expect(s.focus == .ranked)
  }

  @Test("history and candidates rows open their videos")
  func openFromLists() {
    var s = state()
    _ = press([.character("2"), .enter], &s)
    #expect(s.videoStack == [4], "newest watch first")
    var t = state()
    _ = press([.character("3"), .enter], &t)
    let first = t.candidatesInRetrievalOrder.first?.video
    #expect(t.videoStack.last == first)
    #expect(t.candidatesInRetrievalOrder.map(\.candidateRank) == Array(0..<12))
  }

  @Test("the retrain form edits a request and starts it; c cancels; messages update the status")
  func retrain() {
    var s = state()
    _ = press([.character("r")], &s)
    guard case .retrain = s.overlay else {
      Issue.record("no form")
      return
    }
    _ = press([.right, .down, .right, .right, .down, .left, .down, .left], &s)
    let effects = press([.enter], &s)
    var expected = RetrainRequest()
    expected.target = .both
    expected.epochs = 4
    expected.features = "age"
    expected.depth = 1
    #expect(effects == [.startTraining(expected)])
    #expect(s.overlay == nil)
    #expect(s.training?.request == expected)
    #expect(press([.character("r")], &s).isEmpty)
    #expect(s.status.contains("running"))
    s.receive(.trainingProgress(phase: "ranking epoch 1/4", done: 5, total: 10, detail: "loss 0.1"), data: data)
    #expect(s.training?.done == 5)
    #expect(press([.character("c")], &s) == [.cancelTraining])
    s.receive(.trainingCancelled, data: data)
    #expect(s.training == nil)
    #expect(s.status.contains("old models stay"))
    _ = press([.character("r"), .enter], &s)
    s.receive(.trainingFailed("diverged"), data: data)
    #expect(s.statusIsError)
    #expect(s.status.contains("diverged"))
    _ = press([.character("r"), .enter], &s)
    s.receive(.trainingFinished(summary: "ranking"), data: data)
    #expect(s.training == nil)
    #expect(s.ranked?.ranked.count == 12)
    #expect(s.status.contains("Retrained"))
  }

  @Test("q and Ctrl-C quit; help opens and any key closes it; a failing user is reported")
  func quitHelpAndErrors() {
    var s = state()
    #expect(press([.character("q")], &s) == [.quit])
    #expect(press([.interrupt], &s) == [.quit])
    _ = press([.character("?")], &s)
    #expect(s.overlay == .help)
    #expect(press([.character("q")], &s).isEmpty, "q closes help first")
    #expect(s.overlay == nil)
    var failing = FakeData()
    failing.failingUser = 1
    var t = ExplorerState(data: failing, width: 120, height: 40)
    _ = t.handle(.down, data: failing)
    _ = t.handle(.enter, data: failing)
    #expect(t.statusIsError)
    #expect(t.ranked == nil)
  }

  @Test("d in the ranked pane opens the selected item's contributions; any key closes them")
  func detailOverlay() {
    var s = state()
    _ = press([.character("d")], &s)
    #expect(s.overlay == nil, "only in the ranked pane")
    _ = press([.character("4"), .down, .character("d")], &s)
    #expect(s.overlay == .detail)
    _ = press([.down], &s)
    #expect(s.overlay == nil)
    #expect(s.cursor(.ranked).selected == 1, "the closing key does nothing else")
  }

  @Test("resize keeps the selection visible")
  func resize() {
    var s = state()
    _ = press([.end], &s)
    _ = press([.resize(width: 90, height: 20)], &s)
    #expect(s.layout.width == 90)
    let cursor = s.cursor(.users)
    #expect(cursor.selected == 29)
    #expect(cursor.selected >= cursor.top && cursor.selected < cursor.top + s.layout.visibleRows(.users))
  }
}

extension ExplorerStateTests {
  @Test("f finds a video by title from any pane: typing narrows, Up/Down choose, Enter opens, Esc closes")
  func videoSearch() {
    var s = state()
    _ = press([.character("4"), .character("f")], &s)
    #expect(s.videoSearch?.matches == [])
    _ = press("number 1".map { Key.character($0) }, &s)
    // Videos 1 and 10-19 contain "number 1".
    #expect(s.videoSearch?.matches == [1] + Array(10...19))
    _ = press([.down, .down], &s)
    #expect(s.videoSearch?.selected == 2)
    _ = press([.backspace], &s)
    #expect(s.videoSearch?.matches.count == 40, "'number ' matches every title")
    _ = press([.character("3"), .enter], &s)
    #expect(s.videoSearch == nil)
    #expect(s.videoStack.last == 3 && s.focus == .video)
    _ = press([.character("f"), .character("z"), .escape], &s)
    #expect(s.videoSearch == nil && s.videoStack == [3], "Esc opens nothing")
    _ = press([.character("f"), .character("z"), .enter], &s)
    #expect(s.status.contains("No video matches"))
  }

  @Test("/ with an exact user ID and Enter jumps to that user's ranked list; a partial one only filters")
  func jumpToUser() {
    var s = state()
    _ = press([.character("/")] + "user17".map { Key.character($0) } + [.enter], &s)
    #expect(s.user == 17 && s.focus == .ranked)
    _ = press([.character("/"), .backspace, .backspace, .backspace, .backspace, .backspace, .backspace], &s)
    _ = press("user1".map { Key.character($0) } + [.enter], &s)
    #expect(s.user == 17 && s.focus == .users, "user1 is not an ID of its own here: it filters")
    #expect(s.visibleUsers.count == 10, "user10 to user19")
  }

  @Test("o sorts the ranked list by each group's contribution in turn, then back to the model's order")
  func sortByGroup() {
    var s = state()
    _ = press([.character("4")], &s)
    #expect(s.rankedRows.map(\.rank) == Array(0..<12))
    _ = press([.character("o")], &s)
    #expect(s.rankedSort == FeatureGroup.allCases.first)
    _ = press([.character("o"), .character("o")], &s)
    #expect(s.rankedSort == .freshness)
    // Candidate i's freshness contribution is 0.5 i: the list is reversed.
    #expect(s.rankedRows.map(\.rank) == Array((0..<12).reversed()))
    #expect(s.selectedRanked?.rank == 11)
    for _ in 3..<FeatureGroup.allCases.count { _ = press([.character("o")], &s) }
    #expect(s.rankedSort == FeatureGroup.allCases.last)
    _ = press([.character("o")], &s)
    #expect(s.rankedSort == nil && s.rankedRows.map(\.rank) == Array(0..<12))
  }
}

extension ExplorerStateTests {
  @Test("What if: x drops a watch, a adds one, Q a search, e demographics, < > move now; every pane shows it; u resets")
  func whatIf() {
    let data = FakeData()
    var s = ExplorerState(data: data, width: 140, height: 40)
    let view = ExplorerView()
    // The history is newest first; its first row is the watch of video 4.
    _ = s.handle(.character("2"), data: data)
    _ = s.handle(.character("x"), data: data)
    #expect(s.isEdited && s.edit.removedWatches == [4])
    #expect(data.editLog.edits.withLock { $0.last } == s.edit, "the edit reached the pipeline")
    var rows = (0..<40).map { view.render(s, data: data).text(row: $0) }
    #expect(rows[0].contains("WHAT-IF: EDITED USER, 1 edit(s) (u resets)"))
    #expect(rows.contains { $0.contains("removed") })
    _ = s.handle(.character("4"), data: data)
    rows = (0..<40).map { view.render(s, data: data).text(row: $0) }
    // The fake edited list swaps the first two: each moved one place.
    #expect(
      rows.contains { $0.contains("   1    ▲1") } && rows.contains { $0.contains("   2    ▼1") },
      "\(rows.joined(separator: "\n"))")
    _ = s.handle(.character("2"), data: data)
    _ = s.handle(.character("x"), data: data)
    #expect(!s.isEdited, "x again puts the watch back: the real user")
    // From the video pane, a adds the shown video as a watch; it leaves the list.
    _ = s.handle(.character("4"), data: data)
    _ = s.handle(.enter, data: data)
    let video = s.videoStack.last ?? -1
    _ = s.handle(.character("a"), data: data)
    #expect(s.edit.addedWatches == [video] && !(s.ranked?.ranked.contains { $0.video == video } ?? true))
    #expect(
      s.history.first.map {
        if case .watch(let v, _, ExplorerState.addedSource) = $0.kind { v == video } else { false }
      } == true)
    // Q types a search; Enter adds it.
    _ = s.handle(.character("Q"), data: data)
    for c in "new topic" { _ = s.handle(.character(c), data: data) }
    #expect(view.render(s, data: data).text(row: 39).contains("What if the user searched: new topic_"))
    _ = s.handle(.enter, data: data)
    #expect(s.edit.addedQueries == ["new topic"])
    // e: the demographics form; Right on the age adds 5 years; Enter applies.
    _ = s.handle(.character("e"), data: data)
    guard case .demographics(let form) = s.overlay else {
      Issue.record("no demographics form")
      return
    }
    #expect(form.age == 20 && form.region == "US")
    _ = s.handle(.right, data: data)
    _ = s.handle(.down, data: data)
    _ = s.handle(.down, data: data)
    _ = s.handle(.right, data: data)
    _ = s.handle(.enter, data: data)
    #expect(s.edit.age == 25 && s.edit.region == "FR" && s.overlay == nil)
    _ = s.handle(.character(">"), data: data)
    #expect(s.timeShift == 86_400 && view.render(s, data: data).text(row: 0).contains("now +1d"))
    #expect(s.status.contains("every pane shows the edited user"))
    _ = s.handle(.character("u"), data: data)
    #expect(!s.isEdited && s.edit.isEmpty && s.timeShift == 0)
    #expect(!view.render(s, data: data).text(row: 0).contains("WHAT-IF"))
    #expect(s.ranked?.ranked.map(\.rank) == Array(0..<12), "the real list again")
    // Edits belong to their user.
    _ = s.handle(.character("<"), data: data)
    #expect(s.isEdited)
    s.choose(user: 3, data: data)
    #expect(!s.isEdited)
  }
}
