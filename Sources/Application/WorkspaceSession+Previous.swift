import CandidateGeneration
import Foundation
import NeuralCore
import Ranking
import Recommendation
import Retrieval
import WorkspaceStore

/// The models one retrain back (`models/previous/`): a recommender over them, for comparison, and
/// the swap that makes them current again.
extension WorkspaceSession {
  /// Whether a retrain left a previous model of either kind.
  public var hasPreviousModels: Bool {
    let manager = FileManager.default
    return [layout.previousCandidateModel, layout.previousRankingModel].contains {
      manager.fileExists(atPath: $0.appendingPathComponent(ModelArchive.manifestFileName).path)
    }
  }

  /// The recommender of the previous models: a kind that was not retrained is the current model.
  /// A previous candidate model gets an ANN index of its own, built here (not saved).
  ///
  /// - Returns: nil when there is no previous model.
  /// - Throws: ``SessionError`` when a previous model does not load (it names the file).
  public mutating func previousRecommender() throws -> Recommender? {
    guard hasPreviousModels else { return nil }
    let manager = FileManager.default
    let current = try recommender()
    var generator = current.generator
    var index: HNSWIndex?
    if manager.fileExists(atPath: layout.previousCandidateModel.path) {
      do {
        generator = try BoundCandidateModel.load(from: layout.previousCandidateModel, columns: columns).generator
        index = try HNSWIndex.build(generator.model.videoEmbeddings)
      } catch {
        throw SessionError.unusableModel(.candidates, directory: layout.previousCandidateModel.path, reason: "\(error)")
      }
    }
    var ranking = current.ranking
    if manager.fileExists(atPath: layout.previousRankingModel.path) {
      do { ranking = try RankingModel.load(from: layout.previousRankingModel).model } catch {
        throw SessionError.unusableModel(.ranking, directory: layout.previousRankingModel.path, reason: "\(error)")
      }
    }
    return try Recommender(columns: columns, generator: generator, index: index ?? self.index(), ranking: ranking)
  }

  /// Makes the previous models current and the current ones previous (pressing it again swaps
  /// back), under the writer lock; each kind with a previous model swaps by three renames.
  ///
  /// - Returns: the kinds swapped.
  public mutating func swapPreviousModels() throws -> [ModelKind] {
    let lock = try writerLock("swapping in the previous models")
    defer { withExtendedLifetime(lock) {} }
    var swapped: [ModelKind] = []
    for (kind, current, previous) in [
      (ModelKind.candidates, layout.candidateModel, layout.previousCandidateModel),
      (.ranking, layout.rankingModel, layout.previousRankingModel),
    ]
    where FileManager.default.fileExists(atPath: previous.path) && FileManager.default.fileExists(atPath: current.path)
    {
      let aside = layout.models.appendingPathComponent(".\(kind.rawValue).swap-\(UUID().uuidString)")
      try Self.rename(current, to: aside, kind: kind)
      do { try Self.rename(previous, to: current, kind: kind) } catch {
        try? Self.rename(aside, to: current, kind: kind)
        throw error
      }
      try Self.rename(aside, to: previous, kind: kind)
      swapped.append(kind)
    }
    if swapped.contains(.candidates) { try? FileManager.default.removeItem(at: layout.index) }
    self = try WorkspaceSession.open(workspace.directory)
    return swapped
  }

  private static func rename(_ from: URL, to: URL, kind: ModelKind) throws {
    guard Foundation.rename(from.path, to.path) == 0 else {
      throw SessionError.unusableModel(
        kind, directory: from.path, reason: "cannot move it to \(to.path): \(String(cString: strerror(errno)))")
    }
  }
}
