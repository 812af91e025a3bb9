import Application
import CandidateGeneration
import Foundation
import Importers
import NeuralCore
import Ranking
import Recommendation
import SyntheticWorld
import Testing
import WatchNextTestSupport
import WorkspaceStore

/// A small synthetic world in a temporary directory.
func temporaryWorld(seed: UInt64 = 3, users: Int = 100, videos: Int = 150) throws -> URL {
  var config = WorldConfig()
  config.users = users
  config.videos = videos
  config.days = 5
  config.seed = seed
  let url = TemporaryFiles.url("wn-session")
  _ = try SampleWorkspace.generate(config, at: url) { _ in }
  return url
}

@Suite("Application: a workspace session", .serialized)
struct SessionTests {
  @Test("A new workspace has no models; the candidate model serves its own order until a ranking model exists")
  func trainInOrder() throws {
    let url = try temporaryWorld()
    defer { try? FileManager.default.removeItem(at: url) }
    var session = try WorkspaceSession.open(url)
    #expect(session.missingModels == [.candidates, .ranking])
    #expect(throws: SessionError.self) { _ = try session.recommender() }
    _ = try session.trainCandidates(
      config: TestConfigs.tinyCandidate(), split: try session.split(), progress: { _ in })
    let manifest = try #require(session.candidates.model?.manifest)
    #expect(manifest.training.notes[WorkspaceFingerprint.manifestKey] == session.fingerprint.token)
    let user = Int32(
      try #require(
        (0..<session.columns.users.count).first {
          !session.columns.watches.range(ofUser: $0).isEmpty
        }))
    let cgOnly = try session.recommender().recommend(user: user)
    #expect(cgOnly.stage == .candidateOrder && !cgOnly.ranked.isEmpty)
    #expect(cgOnly.ranked.map(\.candidateRank) == Array(0..<cgOnly.ranked.count), "the CG order, labelled")
    let (_, dataset) = try session.trainRanking(config: TestConfigs.tinyRanking(), progress: { _ in })
    #expect(session.missingModels.isEmpty)
    // The manifest records the saved model's validation weighted per-user loss and AUC (the Compare pane's rows).
    let saved = try RankingModel.load(from: WorkspaceLayout(directory: url).rankingModel)
    let logits = saved.model.logits(
      dataset.validation, columns: session.columns,
      lookup: RankingFeatureLookup(columns: session.columns, space: saved.model.space))
    let metrics = RankingEvaluation.metrics(
      name: "saved", scores: logits, examples: dataset.validation, predictsWatchTime: true)
    let notes = saved.manifest.training.notes
    let auc = try #require(notes[ValidationFigure.aucNote].flatMap(Double.init))
    let loss = try #require(notes[ValidationFigure.weightedPerUserLossNote].flatMap(Double.init))
    #expect(abs(auc - metrics.auc) < 1e-4 && abs(loss - metrics.weightedPerUserLoss) < 1e-4)
    #expect(auc > 0 && auc <= 1 && loss >= 0 && loss <= 1 && metrics.pairs > 0)
    #expect(try session.recommender().recommend(user: user).stage == .twoStage)
    // Each manifest carries its training curve; a retrain keeps the replaced model one generation back.
    let curve = try #require(session.candidates.model?.manifest.training.curve)
    #expect(curve.map(\.epoch) == Array(1...curve.count) && curve.count == manifest.training.epochs)
    #expect(session.ranking.model?.manifest.training.validationMetric == "validation loss (weighted)")
    let layout = WorkspaceLayout(directory: url)
    #expect(!FileManager.default.fileExists(atPath: layout.previousRankingModel.path))
    var second = TestConfigs.tinyRanking()
    second.seed += 1
    _ = try session.trainRanking(config: second, progress: { _ in })
    let kept = try RankingModel.load(from: layout.previousRankingModel).manifest
    #expect(kept.configuration.config.seed == TestConfigs.tinyRanking().seed, "the first model is kept")
    #expect(try RankingModel.load(from: layout.rankingModel).manifest.configuration.config.seed == second.seed)
    #expect(kept.training.curve?.isEmpty == false)
    // The previous models serve, and a swap makes them current; a second swap undoes it.
    #expect(session.hasPreviousModels)
    let previous = try #require(try session.previousRecommender())
    #expect(previous.ranking?.config.seed == TestConfigs.tinyRanking().seed)
    #expect(!(try previous.recommend(user: user).ranked.isEmpty))
    #expect(try session.swapPreviousModels() == [.ranking], "only the ranking model was retrained")
    #expect(session.ranking.model?.model.config.seed == TestConfigs.tinyRanking().seed)
    #expect(try RankingModel.load(from: layout.previousRankingModel).model.config.seed == second.seed)
    #expect(try session.swapPreviousModels() == [.ranking])
    #expect(session.ranking.model?.model.config.seed == second.seed)
    let reopened = try WorkspaceSession.open(url)
    #expect(reopened.candidates.model != nil && reopened.ranking.model != nil && reopened.warnings.isEmpty)
  }

  @Test("A race saves the contender that validated best and names it, with every contender's figure, in the manifest")
  func raceRecorded() throws {
    // Enough videos that recall@100 is not everything.
    let url = try temporaryWorld(users: 200, videos: 800)
    defer { try? FileManager.default.removeItem(at: url) }
    var session = try WorkspaceSession.open(url)
    var poor = TestConfigs.tinyCandidate()
    poor.learningRate = 1e-7
    var good = TestConfigs.tinyCandidate()
    good.epochs = 3
    good.learningRate = 0.01
    let race = try session.raceCandidates(
      [
        CandidateContender(name: "poor", config: poor, summary: ""),
        CandidateContender(name: "good", config: good, summary: ""),
      ], split: try session.split(), progress: { _ in })
    #expect(race.contender.name == "good", "\(race.entries)")
    let manifest = try #require(WorkspaceSession.open(url).candidates.model?.manifest)
    #expect(manifest.training.notes["contender"] == "good")
    #expect(manifest.configuration.config == good)
    let recorded = try #require(manifest.training.notes["race"])
    #expect(recorded.hasPrefix("poor ") && recorded.contains(", good "), "\(recorded)")
  }

  @Test("Another workspace's models are unusable, named with both fingerprints, and never trained over")
  func foreignModels() throws {
    let first = try temporaryWorld(seed: 3)
    let second = try temporaryWorld(seed: 4)
    defer {
      try? FileManager.default.removeItem(at: first)
      try? FileManager.default.removeItem(at: second)
    }
    var session = try WorkspaceSession.open(first)
    _ = try session.trainCandidates(
      config: TestConfigs.tinyCandidate(), split: try session.split(), progress: { _ in })
    try FileManager.default.copyItem(
      at: WorkspaceLayout(directory: first).models, to: WorkspaceLayout(directory: second).models)
    var other = try WorkspaceSession.open(second)
    guard case .unusable(.otherWorkspace(let kind, _, let model, let workspace)) = other.candidates else {
      Issue.record("a copied model was accepted: \(other.candidates)")
      return
    }
    #expect(kind == .candidates && model.id != workspace.id)
    #expect(throws: SessionError.self) { try other.trainMissing(progress: { _ in }) }
    let stillThere = try Data(
      contentsOf: WorkspaceLayout(directory: second).candidateModel.appendingPathComponent("manifest.json"))
    #expect(!stillThere.isEmpty, "the foreign model stays until the user retrains")
  }

  @Test("A corrupt model is reported with its file, not retrained over")
  func corruptModel() throws {
    let url = try temporaryWorld()
    defer { try? FileManager.default.removeItem(at: url) }
    var session = try WorkspaceSession.open(url)
    _ = try session.trainCandidates(
      config: TestConfigs.tinyCandidate(), split: try session.split(), progress: { _ in })
    let directory = session.layout.candidateModel
    let tensor = try #require(
      try FileManager.default.contentsOfDirectory(atPath: directory.path).first { $0.hasSuffix(".npy") })
    try Data("garbage".utf8).write(to: directory.appendingPathComponent(tensor))
    let reopened = try WorkspaceSession.open(url)
    guard case .unusable(.unusableModel(.candidates, let path, _)) = reopened.candidates else {
      Issue.record("corruption went unnoticed: \(reopened.candidates)")
      return
    }
    #expect(path == directory.path && reopened.unusableModel != nil)
  }

  @Test("Errors name the file: a vocabulary that does not parse names videos.vocab, a bad shape its .npy")
  func errorsNameFiles() throws {
    let url = try temporaryWorld()
    defer { try? FileManager.default.removeItem(at: url) }
    var session = try WorkspaceSession.open(url)
    _ = try session.trainCandidates(
      config: TestConfigs.tinyCandidate(), split: try session.split(), progress: { _ in })
    let directory = session.layout.candidateModel
    func replace(_ name: String, with data: Data) throws {
      try data.write(to: directory.appendingPathComponent(name))
      let manifestURL = directory.appendingPathComponent("manifest.json")
      var manifest = try #require(
        try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [String: Any])
      for key in ["tensors", "files"] {
        guard var entries = manifest[key] as? [[String: Any]] else { continue }
        for i in entries.indices where entries[i]["file"] as? String == name {
          entries[i]["crc32"] = CRC32.checksum(data)
          if key == "tensors" { entries[i]["shape"] = [1, 1] }
        }
        manifest[key] = entries
      }
      try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
    }
    try replace("videos.vocab", with: Data("no count here\n".utf8))
    guard case .unusable(let error) = try WorkspaceSession.open(url).candidates else {
      Issue.record("a broken vocabulary loaded")
      return
    }
    #expect(error.description.contains("videos.vocab"), "\(error)")
    _ = try session.trainCandidates(
      config: TestConfigs.tinyCandidate(), split: try session.split(), progress: { _ in })
    try replace("video_embeddings.npy", with: NPY.encode([Float(1)], shape: [1, 1]))
    guard case .unusable(let shapeError) = try WorkspaceSession.open(url).candidates else {
      Issue.record("a tensor of the wrong shape loaded")
      return
    }
    #expect(shapeError.description.contains("video_embeddings.npy"), "\(shapeError)")
  }

  @Test("After an append, the models load with a warning that the data changed")
  func appendWarns() throws {
    let url = try temporaryWorld()
    defer { try? FileManager.default.removeItem(at: url) }
    var session = try WorkspaceSession.open(url)
    _ = try session.trainCandidates(
      config: TestConfigs.tinyCandidate(), split: try session.split(), progress: { _ in })
    let log = TemporaryFiles.url("more", extension: "csv")
    try Data("user,video,time\nnewcomer,new-video,1900000000\n".utf8).write(to: log)
    _ = try StagedWorkspace.run(into: url, mode: .append) { try CSVEventImporter().importFile(log, into: $0) }
    let after = try WorkspaceSession.open(url)
    #expect(after.candidates.model != nil)
    #expect(after.warnings.contains { $0.contains("retrain") })
  }

  @Test("Staged imports: a failed first import creates nothing; events need --append or --replace")
  func staging() throws {
    let parent = TemporaryFiles.url("wn-stage")
    let url = parent.appendingPathComponent("ws")
    defer { try? FileManager.default.removeItem(at: parent) }
    let bad = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("ImportersTests/Fixtures/bad-time.csv")
    #expect(throws: ImportError.self) {
      try StagedWorkspace.run(into: url, mode: .create) { try CSVEventImporter().importFile(bad, into: $0) }
    }
    #expect(!FileManager.default.fileExists(atPath: url.path), "nothing left behind")
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: parent.path) == [".ws.lock"],
      "no staging directory left (only the writer lock's file)")
    let good = bad.deletingLastPathComponent().appendingPathComponent("ratings.csv")
    _ = try StagedWorkspace.run(into: url, mode: .create) { try CSVEventImporter().importFile(good, into: $0) }
    let id = try Workspace(at: url).fingerprint().id
    #expect(throws: StagedWorkspaceError.self) {
      try StagedWorkspace.run(into: url, mode: .create) { try CSVEventImporter().importFile(good, into: $0) }
    }
    _ = try StagedWorkspace.run(into: url, mode: .append) { try CSVEventImporter().importFile(good, into: $0) }
    #expect(try Workspace(at: url).fingerprint().watches == 6)
    _ = try StagedWorkspace.run(into: url, mode: .replace) { try CSVEventImporter().importFile(good, into: $0) }
    let replaced = try Workspace(at: url).fingerprint()
    #expect(replaced.watches == 3 && replaced.id != id, "a new workspace swapped in")
  }

  @Test("Explorer weights round-trip through the workspace's weights file")
  func weights() throws {
    let url = try temporaryWorld()
    defer { try? FileManager.default.removeItem(at: url) }
    let layout = WorkspaceLayout(directory: url)
    #expect(try WeightsFile.load(from: layout) == nil)
    var weights = GroupWeights()
    weights[.freshness] = 1.5
    _ = try WeightsFile.save(weights, in: layout)
    #expect(try WeightsFile.load(from: layout)?[.freshness] == 1.5)
  }
}
