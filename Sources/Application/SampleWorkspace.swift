import Foundation
import NeuralCore
import SyntheticWorld
import WorkspaceStore

/// The built-in sample: a synthetic world generated into a workspace on first use.
public enum SampleWorkspace {
  /// Generates `config` into a new workspace at `url`, reporting to `progress`.
  ///
  /// The world is generated in a staging directory and renamed into place, so a failed or killed
  /// generation leaves no half-built workspace behind.
  public static func generate(
    _ config: WorldConfig = WorldConfig(), at url: URL, progress: ProgressHandler
  ) throws -> GenerationReport {
    try WorldGenerator.validate(config)
    return try StagedWorkspace.run(into: url, mode: .replace) { workspace in
      try WorldGenerator.generate(config, into: workspace, progress: progress)
    }
  }
}
