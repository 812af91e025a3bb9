import Dispatch
import Foundation
import NeuralCore

/// Measures an HNSW index against exact search over a sweep of efSearch: recall@10, recall@k and
/// queries/s on one and two threads (best of several passes).
public enum ANNSweep {
  /// One efSearch setting's figures.
  public struct Row: Sendable, Codable, Equatable {
    /// The candidate-list size.
    public var ef: Int
    /// Recall of the top 10 against exact search.
    public var recallAt10: Double
    /// Recall of the top k against exact search.
    public var recallAtK: Double
    /// Queries per second on one thread.
    public var queriesPerSecond1: Double
    /// Queries per second on two threads.
    public var queriesPerSecond2: Double
  }

  /// Runs the sweep; `truth` is exact search's answer for the same queries and k. Without
  /// `twoThreads`, the two-thread figure is left at 0.
  public static func run(
    index: HNSWIndex, queries: Matrix, truth: [[SearchResult]], k: Int, efs: [Int], repeats: Int = 3,
    twoThreads: Bool = true
  ) throws(RetrievalError) -> [Row] {
    let rows = (0..<queries.rows).map { Array(queries.row($0)) }
    var result: [Row] = []
    for ef in efs {
      var found: [[SearchResult]] = []
      var one = Double.infinity
      var two = Double.infinity
      for _ in 0..<max(repeats, 1) {
        var visited = VisitedList(capacity: index.count)
        let start = DispatchTime.now().uptimeNanoseconds
        var pass: [[SearchResult]] = []
        for query in rows { pass.append(try index.search(query, k: k, ef: ef, visited: &visited)) }
        one = min(one, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        found = pass
        guard twoThreads else { continue }
        let startTwo = DispatchTime.now().uptimeNanoseconds
        DispatchQueue.concurrentPerform(iterations: 2) { half in
          var visited = VisitedList(capacity: index.count)
          for i in stride(from: half, to: rows.count, by: 2) {
            _ = try? index.search(rows[i], k: k, ef: ef, visited: &visited)
          }
        }
        two = min(two, Double(DispatchTime.now().uptimeNanoseconds - startTwo) / 1e9)
      }
      func recall(_ cut: Int) -> Double { SearchRecall.recall(found: found, truth: truth, k: min(cut, k)) }
      result.append(
        Row(
          ef: ef, recallAt10: recall(10), recallAtK: recall(k), queriesPerSecond1: Double(rows.count) / one,
          queriesPerSecond2: twoThreads ? Double(rows.count) / two : 0))
    }
    return result
  }

  /// The sweep as an aligned text table.
  public static func table(_ rows: [Row], k: Int) -> String {
    var text = "ef     recall@10  recall@\(k)  q/s (1 thread)  q/s (2 threads)\n"
    for r in rows {
      text += String(
        format: "%-6d %9.4f  %10.4f  %14.0f  %15.0f\n", r.ef, r.recallAt10, r.recallAtK, r.queriesPerSecond1,
        r.queriesPerSecond2)
    }
    return text
  }
}
