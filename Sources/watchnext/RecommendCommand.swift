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
    let result = try recommender.recommend(userID: user, k: k, weights: weights, allowUnknown: allowUnknown)
    let columns = recommender.columns
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
        retrieval: why.map { Self.retrieval($0, columns: columns) })
    }
    let t = result.timings
    if options.json {
      return try Output.json(
        Report(
          user: user, source: result.source.label, order: result.stage.rawValue, baselineLogit: result.baselineLogit,
          scoreMeaning: result.weighting?.scoreMeaning,
          timingsMilliseconds: [
            "userVector": t.userVector * 1e3, "retrieval": t.retrieval * 1e3, "features": t.features * 1e3,
            "ranking": t.ranking * 1e3, "total": t.total * 1e3,
          ], videos: rows))
    }
    Output.line("Recommendations for \(user) (\(result.source.label))")
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
        ["rank", "CG rank", "video", "title", result.scoreColumn, "top groups (logit contributions)"]
          + (explain ? ["retrieved because (u.v contributions)"] : []),
        zip(zip(shown, rows), explanations).map { pair, why in
          let (c, row) = pair
          return [
            "\(row.rank)", "\(row.candidateRank)", row.video, row.title,
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
    if let meaning = result.weighting?.scoreMeaning { print(meaning) }
    print(
      String(
        format: "%d candidates; %.1f ms (user vector %.1f, retrieval %.1f, features %.1f, ranking %.1f)",
        result.ranked.count, t.total * 1e3, t.userVector * 1e3, t.retrieval * 1e3, t.features * 1e3,
        t.ranking * 1e3))
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
