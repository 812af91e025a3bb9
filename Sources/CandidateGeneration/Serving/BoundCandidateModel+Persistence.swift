import Foundation
import NeuralCore
import WorkspaceStore

/// What a saved candidate-generation model records besides its tensors.
public struct CandidateArchiveInfo: Codable, Sendable, Equatable {
  /// The model and training configuration.
  public var config: CandidateConfig
  /// The protocol whose training part the model saw.
  public var evaluationProtocol: EvaluationProtocol
  /// End of the training window.
  public var trainingWindowEnd: Int64
  /// Example-age normalisation.
  public var exampleAgeScale: Double
  /// Number of classes (videos).
  public var classes: Int
  /// Number of search tokens.
  public var tokens: Int
}

extension BoundCandidateModel {
  /// The model-archive kind.
  public static let archiveKind = "candidate-generation"

  /// The default model directory in a workspace.
  public static func modelDirectory(in workspace: Workspace) -> URL {
    workspace.modelsDirectory.appendingPathComponent("candidates")
  }

  /// Saves the model, its vocabularies and training metadata atomically (manifest + `.npy`); the
  /// model it replaces moves to `previous` when given.
  public func save(
    to directory: URL, evaluationProtocol: EvaluationProtocol, training: ModelManifest<CandidateArchiveInfo>.Training,
    previous: URL? = nil
  ) throws(NeuralCoreError) {
    let m = model
    var tensors = [
      NamedTensor(name: "watch_embeddings", matrix: m.watchTable.table),
      NamedTensor(name: "token_embeddings", matrix: m.tokenTable.table),
      NamedTensor(name: "region_embeddings", matrix: m.regionTable.table),
      NamedTensor(name: "device_embeddings", matrix: m.deviceTable.table),
      NamedTensor(name: "video_embeddings", matrix: m.videoEmbeddings),
    ]
    for (i, layer) in m.tower.enumerated() {
      tensors.append(NamedTensor(name: "tower_\(i)_weights", matrix: layer.weights))
      tensors.append(NamedTensor(name: "tower_\(i)_bias", shape: [layer.bias.count], values: layer.bias))
    }
    if let encoder = m.encoder {
      for parameter in encoder.parameterList {
        let values = encoder[keyPath: parameter.path]
        tensors.append(NamedTensor(name: "encoder_" + parameter.name, shape: [values.count], values: values))
      }
    }
    if !m.recencyLogits.isEmpty {
      tensors.append(NamedTensor(name: "recency_logits", shape: [m.recencyLogits.count], values: m.recencyLogits))
    }
    let info = CandidateArchiveInfo(
      config: m.config, evaluationProtocol: evaluationProtocol, trainingWindowEnd: space.trainingWindowEnd,
      exampleAgeScale: space.exampleAgeScale, classes: space.classCount, tokens: space.tokens.count)
    try ModelArchive.save(
      to: directory, kind: Self.archiveKind, configuration: info, tensors: tensors,
      sideFiles: [
        ("videos", "videos.vocab", space.videos.serialized()),
        ("tokens", "tokens.vocab", space.tokens.serialized()),
        ("regions", "regions.txt", Data(space.regions.joined(separator: "\n").utf8)),
        ("devices", "devices.txt", Data(space.devices.joined(separator: "\n").utf8)),
      ],
      training: training,
      verify: { (staging: URL) throws(NeuralCoreError) in
        // The vocabularies must read back key for key (an ID with a tab or newline once did not).
        for (file, keys) in [("videos.vocab", space.videos.keys), ("tokens.vocab", space.tokens.keys)] {
          let url = staging.appendingPathComponent(file)
          let data: Data
          do { data = try Data(contentsOf: url) } catch { throw .io(file: url.path, reason: "\(error)") }
          let read: Vocabulary<String>
          do { read = try Vocabulary(serialized: data, file: url.path) } catch {
            throw .corruptFile(file: url.path, reason: "\(error)")
          }
          guard read.keys == keys else {
            throw .corruptFile(file: url.path, reason: "the vocabulary does not read back as written")
          }
        }
      }, previous: previous)
  }

  /// Loads a saved model and binds it to `columns`.
  ///
  /// - Throws: ``NeuralCoreError`` naming the file when anything is missing, corrupt or inconsistent.
  public static func load(
    from directory: URL, columns: EventColumns
  ) throws(NeuralCoreError) -> (generator: BoundCandidateModel, manifest: ModelManifest<CandidateArchiveInfo>) {
    let archive = try ModelArchive.load(from: directory, kind: archiveKind, as: CandidateArchiveInfo.self)
    let info = archive.manifest.configuration
    func file(_ name: String) throws(NeuralCoreError) -> Data {
      guard let data = archive.files[name] else {
        throw .corruptFile(file: directory.appendingPathComponent(name).path, reason: "side file missing from manifest")
      }
      return data
    }
    func vocabulary(_ name: String) throws(NeuralCoreError) -> Vocabulary<String> {
      let path = archive.path(of: name)
      do {
        return try Vocabulary<String>(serialized: try file(name), file: path)
      } catch let error as WorkspaceError {
        throw .corruptFile(file: path, reason: error.description)
      } catch {
        throw .corruptFile(file: path, reason: "\(error)")
      }
    }
    func lines(_ name: String) throws(NeuralCoreError) -> [String] {
      String(decoding: try file(name), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        .map(String.init)
    }
    let space = FeatureSpace(
      videos: try vocabulary("videos"), tokens: try vocabulary("tokens"), regions: try lines("regions"),
      devices: try lines("devices"), trainingWindowEnd: info.trainingWindowEnd, exampleAgeScale: info.exampleAgeScale)
    guard space.classCount == info.classes else {
      throw .corruptFile(
        file: directory.path, reason: "vocabulary has \(space.classCount) videos, manifest says \(info.classes)")
    }
    let config = info.config
    var model = CandidateModel(config: config, space: space)
    func table(_ name: String, like existing: Matrix) throws(NeuralCoreError) -> Matrix {
      try archive.matrix(name, rows: existing.rows, columns: existing.columns)
    }
    model.watchTable.table = try table("watch_embeddings", like: model.watchTable.table)
    model.tokenTable.table = try table("token_embeddings", like: model.tokenTable.table)
    model.regionTable.table = try table("region_embeddings", like: model.regionTable.table)
    model.deviceTable.table = try table("device_embeddings", like: model.deviceTable.table)
    model.videoEmbeddings = try table("video_embeddings", like: model.videoEmbeddings)
    for i in model.tower.indices {
      model.tower[i].weights = try table("tower_\(i)_weights", like: model.tower[i].weights)
      model.tower[i].bias = try archive.vector("tower_\(i)_bias", count: model.tower[i].bias.count)
    }
    if var encoder = model.encoder {
      for parameter in encoder.parameterList {
        encoder[keyPath: parameter.path] = try archive.vector(
          "encoder_" + parameter.name, count: encoder[keyPath: parameter.path].count)
      }
      model.encoder = encoder
    }
    if !model.recencyLogits.isEmpty {
      model.recencyLogits = try archive.vector("recency_logits", count: model.recencyLogits.count)
    }
    return (BoundCandidateModel(model: model, space: space, columns: columns), archive.manifest)
  }
}
