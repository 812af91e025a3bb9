import Foundation

/// Every on-disk name inside a workspace directory, in one place (documented in `docs/formats.md`).
public struct WorkspaceLayout: Sendable, Equatable {
  /// The workspace directory.
  public var directory: URL

  /// The layout of the workspace at `directory`.
  public init(directory: URL) { self.directory = directory }

  /// The SQLite event store.
  public var database: URL { directory.appendingPathComponent("workspace.sqlite") }
  /// For a workspace whose events live in PostgreSQL: the file holding the database's URL (the
  /// directory then holds only the artifacts: models, index, truth, experiments).
  public var postgresURL: URL { directory.appendingPathComponent("postgresql.url") }
  /// Where trained models live.
  public var models: URL { directory.appendingPathComponent("models") }
  /// The candidate-generation model (Paper §3).
  public var candidateModel: URL { models.appendingPathComponent("candidates") }
  /// The ranking model (Paper §4).
  public var rankingModel: URL { models.appendingPathComponent("ranking") }
  /// The models one retrain back (`previous/candidates`, `previous/ranking`): a retrain moves the
  /// replaced model here, for comparison and to swap back.
  public var previousModels: URL { models.appendingPathComponent("previous") }
  /// The previous candidate-generation model.
  public var previousCandidateModel: URL { previousModels.appendingPathComponent("candidates") }
  /// The previous ranking model.
  public var previousRankingModel: URL { previousModels.appendingPathComponent("ranking") }
  /// The ANN index over the candidate model's video embeddings.
  public var index: URL { models.appendingPathComponent("index") }
  /// The explorer's saved group weights.
  public var explorerWeights: URL { directory.appendingPathComponent("explorer-weights.json") }
  /// A synthetic world's latent truth.
  public var truth: URL { directory.appendingPathComponent("truth") }
  /// Experiment tables and plots.
  public var experiments: URL { directory.appendingPathComponent("experiments") }
  /// Embeddings exported for other tools.
  public var export: URL { directory.appendingPathComponent("export") }
}
