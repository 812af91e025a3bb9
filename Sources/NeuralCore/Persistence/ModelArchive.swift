import Foundation

/// A named tensor to save: its shape and Float32 values.
public struct NamedTensor: Sendable, Equatable {
  /// The tensor's name in the model.
  public var name: String
  /// The array shape.
  public var shape: [Int]
  /// Row-major values.
  public var values: [Float]

  /// A tensor with an explicit shape.
  public init(name: String, shape: [Int], values: [Float]) {
    precondition(shape.reduce(1, *) == values.count, "shape does not match element count")
    self.name = name
    self.shape = shape
    self.values = values
  }

  /// A matrix as a two-dimensional tensor.
  public init(name: String, matrix: Matrix) {
    self.init(name: name, shape: [matrix.rows, matrix.columns], values: matrix.values)
  }

  /// The tensor as a matrix (a vector becomes one row).
  public var matrix: Matrix {
    shape.count == 2
      ? Matrix(rows: shape[0], columns: shape[1], values: values)
      : Matrix(rows: 1, columns: values.count, values: values)
  }
}

/// A model directory: `manifest.json`, one `.npy` per tensor and side files, written as a
/// whole (a failed save leaves the previous model in place) and verified on load.
public enum ModelArchive {
  /// The manifest's file name inside a model directory.
  public static let manifestFileName = "manifest.json"

  /// Saves a model into `directory`, replacing any model there only once every file is written.
  ///
  /// - Parameters:
  ///   - sideFiles: extra files (vocabularies...) by name: file name and bytes.
  /// - Throws: ``NeuralCoreError`` on any I/O failure; the old model is then untouched.
  public static func save<C>(
    to directory: URL, kind: String, configuration: C, tensors: [NamedTensor],
    sideFiles: [(name: String, file: String, data: Data)] = [],
    training: ModelManifest<C>.Training,
    verify: (URL) throws(NeuralCoreError) -> Void = { _ throws(NeuralCoreError) in }, previous: URL? = nil
  ) throws(NeuralCoreError) {
    try AtomicFile.replaceDirectory(
      at: directory,
      fill: { (staging: URL) throws(NeuralCoreError) in
        var manifest = ModelManifest(kind: kind, configuration: configuration, training: training)
        for tensor in tensors {
          let file = "\(tensor.name).npy"
          let data = NPY.encode(tensor.values, shape: tensor.shape)
          try AtomicFile.write(data, to: staging.appendingPathComponent(file))
          manifest.tensors.append(
            .init(name: tensor.name, file: file, shape: tensor.shape, crc32: CRC32.checksum(data)))
        }
        for side in sideFiles {
          guard !side.file.isEmpty, !side.file.contains("/"), side.file != "..", side.file != "." else {
            throw .io(file: side.file, reason: "a model's side file must be a plain file name")
          }
          try AtomicFile.write(side.data, to: staging.appendingPathComponent(side.file))
          manifest.files.append(.init(name: side.name, file: side.file, crc32: CRC32.checksum(side.data)))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json: Data
        do { json = try encoder.encode(manifest) } catch {
          throw .io(
            file: staging.appendingPathComponent(manifestFileName).path, reason: "cannot encode manifest: \(error)")
        }
        try AtomicFile.write(json, to: staging.appendingPathComponent(manifestFileName))
      },
      verify: { (staging: URL) throws(NeuralCoreError) in
        // Never swap in a model that does not read back: the generic checks, then the model's own.
        _ = try load(from: staging, kind: kind, as: C.self)
        try verify(staging)
      }, previous: previous)
  }

  /// A loaded model: manifest, tensors by name and side files by name.
  public struct Loaded<C: Codable & Sendable & Equatable>: Sendable {
    /// The manifest.
    public var manifest: ModelManifest<C>
    /// Tensors by name.
    public var tensors: [String: NamedTensor]
    /// Side files by name.
    public var files: [String: Data]
    /// The model directory (errors name the file in it).
    public var directory: URL = URL(fileURLWithPath: ".")

    /// The path of the file that holds tensor or side file `name`.
    public func path(of name: String) -> String {
      let file =
        manifest.tensors.first { $0.name == name }?.file ?? manifest.files.first { $0.name == name }?.file
        ?? ModelArchive.manifestFileName
      return directory.appendingPathComponent(file).path
    }

    /// The tensor called `name` as a matrix of the given shape.
    ///
    /// - Throws: ``NeuralCoreError/shapeMismatch(name:expected:found:)`` or a missing-tensor error.
    public func matrix(_ name: String, rows: Int, columns: Int) throws(NeuralCoreError) -> Matrix {
      guard let tensor = tensors[name] else {
        throw .corruptFile(file: path(of: name), reason: "tensor '\(name)' is missing")
      }
      guard tensor.shape == [rows, columns] else {
        throw .corruptFile(
          file: path(of: name),
          reason: "tensor '\(name)' has shape \(tensor.shape), the model needs [\(rows), \(columns)]")
      }
      return tensor.matrix
    }

    /// The side file called `name` decoded as a `.npy` array of `T`, with `count` elements when
    /// given.
    ///
    /// - Throws: ``NeuralCoreError/corruptFile(file:reason:)`` naming the file when it is missing
    ///   from the manifest, not an array of `T`, or of another length.
    public func array<T: NPYScalar>(_ name: String, as type: T.Type, count: Int? = nil) throws(NeuralCoreError) -> [T] {
      guard let data = files[name] else {
        throw .corruptFile(file: path(of: name), reason: "missing from the manifest")
      }
      let values = try NPY.decode(data, as: T.self, file: path(of: name)).values
      if let count, values.count != count {
        throw .corruptFile(file: path(of: name), reason: "\(values.count) entries, expected \(count)")
      }
      return values
    }

    /// The one-dimensional tensor called `name` with `count` elements.
    ///
    /// - Throws: ``NeuralCoreError/shapeMismatch(name:expected:found:)`` or a missing-tensor error.
    public func vector(_ name: String, count: Int) throws(NeuralCoreError) -> [Float] {
      guard let tensor = tensors[name] else {
        throw .corruptFile(file: path(of: name), reason: "tensor '\(name)' is missing")
      }
      guard tensor.shape == [count] else {
        throw .corruptFile(
          file: path(of: name), reason: "tensor '\(name)' has shape \(tensor.shape), the model needs [\(count)]")
      }
      return tensor.values
    }
  }

  /// Loads and verifies a model directory.
  ///
  /// - Throws: ``NeuralCoreError`` naming the file when the manifest is unreadable or of another kind
  ///   or version, a file is missing, a checksum differs, or a tensor's shape disagrees with the manifest.
  public static func load<C>(
    from directory: URL, kind: String, as configuration: C.Type = C.self
  ) throws(NeuralCoreError) -> Loaded<C> {
    let manifestURL = directory.appendingPathComponent(manifestFileName)
    let json: Data
    do { json = try Data(contentsOf: manifestURL) } catch {
      throw .io(file: manifestURL.path, reason: "no model here (cannot read the manifest)")
    }
    let manifest: ModelManifest<C>
    do { manifest = try JSONDecoder().decode(ModelManifest<C>.self, from: json) } catch {
      throw .corruptFile(file: manifestURL.path, reason: "manifest does not decode: \(error)")
    }
    guard manifest.formatVersion == ModelManifest<C>.currentFormatVersion else {
      throw .incompatibleModel(file: manifestURL.path, reason: "format version \(manifest.formatVersion)")
    }
    guard manifest.kind == kind else {
      throw .incompatibleModel(file: manifestURL.path, reason: "model kind '\(manifest.kind)', expected '\(kind)'")
    }
    var tensors: [String: NamedTensor] = [:]
    for entry in manifest.tensors {
      let url = directory.appendingPathComponent(entry.file)
      let data = try readVerified(url, crc32: entry.crc32)
      let (shape, values) = try NPY.decode(data, as: Float.self, file: url.path)
      guard shape == entry.shape else {
        throw .corruptFile(
          file: url.path, reason: "tensor '\(entry.name)' has shape \(shape), the manifest says \(entry.shape)")
      }
      tensors[entry.name] = NamedTensor(name: entry.name, shape: shape, values: values)
    }
    var files: [String: Data] = [:]
    for entry in manifest.files {
      files[entry.name] = try readVerified(directory.appendingPathComponent(entry.file), crc32: entry.crc32)
    }
    return Loaded(manifest: manifest, tensors: tensors, files: files, directory: directory)
  }

  private static func readVerified(_ url: URL, crc32: UInt32) throws(NeuralCoreError) -> Data {
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
      throw .io(file: url.path, reason: "missing or unreadable model file")
    }
    let actual = CRC32.checksum(data)
    guard actual == crc32 else {
      throw .corruptFile(
        file: url.path,
        reason: "checksum \(String(actual, radix: 16)) differs from the manifest's \(String(crc32, radix: 16))")
    }
    return data
  }
}
