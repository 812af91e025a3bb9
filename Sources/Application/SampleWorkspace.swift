import Foundation
import SyntheticWorld
import WorkspaceStore

/// The built-in sample: a synthetic world generated into a workspace on first use.
public enum SampleWorkspace {
  /// Generates `config` into a new workspace at `url`, reporting (phase, done, total) to `progress`.
  public static func generate(
    _ config: WorldConfig = WorldConfig(), at url: URL, progress: (String, Int, Int) -> Void
  ) throws -> GenerationReport {
    let workspace = try Workspace(at: url, create: true)
    return try WorldGenerator.generate(config, into: workspace, progress: progress)
  }
}
