import ArgumentParser
import CandidateGeneration
import Foundation
import Importers
import NeuralCore
import Ranking
import Retrieval
import WorkspaceStore

/// Seeded mutation fuzzing of every importer and model loader for a bounded time: each input
/// must be imported or loaded, or rejected with an error; a crash or a hang (an input taking
/// more than `--hang-seconds`) fails the run with the input saved for replay.
@main
struct FuzzCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "WatchNextFuzz", abstract: "Mutation-fuzz the importers and the model loaders.")

  @Option(help: "Target: csv, dataset, movielens, mind, recbole, kuairec, vocabulary, candidates, ranking, index.")
  var target: String
  @Option(help: "Seconds to run.") var seconds = 60.0
  @Option(help: "Random seed.") var seed: UInt64 = 1
  @Option(help: "Seconds one input may take before it counts as a hang.") var hangSeconds = 20.0
  @Option(help: "Corpus root (the importer fixtures).") var corpus = "Tests/ImportersTests/Fixtures"
  @Option(help: "A workspace with trained models (for the model targets).") var models: String?

  func run() throws {
    var harness = try FuzzHarness(
      target: target, corpus: URL(fileURLWithPath: corpus), models: models.map { URL(fileURLWithPath: $0) })
    var mutator = Mutator(random: SplitMix(state: seed))
    let deadline = Date().addingTimeInterval(seconds)
    var inputs = 0
    var rejected = 0
    let watchdog = Watchdog(limit: hangSeconds)
    print(
      "fuzz \(target): each input is written to \(harness.scratch.path)/last-input-* first; a crash leaves it there")
    while Date() < deadline {
      let (seedName, seedBytes) = harness.seeds[mutator.random.next(below: harness.seeds.count)]
      let mutated = mutator.mutate(seedBytes)
      try harness.saveLast(seedName, mutated)
      watchdog.arm(input: inputs)
      if !harness.run(seedName, mutated) { rejected += 1 }
      watchdog.disarm()
      inputs += 1
    }
    print(
      "fuzz \(target): \(inputs) inputs (\(rejected) rejected with an error, \(inputs - rejected) accepted), 0 crashes, 0 hangs in \(Int(seconds)) s (seed \(seed))"
    )
    harness.cleanUp()
  }
}

/// Aborts the process when one input runs past the limit (a hang), naming it.
final class Watchdog: @unchecked Sendable {
  // @unchecked: `input` and `armedAt` are written by the fuzz loop and read by the timer thread
  // only to decide whether to abort; a stale read delays the abort by one tick at most.
  private var armedAt: Date?
  private var input = 0
  private let limit: Double

  init(limit: Double) {
    self.limit = limit
    let thread = Thread { [self] in
      while true {
        Thread.sleep(forTimeInterval: 0.5)
        if let armedAt, Date().timeIntervalSince(armedAt) > limit {
          FileHandle.standardError.write(Data("fuzz: input \(input) hangs (over \(limit) s)\n".utf8))
          exit(3)
        }
      }
    }
    thread.start()
  }

  func arm(input: Int) {
    self.input = input
    armedAt = Date()
  }

  func disarm() { armedAt = nil }
}
