import ArgumentParser
import Foundation
import NeuralCore

/// `--distributed`: training as one rank of an MPI job (issue 18, `docs/scale-out.md`).
struct DistributedOptions: ParsableArguments {
  @Flag(
    help: """
      Train as one rank of an MPI job: `mpirun -np N watchnext train ...` (found by itself when mpirun \
      started this process). Needs a build with `--traits MPI`. Rank 0 prints and saves.
      """)
  var distributed = false

  /// Runs `body` in the group this process trains in and ends MPI after it. In a group of several
  /// ranks an error is reported with the rank that had it, and every rank is stopped
  /// (`MPI_Abort`), so that none waits in a collective for a rank that has gone; nothing is saved
  /// then, since only rank 0 saves and only after training succeeded.
  func run(_ body: (any Collective) throws -> Void) throws {
    let group: any Collective
    do { group = try DistributedLaunch.group(requested: distributed) } catch {
      throw CommandFailure(description: error.description)
    }
    guard group.size > 1 else { return try body(group) }
    do { try body(group) } catch {
      FileHandle.standardError.write(Data("error (rank \(group.rank) of \(group.size)): \(error)\n".utf8))
      group.abort(code: 1)
    }
    DistributedLaunch.finish(group)
  }
}
