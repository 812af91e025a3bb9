import CandidateGeneration
import Foundation
import Ranking
import Recommendation
import Retrieval
import Testing
import WatchNextTestSupport
import WorkspaceStore

@Suite("What if: one user's context edited on that user's own columns")
struct WhatIfTests {
  @Test(
    "Editing keeps only the user's events: watches left out or added before the request, searches, demographics")
  func editingColumns() throws {
    let setup = try RankingSetup.get()
    let columns = setup.columns
    let user = try #require((0..<columns.users.count).first { columns.watches.range(ofUser: $0).count >= 4 })
    let range = columns.watches.range(ofUser: user)
    let removed = columns.watches.video[range.lowerBound]
    let time = (columns.watches.time.max() ?? 0) + 100
    let added: [Int32] = [3, 5]
    var edit = UserEdit()
    edit.removedWatches = [removed]
    edit.addedWatches = added
    edit.addedQueries = ["one query"]
    edit.age = 71
    edit.region = "a region never seen"
    let edited = columns.editing(user: Int32(user), with: edit, at: time)
    let newRange = edited.watches.range(ofUser: user)
    let kept = range.filter { columns.watches.video[$0] != removed }
    #expect(newRange.count == kept.count + added.count)
    #expect(Array(edited.watches.video[newRange].suffix(2)) == added)
    let times = Array(edited.watches.time[newRange])
    #expect(zip(times, times.dropFirst()).allSatisfy { $0 <= $1 } && (times.last ?? .max) < time)
    #expect(!edited.watches.video[newRange].contains(removed))
    #expect(edited.searches.query[edited.searches.range(ofUser: user)].last == "one query")
    #expect(edited.users.age[user] == 71)
    #expect(edited.users.regions.names[Int(edited.users.region[user])] == "a region never seen")
    // Only the user's events are there; the user's impressions are kept as they were.
    for other in [0, user + 1, columns.users.count - 1] where other != user && other < columns.users.count {
      #expect(edited.watches.range(ofUser: other).isEmpty && edited.searches.range(ofUser: other).isEmpty)
      #expect(edited.impressions.range(ofUser: other).isEmpty)
    }
    #expect(edited.watches.count == kept.count + added.count)
    #expect(edited.searches.count == columns.searches.range(ofUser: user).count + 1)
    #expect(
      Array(edited.impressions.video[edited.impressions.range(ofUser: user)])
        == Array(columns.impressions.video[columns.impressions.range(ofUser: user)]))
    #expect(edited.users.count == columns.users.count && edited.videos.count == columns.videos.count)
    #expect(columns.watches.range(ofUser: user) == range, "the original columns are untouched")
  }

  @Test("An empty edit serves the real list; a removed watch may come back as a candidate; an added one is excluded")
  func recommendEdited() throws {
    let setup = try RankingSetup.get()
    let index = try HNSWIndex.build(setup.generator.model.videoEmbeddings)
    var recommender = try Recommender(
      columns: setup.columns, generator: setup.generator, index: index, ranking: setup.result.model)
    recommender.serving.candidates = 100
    let columns = setup.columns
    let user = Int32(try #require((0..<columns.users.count).first { columns.watches.range(ofUser: $0).count >= 5 }))
    let real = try recommender.recommend(user: user)
    let same = try recommender.recommend(user: user, editedBy: UserEdit())
    #expect(same.ranked.map(\.video) == real.ranked.map(\.video))
    for (a, b) in zip(same.ranked, real.ranked) { #expect(abs(a.modelLogit - b.modelLogit) < 1e-4) }
    // A user with searches, unedited on their own columns: the same user vector, reasons and list.
    let searcher = Int32(
      try #require(
        (0..<columns.users.count).first {
          columns.searches.range(ofUser: $0).count >= 2 && columns.watches.range(ofUser: $0).count >= 3
        }))
    let alone = Recommender(
      editing: recommender, columns: columns.editing(user: searcher, with: UserEdit(), at: recommender.now),
      user: searcher)
    let realReasons = recommender.retrievalReasons(user: searcher)
    let aloneReasons = alone.retrievalReasons(user: searcher)
    #expect(aloneReasons.reasons.map(\.input) == realReasons.reasons.map(\.input))
    #expect(aloneReasons.reasons.contains { if case .searchToken = $0.input { true } else { false } })
    for (a, b) in zip(aloneReasons.userVector, realReasons.userVector) { #expect(abs(a - b) < 1e-5) }
    #expect(
      try alone.recommend(user: searcher).ranked.map(\.video)
        == recommender.recommend(user: searcher).ranked.map(\.video))
    // Watch the real list's first video: it is excluded from the edited list, which changes.
    let first = try #require(real.ranked.first?.video)
    var watch = UserEdit()
    watch.addedWatches = [first]
    let watched = try recommender.recommend(user: user, editedBy: watch)
    #expect(!watched.ranked.contains { $0.video == first })
    #expect(watched.ranked.map(\.video) != real.ranked.map(\.video))
    // Leave out every watch: the user is served from demographics (and searches) alone.
    var forget = UserEdit()
    forget.removedWatches = Set(columns.watches.range(ofUser: Int(user)).map { columns.watches.video[$0] })
    let cold = try recommender.recommend(user: user, editedBy: forget)
    #expect(cold.source == .demographicsOnly)
    let moves = RankMove.moves(of: watched.ranked.map(\.video), against: real.ranked.map(\.video))
    #expect(moves.count == watched.ranked.count && moves.contains { $0 != .same })
  }

  @Test("Moves: new, same, up and down by the number of places")
  func rankMoves() {
    #expect(RankMove.moves(of: [1, 2, 3, 9], against: [2, 1, 3, 4]) == [.up(1), .down(1), .same, .new])
    #expect(RankMove.up(3).label == "▲3" && RankMove.down(2).label == "▼2" && RankMove.new.label == "new")
  }
}
