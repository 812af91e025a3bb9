import Foundation

/// A collective operation that could not start.
public enum CollectiveError: Error, Equatable, CustomStringConvertible {
  /// MPI is not in this build, or did not start.
  case unavailable(String)

  /// The message.
  public var description: String {
    switch self {
    case .unavailable(let reason): "distributed training is unavailable: \(reason)"
    }
  }
}

/// How a command finds the ranks it runs among: one process unless it was started by `mpirun`
/// (or asked with `--distributed`).
public enum DistributedLaunch {
  /// Whether this build has the MPI backend (the package trait `MPI`).
  public static var hasMPI: Bool {
    #if MPI
      true
    #else
      false
    #endif
  }

  /// The world size a launcher announced in the environment: Open MPI's `OMPI_COMM_WORLD_SIZE`,
  /// PMIx's or MPICH's `PMI_SIZE`; nil when none did (not started by a launcher).
  public static func launcherSize(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Int? {
    for key in ["OMPI_COMM_WORLD_SIZE", "PMIX_SIZE", "PMI_SIZE"] {
      if let value = environment[key].flatMap(Int.init) { return value }
    }
    return nil
  }

  /// The group this process trains in: MPI's when `requested` or a launcher started it with
  /// more than one rank, else ``SingleProcess``.
  ///
  /// - Throws: ``CollectiveError/unavailable(_:)`` when MPI is wanted and this build lacks it
  ///   (the message says how to build it) or it does not start.
  public static func group(requested: Bool, environment: [String: String] = ProcessInfo.processInfo.environment)
    throws(CollectiveError) -> any Collective
  {
    let launched = launcherSize(environment).map { $0 > 1 } ?? false
    guard requested || launched else { return SingleProcess() }
    #if MPI
      return try MPICollective.start()
    #else
      throw .unavailable(
        "this watchnext was built without MPI; install libopenmpi-dev and build with "
          + "`swift build -c release --traits MPI` (docs/scale-out.md)")
    #endif
  }

  /// Ends the group's runtime after its last collective (MPI_Finalize; nothing for one process).
  public static func finish(_ group: any Collective) {
    #if MPI
      (group as? MPICollective)?.finish()
    #endif
  }
}
