import Foundation
import SyntheticWorld
import WorkspaceStore

/// A small synthetic world (with the given dynamics) generated into a temporary workspace (removed at exit).
public enum TemporaryWorld {
  /// The world's workspace and its columns.
  ///
  /// - Parameter configure: changes the rest of the configuration (e.g. the share of series).
  public static func make(
    users: Int, videos: Int, days: Int, seed: UInt64, dynamics: WorldDynamics = .none, prefix: String = "wn-world",
    configure: (inout WorldConfig) -> Void = { _ in }
  ) throws -> (workspace: Workspace, columns: EventColumns) {
    var config = WorldConfig()
    configure(&config)
    config.dynamics = dynamics
    config.users = users
    config.videos = videos
    config.days = days
    config.seed = seed
    let workspace = try Workspace(at: TemporaryFiles.url(prefix), create: true)
    try WorldGenerator.generate(config, into: workspace)
    return (workspace, try workspace.loadColumns())
  }
}
