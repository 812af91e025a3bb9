import CandidateGeneration
import NeuralCore
import Ranking
import WorkspaceStore

extension WorkspaceSession {
  /// What a workspace lacks before both stages can serve.
  public var missingModels: [ModelKind] {
    var missing: [ModelKind] = []
    if candidates.isMissing { missing.append(.candidates) }
    if ranking.isMissing { missing.append(.ranking) }
    return missing
  }

  /// The first model that is on disk but unusable (never trained over without being asked).
  public var unusableModel: SessionError? {
    if case .unusable(let error) = candidates { return error }
    if case .unusable(let error) = ranking { return error }
    return nil
  }

  /// Trains whichever models are missing (the candidate model first: its scores are ranking
  /// features) with default settings. Existing models, usable or not, are left alone.
  ///
  /// - Throws: the unusable model's ``SessionError`` before training anything.
  public mutating func trainMissing(progress: ProgressHandler, isCancelled: () -> Bool = { false }) throws {
    if let unusableModel { throw unusableModel }
    if candidates.isMissing {
      let split = try split()
      _ = try raceCandidates(
        CandidateConfig.fitted(
          to: split.evaluationProtocol, videos: columns.videos.count, searches: columns.searches.count
        ).contenders, split: split,
        progress: { progress($0.within("Training the candidate model (Paper §3)")) },
        isCancelled: isCancelled)
    }
    if ranking.isMissing {
      _ = try trainRanking(
        config: RankingConfig(),
        progress: { progress($0.within("Training the ranking model (Paper §4)")) },
        isCancelled: isCancelled)
    }
  }
}
