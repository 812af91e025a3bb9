import Application
import ArgumentParser
import CandidateGeneration
import Foundation
import NeuralCore
import Ranking
import Recommendation
import WorkspaceStore

/// `watchnext bench recommend`: end-to-end latency of the two-stage pipeline, one thread.
struct BenchRecommendCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "recommend",
    abstract: "recommend() latency p50/p99 per stage on one thread, and live re-ranking under new weights.",
    discussion: "Needs both trained models; the ANN index is loaded or built first (not timed).")

  @OptionGroup var options: WorkspaceOptions
  @Option(help: "Users to request (the first ones with a history).") var users = 200
  @Option(help: "Candidates retrieved (N).") var candidates = ServingConfig().candidates

  /// Candidate rows on a screen, as the explorer explains them.
  static let screenRows = 40

  func validate() throws {
    try CountCheck.atLeastOne(["users": users, "candidates": candidates])
  }

  struct Stage: Encodable {
    var name: String
    var p50Milliseconds: Double
    var p99Milliseconds: Double
    var meanMilliseconds: Double
  }

  /// Re-ranking under new weights, in microseconds.
  struct Rerank: Encodable {
    var p50Microseconds: Double
    var p99Microseconds: Double
    var meanMicroseconds: Double

    init(_ microseconds: [Double]) {
      let percentiles = Percentiles(microseconds)
      p50Microseconds = percentiles.median
      p99Microseconds = percentiles.at(0.99)
      meanMicroseconds = percentiles.mean
    }
  }

  struct Report: Encodable {
    var videos: Int
    var requests: Int
    var candidates: Int
    var stages: [Stage]
    var rerank: Rerank
  }

  func run() throws {
    BLAS.setThreadCount(1)
    var recommender = try CLISession.recommender(options.url).recommender
    recommender.serving.candidates = candidates
    let columns = recommender.columns
    let targets = (0..<columns.users.count).filter { !columns.watches.range(ofUser: $0).isEmpty }.prefix(users)
    guard !targets.isEmpty else { throw CommandFailure(description: "no user in the workspace has a watch history") }
    _ = try recommender.recommend(user: Int32(targets[targets.startIndex]))  // warm-up
    var timings: [StageTimings] = []
    var rerank: [Double] = []
    var reasonsTimes: [Double] = []
    var whatIfTimes: [Double] = []
    var rowsTimes: [Double] = []
    var weights = GroupWeights()
    weights[.freshness] = 2
    weights[.churn] = 0
    for u in targets {
      let result = try recommender.recommend(user: Int32(u))
      timings.append(result.timings)
      let started = DispatchTime.now().uptimeNanoseconds
      let reranked = result.reranked(weights)
      rerank.append(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e3)
      precondition(reranked.ranked.count == result.ranked.count)
      // Why retrieved, as the explorer computes it: the user's reasons once, then a screen of rows.
      var clock = DispatchTime.now().uptimeNanoseconds
      let reasons = recommender.retrievalReasons(user: Int32(u))
      var now = DispatchTime.now().uptimeNanoseconds
      reasonsTimes.append(Double(now - clock) / 1e9)
      clock = now
      let explained = result.ranked.prefix(Self.screenRows).compactMap {
        reasons.explanation(of: $0.video, generator: recommender.generator)
      }
      now = DispatchTime.now().uptimeNanoseconds
      rowsTimes.append(Double(now - clock) / 1e9)
      precondition(explained.count <= Self.screenRows)
      // What if: the same user without their last watch, the whole pipeline over an edited copy.
      let range = columns.watches.range(ofUser: u)
      if let last = range.last {
        var edit = UserEdit()
        edit.removedWatches = [columns.watches.video[last]]
        clock = DispatchTime.now().uptimeNanoseconds
        _ = try recommender.recommend(user: Int32(u), editedBy: edit)
        whatIfTimes.append(Double(DispatchTime.now().uptimeNanoseconds - clock) / 1e9)
      }
    }
    func stage(_ name: String, _ values: [Double], scale: Double) -> Stage {
      let percentiles = Percentiles(values)
      return Stage(
        name: name, p50Milliseconds: percentiles.median * scale, p99Milliseconds: percentiles.at(0.99) * scale,
        meanMilliseconds: percentiles.mean * scale)
    }
    let stages = [
      stage("user vector", timings.map(\.userVector), scale: 1e3),
      stage("ANN retrieval", timings.map(\.retrieval), scale: 1e3),
      stage("ranking features", timings.map(\.features), scale: 1e3),
      stage("ranking + contributions", timings.map(\.ranking), scale: 1e3),
      stage("total", timings.map(\.total), scale: 1e3),
      stage("why retrieved: the user's reasons", reasonsTimes, scale: 1e3),
      stage("why retrieved: \(Self.screenRows) rows", rowsTimes, scale: 1e3),
      stage("what if: one edit, whole pipeline", whatIfTimes, scale: 1e3),
    ]
    let report = Report(
      videos: columns.videos.count, requests: timings.count, candidates: candidates, stages: stages,
      rerank: Rerank(rerank))
    if options.json { return try Output.json(report) }
    print(
      "recommend() on \(Output.count(report.videos)) videos, \(report.requests) users, N = \(candidates), 1 thread"
        + " (why retrieved and what if: not in the total)")
    print(
      Output.table(
        ["stage", "p50 ms", "p99 ms", "mean ms"],
        stages.map {
          [
            $0.name, String(format: "%.2f", $0.p50Milliseconds), String(format: "%.2f", $0.p99Milliseconds),
            String(format: "%.2f", $0.meanMilliseconds),
          ]
        }))
    let r = report.rerank
    print(
      String(
        format: "Re-ranking %d candidates under new weights: p50 %.1f µs, p99 %.1f µs (no network)", candidates,
        r.p50Microseconds, r.p99Microseconds))
  }
}
