import CandidateGeneration
import Foundation
import Ranking
import Recommendation
import WorkspaceStore

/// The whole state of the explorer: a value, changed only by keys (``handle(_:data:)``) and by
/// messages from the runtime (``receive(_:data:)``). Rendering reads it; nothing else writes it.
public struct ExplorerState: Sendable {
  /// The screen layout.
  public var layout: Layout
  /// The pane with the keyboard.
  public var focus: Pane = .users
  /// The pane shown on the right.
  public var main: Pane = .ranked
  /// Cursors per pane.
  public var cursors: [Pane: ListCursor] = [:]
  /// The users filter text (matches IDs).
  public var filter = ""
  /// Whether keys are typing into the filter.
  public var editingFilter = false
  /// Whether users are sorted by activity (watches, descending) instead of by ID.
  public var sortByActivity = false
  /// Indexes into `data.users` of the users shown, in order.
  public internal(set) var visibleUsers: [Int32] = []
  /// The chosen user.
  public internal(set) var user: Int32?
  /// The chosen user's history, newest first.
  public internal(set) var history: [HistoryRow] = []
  /// The chosen user's list under weights 1.
  public internal(set) var recommendation: Recommendation?
  /// The list under the current weights.
  public internal(set) var ranked: Recommendation?
  /// What if: the chosen user's context as edited (empty: the real user).
  public internal(set) var edit = UserEdit()
  /// What if: seconds the request is moved from the real "now" (`<` and `>` move it by a day).
  public internal(set) var timeShift: Int64 = 0
  /// What if: the real user's list under weights 1, while an edited user is shown.
  public internal(set) var realRecommendation: Recommendation?
  /// What if: each shown item's move against the real user's list under the same weights.
  public internal(set) var moves: [Int32: RankMove] = [:]
  /// What if: the search query being typed (`Q`), nil when none is.
  public internal(set) var typedQuery: String?
  /// Whether an edited user is shown.
  public var isEdited: Bool { !edit.isEmpty || timeShift != 0 }
  /// The previous models' list for the chosen user (the Compare pane), under weights 1.
  public internal(set) var previousRanked: Recommendation?
  /// Whether the Compare pane sets the two generations' candidate lists (the candidate model's
  /// order, before ranking) side by side rather than their ranked lists.
  public internal(set) var comparesCandidates = false
  /// Whether a model swap is running.
  public internal(set) var swapping = false
  /// Why the candidate model retrieves the chosen user's candidates (each row's explanation is
  /// computed from it when the row is drawn).
  public internal(set) var reasons: RetrievalReasons?
  /// The current group weights.
  public internal(set) var weights = GroupWeights()
  /// The ranked pane's order: nil for the (weighted) model's, or a group whose contribution
  /// sorts the list, largest first (`o` cycles).
  public internal(set) var rankedSort: FeatureGroup?
  /// Videos the chosen user has watched (marked in the candidate and neighbour lists).
  public internal(set) var watched: Set<Int32> = []
  /// The chart the Charts pane shows (Left/Right or h/l change it).
  public internal(set) var chartIndex = 0
  /// The video search (`f`): its text, and the matches while it is open.
  public internal(set) var videoSearch: VideoSearch?
  /// Videos opened in the video pane; the last is shown.
  public internal(set) var videoStack: [Int32] = []
  /// The video pane's list.
  public var videoList: VideoList = .neighbors
  /// Neighbours of the shown video.
  public internal(set) var neighbors: [NeighborRow] = []
  /// Recent watchers of the shown video.
  public internal(set) var watchers: [Int32] = []
  /// The overlay, if any.
  public var overlay: Overlay?
  /// The running training job.
  public internal(set) var training: TrainingStatus?
  /// The last action, for the status bar.
  public var status = "Ready. Press ? for help."
  /// Whether the last status is an error.
  public var statusIsError = false
  /// Neighbours fetched per video.
  public static let neighborCount = 20

  /// The first state: users sorted by ID, the first user chosen.
  public init(data: any ExplorerData, width: Int, height: Int) {
    layout = Layout(width: width, height: height)
    refreshUsers(data)
    if let first = visibleUsers.first { choose(user: first, data: data) }
  }

  /// The cursor of `pane`.
  public func cursor(_ pane: Pane) -> ListCursor { cursors[pane] ?? ListCursor() }

  /// The number of rows in a pane's list.
  public func rowCount(_ pane: Pane) -> Int {
    switch pane {
    case .users: visibleUsers.count
    case .history: history.count
    case .candidates, .ranked: ranked?.ranked.count ?? 0
    case .video: videoList == .neighbors ? neighbors.count : watchers.count
    case .weights: FeatureGroup.allCases.count
    case .charts, .compare: 0
    }
  }

  /// The candidate list in the candidate generator's order (for the candidates pane).
  public var candidatesInRetrievalOrder: [RankedCandidate] {
    (ranked?.ranked ?? []).sorted { $0.candidateRank < $1.candidateRank }
  }

  /// The selected row of the candidates pane.
  public var selectedCandidate: RankedCandidate? {
    let list = candidatesInRetrievalOrder
    guard !list.isEmpty else { return nil }
    return list[min(cursor(.candidates).selected, list.count - 1)]
  }

  /// The ranked pane's rows: the (weighted) model's order, or by one group's contribution.
  public var rankedRows: [RankedCandidate] {
    let list = ranked?.ranked ?? []
    guard let group = rankedSort else { return list }
    return list.sorted {
      let a = $0.contributions[group.position]
      let b = $1.contributions[group.position]
      return a != b ? a > b : $0.rank < $1.rank
    }
  }

  /// The selected ranked candidate.
  public var selectedRanked: RankedCandidate? {
    let list = rankedRows
    guard !list.isEmpty else { return nil }
    return list[min(cursor(.ranked).selected, list.count - 1)]
  }

  /// The selected feature group in the weights pane.
  public var selectedGroup: FeatureGroup {
    FeatureGroup.allCases[min(cursor(.weights).selected, FeatureGroup.allCases.count - 1)]
  }

  // MARK: - Keys

  /// Applies a key; returns the effects for the runtime.
  public mutating func handle(_ key: Key, data: any ExplorerData) -> [Effect] {
    if case .resize(let width, let height) = key {
      layout = Layout(width: width, height: height)
      clampAll()
      return []
    }
    if key == .interrupt { return [.quit] }
    if let overlay {
      return handleOverlay(overlay, key: key, data: data)
    }
    if editingFilter {
      handleFilter(key, data: data)
      return []
    }
    if videoSearch != nil {
      handleVideoSearch(key, data: data)
      clampAll()
      return []
    }
    if typedQuery != nil {
      handleTypedQuery(key, data: data)
      return []
    }
    var effects: [Effect] = []
    switch key {
    case .character("q"): effects.append(.quit)
    case .character("?"): overlay = .help
    case .tab: cycleFocus(1)
    case .backTab: cycleFocus(-1)
    case .character(let c) where ("1"..."8").contains(c):
      if let digit = c.wholeNumberValue, let pane = Pane(rawValue: digit - 1) {
        if pane == .video && videoStack.isEmpty {
          say("No video open: press Enter on a history, candidate or ranked row.")
        } else {
          focusPane(pane)
        }
      }
    case .character("r"):
      if training == nil {
        overlay = .retrain(RetrainForm(current: data.candidateConfig))
      } else {
        say("Training is running; c cancels it.")
      }
    case .character("c"):
      if training != nil { effects.append(.cancelTraining) }
    case .character("u") where isEdited:
      edit = UserEdit()
      timeShift = 0
      applyEdit(data: data)
      say("What if reset: the real user again.")
    case .character("Q"):
      typedQuery = ""
      say("What if: type a search query for this user, Enter adds it, Esc cancels.")
    case .character("e"):
      if let user, let row = data.user(user) {
        let parts = row.demographics.split(separator: " ").map(String.init)
        let values = data.demographicValues
        overlay = .demographics(
          DemographicsForm(
            age: edit.age ?? parts.first.flatMap(Float.init), gender: edit.gender ?? (parts.count > 1 ? parts[1] : "?"),
            region: edit.region ?? (parts.count > 2 ? parts[2] : ""),
            device: edit.device ?? (parts.count > 3 ? parts[3] : ""),
            values: values))
      }
    case .character("<"), .character(">"):
      timeShift += (key == .character(">") ? 1 : -1) * 86_400
      applyEdit(data: data)
    case .character("f"):
      videoSearch = VideoSearch()
      say("Find a video by title: type, Up/Down to choose, Enter opens it, Esc cancels.")
    case .character("/"):
      // From any pane: the filter is the users list's, so it takes focus.
      focusPane(.users)
      editingFilter = true
      say("Filter users by ID: type, Enter to keep, Esc to clear.")
    case .escape: back(data: data)
    case .up, .character("k"): moveCursor(-1)
    case .down, .character("j"): moveCursor(1)
    case .pageUp: moveCursor(-layout.visibleRows(focus))
    case .pageDown: moveCursor(layout.visibleRows(focus))
    case .home, .character("g"): moveCursor(-rowCount(focus))
    case .end, .character("G"): moveCursor(rowCount(focus))
    case .enter: open(data: data)
    default: effects += handlePaneKey(key, data: data)
    }
    clampAll()
    return effects
  }

  mutating func handlePaneKey(_ key: Key, data: any ExplorerData) -> [Effect] {
    switch (focus, key) {
    case (.users, .character("s")):
      sortByActivity.toggle()
      refreshUsers(data)
      say(sortByActivity ? "Users sorted by activity (watches)." : "Users sorted by ID.")
    case (.weights, .right), (.weights, .character("l")), (.weights, .character("+")), (.weights, .character("=")):
      setWeight(weights[selectedGroup] + 0.25)
    case (.weights, .left), (.weights, .character("h")), (.weights, .character("-")):
      setWeight(weights[selectedGroup] - 0.25)
    case (.weights, .character("z")): setWeight(0)
    case (.weights, .character("x")): setWeight(1)
    case (.weights, .character("X")):
      weights = GroupWeights()
      rerank()
      say("All weights reset to 1: the model's own order.")
    case (.weights, .character("s")): return [.saveWeights(weights)]
    case (.weights, .character("L")): return [.loadWeights]
    case (.ranked, .character("d")):
      if selectedRanked != nil { overlay = .detail }
    case (.ranked, .character("o")):
      let groups = FeatureGroup.allCases
      rankedSort =
        rankedSort.map { groups.firstIndex(of: $0).map { $0 + 1 < groups.count ? groups[$0 + 1] : nil } ?? nil }
        ?? groups.first
      cursors[.ranked] = ListCursor()
      say(
        rankedSort.map { "Ranked list sorted by the \($0.title) contribution, largest first; o: next group." }
          ?? "Ranked list in the model's order.")
    case (.candidates, .character("d")):
      if selectedCandidate == nil {
        say("No candidates to explain.")
      } else if reasons == nil {
        say("The candidate model cannot say why for this user.", error: true)
      } else {
        overlay = .whyRetrieved
      }
    case (.compare, .character("C")):
      comparesCandidates.toggle()
      say(
        comparesCandidates
          ? "Comparing the candidate lists (the candidate model's order); C: the ranked lists."
          : "Comparing the ranked lists; C: the candidate lists.")
    case (.compare, .character("S")):
      if data.comparison == nil {
        say("No previous models: a retrain keeps the models it replaces, to compare and swap back.")
      } else if training != nil || swapping {
        say("Wait for the running job to finish.")
      } else {
        swapping = true
        say("Swapping the previous models in\(String(repeating: ".", count: 3))")
        return [.swapModels]
      }
    case (.charts, .right), (.charts, .character("l")), (.charts, .down), (.charts, .character("j")):
      moveChart(1, data: data)
    case (.charts, .left), (.charts, .character("h")), (.charts, .up), (.charts, .character("k")):
      moveChart(-1, data: data)
    case (.history, .character("x")):
      let i = cursor(.history).selected
      guard i < history.count, case .watch(let video, _, let source) = history[i].kind, source != Self.addedSource
      else {
        say("x removes a watch: choose a watch of the history.")
        break
      }
      if edit.removedWatches.contains(video) {
        edit.removedWatches.remove(video)
      } else {
        edit.removedWatches.insert(video)
      }
      applyEdit(data: data)
    case (.video, .character("a")):
      if let video = videoStack.last, user != nil {
        edit.addedWatches.append(video)
        applyEdit(data: data)
      }
    case (.video, .character("n")):
      videoList = .neighbors
      cursors[.video] = ListCursor()
    case (.video, .character("w")):
      videoList = .watchers
      cursors[.video] = ListCursor()
    default: break
    }
    return []
  }

  // MARK: - Actions

  mutating func say(_ text: String, error: Bool = false) {
    status = text
    statusIsError = error
  }

  mutating func moveChart(_ step: Int, data: any ExplorerData) {
    let count = data.charts.count
    guard count > 0 else {
      say("No charts: the models record their curves when they are trained (r retrains).")
      return
    }
    chartIndex = ((chartIndex + step) % count + count) % count
    say("Chart \(chartIndex + 1) of \(count): \(data.charts[chartIndex].title).")
  }

  mutating func setWeight(_ value: Float) {
    let rounded = (value * 4).rounded() / 4
    weights[selectedGroup] = min(max(rounded, -4), 8)
    rerank()
    say(String(format: "Weight of %@ is %.2f; the ranked list re-sorted.", selectedGroup.title, weights[selectedGroup]))
  }

  mutating func rerank() {
    ranked = recommendation?.reranked(weights)
    moves = [:]
    if let real = realRecommendation?.reranked(weights), let shown = ranked {
      let videos = shown.ranked.map(\.video)
      moves = Dictionary(
        zip(videos, RankMove.moves(of: videos, against: real.ranked.map(\.video))).map { ($0, $1) },
        uniquingKeysWith: { a, _ in a })
    }
  }

  mutating func refreshUsers(_ data: any ExplorerData) {
    let needle = filter.lowercased()
    var rows = data.users.filter { needle.isEmpty || $0.id.lowercased().contains(needle) }
    if sortByActivity { rows.sort { $0.watches != $1.watches ? $0.watches > $1.watches : $0.index < $1.index } }
    visibleUsers = rows.map(\.index)
    cursors[.users] = ListCursor()
  }

  mutating func clampAll() {
    for pane in Pane.allCases {
      var cursor = self.cursor(pane)
      cursor.clamp(count: rowCount(pane), visible: layout.visibleRows(pane))
      cursors[pane] = cursor
    }
  }
}
