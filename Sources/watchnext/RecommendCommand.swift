import Application
import ArgumentParser
import CandidateGeneration
import Foundation
import NeuralCore
import Ranking
import Recommendation
import WorkspaceStore

/// `watchnext recommend`: the two-stage pipeline for one user.
struct RecommendCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "recommend",
    abstract: "Recommend for one user: candidate model → ANN top N → ranking, with per-group contributions.",
    discussion: """
      Each row shows the expected watch time exp(z) and the feature groups that moved the logit most \
      against the reference input (the mean training input). --weight group=w re-sorts under live weights \
      (groups: \(FeatureGroup.allCases.map(\.rawValue).joined(separator: ", "))).
      """)

  @OptionGroup var options: WorkspaceOptions
  @Option(help: "User ID.") var user: String
  @Option(help: "How many to show.") var k = 20
  @Option(help: "Candidates retrieved (N).") var candidates = ServingConfig().candidates
  @Option(
    help:
      "Group weights from a file (the explorer's WORKSPACE/explorer-weights.json, or any file of that form); --weight overrides single groups."
  )
  var weights: String?
  @Option(help: "A group weight, e.g. freshness=2 (repeatable).") var weight: [String] = []
  @Flag(help: "Show the whole candidate list with both stages' ranks.") var all = false
  @Flag(help: "Answer an unknown user with last week's most watched videos instead of an error.")
  var allowUnknown = false
  @Flag(
    help:
      "Say why each candidate was retrieved: its candidate score u.v against an anonymous user's, split over the watches, search tokens and demographics (all of them in --json)."
  )
  var explain = false
  @Option(
    name: .customLong("without-watch"), help: "What if: leave out the user's watches of this video ID (repeatable).")
  var withoutWatch: [String] = []
  @Option(
    name: .customLong("with-watch"),
    help: "What if: the user also watched this video ID just before the request (repeatable).")
  var withWatch: [String] = []
  @Option(
    name: .customLong("query"), help: "What if: the user also searched for this just before the request (repeatable).")
  var queries: [String] = []
  @Option(help: "What if: the user's age.") var age: Float?
  @Option(help: "What if: the user's gender (f, m or another value of the workspace).") var gender: String?
  @Option(help: "What if: the user's region.") var region: String?
  @Option(help: "What if: the user's device.") var device: String?
  @Option(help: "What if: the request's time, Unix seconds (default: a second after the workspace's last event).")
  var at: Int64?

  /// Whether any what-if option is given.
  var isWhatIf: Bool {
    !withoutWatch.isEmpty || !withWatch.isEmpty || !queries.isEmpty || age != nil || gender != nil || region != nil
      || device != nil || at != nil
  }

  func validate() throws {
    try CountCheck.atLeastOne(["k": k, "candidates": candidates])
  }

  struct Row: Encodable {
    var rank: Int
    var candidateRank: Int
    var video: String
    var title: String
    var expectedWatchSeconds: Double
    var logit: Float
    var candidateScore: Float
    var contributions: [String: Float]
    /// Why the candidate model retrieved it (with --explain).
    var retrieval: Retrieval?
    /// With what-if options: its move against the real user's list ("new", "=", "▲3", "▼2").
    var move: String?
  }

  /// One candidate's retrieval explanation in JSON.
  struct Retrieval: Encodable {
    struct Reason: Encodable {
      /// watch, history, search, region, device, gender, age, loggedIn or exampleAge.
      var kind: String
      var label: String
      /// The watched video's ID, for a watch.
      var video: String?
      var count: Int
      var contribution: Float
    }
    /// `u · v`.
    var score: Float
    /// `u₀ · v`, an anonymous user's score; the reasons sum to `score − anonymousScore`.
    var anonymousScore: Float
    var reasons: [Reason]
  }

  struct Report: Encodable {
    var user: String
    var source: String
    var order: String
    var baselineLogit: Float
    /// What each row's `expectedWatchSeconds` (`exp(z)`) estimates under the model's weighting.
    var scoreMeaning: String?
    /// With what-if options: the edit, in words, and the real list's top videos the edit dropped.
    var whatIf: String?
    var goneFromTop: [String]?
    var timingsMilliseconds: [String: Double]
    var videos: [Row]
  }

  func run() throws {
    var base = GroupWeights()
    if let weights {
      let file = URL(fileURLWithPath: weights)
      guard let loaded = try WeightsFile.load(file: file) else {
        throw CommandFailure(description: "\(file.path): no such weights file")
      }
      base = loaded
    }
    let weights = try Self.parseWeights(weight, base: base)
    var recommender = try CLISession.recommender(options.url).recommender
    recommender.serving.candidates = candidates
    var result = try recommender.recommend(userID: user, k: k, weights: weights, allowUnknown: allowUnknown)
    let columns = recommender.columns
    var moves: [Int32: String] = [:]
    var gone: [String] = []
    var editSummary: String?
    if isWhatIf {
      guard result.source != .popularityFallback else {
        throw ValidationError("--user \(user): what-if options need a user of the workspace")
      }
      let edit = try whatIfEdit(columns, user: result.user)
      let real = result
      result = try recommender.recommend(user: real.user, editedBy: edit, at: at, weights: weights)
      let editedVideos = result.ranked.map(\.video)
      for (video, move) in zip(editedVideos, RankMove.moves(of: editedVideos, against: real.ranked.map(\.video))) {
        moves[video] = move.label
      }
      let kept = Set(editedVideos)
      gone = real.top(k).filter { !kept.contains($0.video) }.map { columns.videos.ids[Int($0.video)] }
      editSummary = Self.describe(edit, at: at)
    }
    let shown = all ? result.ranked[...] : result.top(k)
    let reasons =
      explain && result.source != .popularityFallback ? recommender.retrievalReasons(user: result.user) : nil
    let explanations = shown.map { c in reasons?.explanation(of: c.video, generator: recommender.generator) }
    let rows = zip(shown, explanations).map { c, why in
      Row(
        rank: c.rank + 1, candidateRank: c.candidateRank + 1, video: columns.videos.ids[Int(c.video)],
        title: columns.videos.titles[Int(c.video)], expectedWatchSeconds: c.expectedWatchSeconds, logit: c.logit,
        candidateScore: c.candidateScore,
        contributions: Dictionary(uniqueKeysWithValues: zip(FeatureGroup.allCases.map(\.rawValue), c.contributions)),
        retrieval: why.map { Self.retrieval($0, columns: columns) }, move: moves[c.video])
    }
    let t = result.timings
    if options.json {
      return try Output.json(
        Report(
          user: user, source: result.source.label, order: result.stage.rawValue, baselineLogit: result.baselineLogit,
          scoreMeaning: result.weighting?.scoreMeaning, whatIf: editSummary, goneFromTop: isWhatIf ? gone : nil,
          timingsMilliseconds: [
            "userVector": t.userVector * 1e3, "retrieval": t.retrieval * 1e3, "features": t.features * 1e3,
            "ranking": t.ranking * 1e3, "total": t.total * 1e3,
          ], videos: rows))
    }
    Output.line("Recommendations for \(user) (\(result.source.label))")
    if let editSummary {
      Output.line("What if: \(editSummary). The move column compares with the real user's list.")
    }
    if result.stage == .candidateOrder && result.source != .popularityFallback {
      print(
        "No ranking model yet: the candidate model's order (run `watchnext train ranking --workspace "
          + "\(options.url.path)` for both stages)")
      print(
        Output.table(
          ["rank", "video", "title", "CG score"] + (explain ? ["retrieved because (u.v contributions)"] : []),
          zip(rows, explanations).map { row, why in
            ["\(row.rank)", row.video, row.title, String(format: "%.3f", row.candidateScore)]
              + (explain ? [Self.pulls(why, columns: columns)] : [])
          }))
      return
    }
    if !weights.isIdentity {
      print("Weights: " + weights.values.map { "\($0.key.rawValue)=\($0.value)" }.sorted().joined(separator: ", "))
    }
    print(
      Output.table(
        ["rank"] + (isWhatIf ? ["move"] : []) + [
          "CG rank", "video", "title", result.scoreColumn, "top groups (logit contributions)",
        ]
          + (explain ? ["retrieved because (u.v contributions)"] : []),
        zip(zip(shown, rows), explanations).map { pair, why in
          let (c, row) = pair
          return ["\(row.rank)"] + (isWhatIf ? [row.move ?? "-"] : []) + [
            "\(row.candidateRank)", row.video, row.title,
            result.formattedScore(c),
            c.topGroups(3).map { "\($0.group.title) \(String(format: "%+.2f", $0.contribution))" }
              .joined(separator: ", "),
          ] + (explain ? [Self.pulls(why, columns: columns)] : [])
        }))
    if explain {
      print(
        "Retrieved because: u.v − u0.v, the candidate score above an anonymous user's, by kind of input with"
          + " each kind's strongest input (every input, and what lowered the score, with --json).")
    }
    if isWhatIf {
      print(
        gone.isEmpty
          ? "Nothing left the real list's top \(k)."
          : "Gone from the real list's top \(k): " + gone.joined(separator: ", "))
    }
    if let meaning = result.weighting?.scoreMeaning { print(meaning) }
    print(
      String(
        format: "%d candidates; %.1f ms (user vector %.1f, retrieval %.1f, features %.1f, ranking %.1f)",
        result.ranked.count, t.total * 1e3, t.userVector * 1e3, t.retrieval * 1e3, t.features * 1e3,
        t.ranking * 1e3))
  }

  /// The what-if options as an edit; an unknown video ID is an error that names it.
  func whatIfEdit(_ columns: EventColumns, user: Int32) throws -> UserEdit {
    var edit = UserEdit()
    func video(_ id: String, _ option: String) throws -> Int32 {
      guard let index = columns.videos.ids.firstIndex(of: id) else {
        throw ValidationError("--\(option) \(id): no such video in the workspace")
      }
      return Int32(index)
    }
    let watched = Set(columns.watches.range(ofUser: Int(user)).map { columns.watches.video[$0] })
    edit.removedWatches = Set(
      try withoutWatch.map { id in
        let v = try video(id, "without-watch")
        guard watched.contains(v) else { throw ValidationError("--without-watch \(id): the user never watched it") }
        return v
      })
    edit.addedWatches = try withWatch.map { try video($0, "with-watch") }
    edit.addedQueries = queries
    if let age {
      guard age.isFinite, (0...130).contains(age) else { throw ValidationError("--age \(age): not an age in years") }
      edit.age = age
    }
    edit.gender = gender
    edit.region = region
    edit.device = device
    return edit
  }

  /// The edit in words.
  static func describe(_ edit: UserEdit, at time: Int64?) -> String {
    var parts: [String] = []
    if !edit.removedWatches.isEmpty { parts.append("without \(edit.removedWatches.count) watched video(s)") }
    if !edit.addedWatches.isEmpty { parts.append("with \(edit.addedWatches.count) more watch(es)") }
    if !edit.addedQueries.isEmpty {
      parts.append("searching " + edit.addedQueries.map { "'\($0)'" }.joined(separator: ", "))
    }
    if let age = edit.age { parts.append("aged \(Int(age))") }
    if let gender = edit.gender { parts.append("gender \(gender)") }
    if let region = edit.region { parts.append("in \(region)") }
    if let device = edit.device { parts.append("on \(device)") }
    if let time { parts.append("at \(time)") }
    return parts.isEmpty ? "no change" : parts.joined(separator: ", ")
  }

  /// The two kinds of input that pulled a candidate most, each with its strongest input, for a
  /// table cell: "watches +1.92 (watched Foo +0.31), demographics +1.02 (logged in +0.66)".
  static func pulls(_ why: RetrievalExplanation?, columns: EventColumns) -> String {
    guard let why else { return "-" }
    return why.groups.prefix(2).map { group in
      let strongest = group.strongest
      return "\(group.group.rawValue) \(String(format: "%+.2f", group.total)) "
        + "(\(strongest.input.label(columns: columns)) \(String(format: "%+.2f", strongest.contribution)))"
    }.joined(separator: ", ")
  }

  /// An explanation in JSON.
  static func retrieval(_ why: RetrievalExplanation, columns: EventColumns) -> Retrieval {
    Retrieval(
      score: why.score, anonymousScore: why.anonymousScore,
      reasons: why.items.map { item in
        var video: String?
        if case .watch(let v) = item.input, v >= 0 { video = columns.videos.ids[Int(v)] }
        return Retrieval.Reason(
          kind: item.input.kind, label: item.input.label(columns: columns), video: video, count: item.occurrences,
          contribution: item.contribution)
      })
  }

  static func parseWeights(_ specs: [String], base: GroupWeights = GroupWeights()) throws -> GroupWeights {
    var weights = base
    for spec in specs {
      let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, let group = FeatureGroup(rawValue: parts[0]), let w = Float(parts[1]), w.isFinite else {
        throw ValidationError(
          "--weight '\(spec)': expected group=number with a group among "
            + FeatureGroup.allCases.map(\.rawValue).joined(separator: ", "))
      }
      weights[group] = w
    }
    return weights
  }
}
