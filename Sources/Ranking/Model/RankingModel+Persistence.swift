import Foundation
import NeuralCore
import WorkspaceStore

/// What a saved ranking model records besides its tensors.
public struct RankingArchiveInfo: Codable, Sendable, Equatable {
  /// The model and training configuration.
  public var config: RankingConfig
  /// Start of the holdout the model was not trained on, Unix seconds.
  public var cutoff: Int64
  /// Rows of each table, by ``IDSpace`` order.
  public var tableRows: [Int]
}

/// The normalisers as saved.
private struct SavedNormalizers: Codable {
  var candidate: [String: [Float]]
  var query: [String: [Float]]
}

extension IDSpace {
  /// The name used in saved files.
  public var name: String {
    switch self {
    case .videos: "videos"
    case .channels: "channels"
    case .languages: "languages"
    case .regions: "regions"
    case .devices: "devices"
    case .genders: "genders"
    }
  }
}

extension RankingModel {
  /// The model-archive kind.
  public static let archiveKind = "ranking"

  /// The default model directory in a workspace.
  public static func modelDirectory(in workspace: Workspace) -> URL {
    workspace.modelsDirectory.appendingPathComponent("ranking")
  }

  /// Saves the model atomically: tensors as `.npy`, vocabularies and quantiles as side files; the
  /// model it replaces moves to `previous` when given.
  public func save(
    to directory: URL, cutoff: Int64, training: ModelManifest<RankingArchiveInfo>.Training, previous: URL? = nil
  ) throws(NeuralCoreError) {
    var tensors = IDSpace.allCases.map { NamedTensor(name: "\($0.name)_embeddings", matrix: tables[$0.rawValue].table) }
    for (i, layer) in tower.enumerated() {
      tensors.append(NamedTensor(name: "tower_\(i)_weights", matrix: layer.weights))
      tensors.append(NamedTensor(name: "tower_\(i)_bias", shape: [layer.bias.count], values: layer.bias))
    }
    tensors.append(NamedTensor(name: "baseline_input", shape: [baselineInput.count], values: baselineInput))
    var side = IDSpace.allCases.map { id in
      (name: id.name, file: "\(id.name).vocab", data: space.vocabularies[id.rawValue].serialized())
    }
    let normalizers = SavedNormalizers(
      candidate: Dictionary(
        uniqueKeysWithValues: CandidateFeature.allCases.map {
          ("\($0)", space.candidateNormalizers[$0.rawValue].quantiles)
        }),
      query: Dictionary(
        uniqueKeysWithValues: QueryFeature.allCases.map { ("\($0)", space.queryNormalizers[$0.rawValue].quantiles) }))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    do { side.append(("normalizers", "normalizers.json", try encoder.encode(normalizers))) } catch {
      throw .io(file: directory.appendingPathComponent("normalizers.json").path, reason: "\(error)")
    }
    let info = RankingArchiveInfo(
      config: config, cutoff: cutoff, tableRows: tables.map(\.vocabularySize))
    try ModelArchive.save(
      to: directory, kind: Self.archiveKind, configuration: info, tensors: tensors, sideFiles: side, training: training,
      previous: previous)
  }

  /// Loads a saved model.
  ///
  /// - Throws: ``NeuralCoreError`` naming the file when anything is missing, corrupt or inconsistent.
  public static func load(from directory: URL) throws(NeuralCoreError) -> (
    model: RankingModel, manifest: ModelManifest<RankingArchiveInfo>
  ) {
    let archive = try ModelArchive.load(from: directory, kind: archiveKind, as: RankingArchiveInfo.self)
    let info = archive.manifest.configuration
    func file(_ name: String) throws(NeuralCoreError) -> Data {
      guard let data = archive.files[name] else {
        throw .corruptFile(file: directory.appendingPathComponent(name).path, reason: "side file missing from manifest")
      }
      return data
    }
    var vocabularies: [Vocabulary<String>] = []
    for id in IDSpace.allCases {
      let path = directory.appendingPathComponent("\(id.name).vocab").path
      do { vocabularies.append(try Vocabulary<String>(serialized: try file(id.name), file: path)) } catch let error
        as WorkspaceError
      {
        throw .corruptFile(file: path, reason: error.description)
      } catch {
        throw .corruptFile(file: path, reason: "\(error)")
      }
    }
    let normalizerPath = directory.appendingPathComponent("normalizers.json").path
    let saved: SavedNormalizers
    do { saved = try JSONDecoder().decode(SavedNormalizers.self, from: try file("normalizers")) } catch {
      throw .corruptFile(file: normalizerPath, reason: "\(error)")
    }
    func quantiles(_ map: [String: [Float]], _ name: String) throws(NeuralCoreError) -> QuantileNormalizer {
      guard let q = map[name], !q.isEmpty, q.allSatisfy(\.isFinite) else {
        throw .corruptFile(file: normalizerPath, reason: "no valid quantiles for feature '\(name)'")
      }
      return QuantileNormalizer(quantiles: q)
    }
    var candidate: [QuantileNormalizer] = []
    for feature in CandidateFeature.allCases { candidate.append(try quantiles(saved.candidate, "\(feature)")) }
    var query: [QuantileNormalizer] = []
    for feature in QueryFeature.allCases { query.append(try quantiles(saved.query, "\(feature)")) }
    let space = RankingFeatureSpace(
      vocabularies: vocabularies, candidateNormalizers: candidate, queryNormalizers: query)
    var model = RankingModel(config: info.config, space: space)
    guard model.tables.map(\.vocabularySize) == info.tableRows else {
      throw .corruptFile(file: directory.path, reason: "vocabulary sizes differ from the manifest's table rows")
    }
    for id in IDSpace.allCases {
      let t = model.tables[id.rawValue].table
      model.tables[id.rawValue].table = try archive.matrix("\(id.name)_embeddings", rows: t.rows, columns: t.columns)
    }
    for i in model.tower.indices {
      let w = model.tower[i].weights
      model.tower[i].weights = try archive.matrix("tower_\(i)_weights", rows: w.rows, columns: w.columns)
      model.tower[i].bias = try archive.vector("tower_\(i)_bias", count: model.tower[i].bias.count)
    }
    model.baselineInput = try archive.vector("baseline_input", count: model.layout.width)
    return (model, archive.manifest)
  }
}
