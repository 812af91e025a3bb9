import Foundation
import NeuralCore

extension HNSWIndex {
  /// The model-archive kind of a saved index.
  public static let archiveKind = "hnsw-index"

  /// What a saved index records besides its arrays.
  public struct ArchiveInfo: Codable, Sendable, Equatable {
    /// Build and search parameters.
    public var parameters: HNSWParameters
    /// Vector dimension.
    public var dimension: Int
    /// Number of items.
    public var count: Int
    /// Entry node.
    public var entryPoint: Int32
    /// Top layer.
    public var maxLevel: Int
    /// Squared radius of the reduced-L2 space.
    public var radiusSquared: Float
  }

  /// Saves the index atomically (manifest, `.npy` arrays, CRC-32 checksums) so that it loads
  /// without a rebuild.
  public func save(to directory: URL) throws(NeuralCoreError) {
    var upperFlat: [Int32] = []
    for node in upper.keys.sorted() {
      for (i, layerLinks) in (upper[node] ?? []).enumerated() {
        upperFlat += [node, Int32(i + 1), Int32(layerLinks.count)] + layerLinks
      }
    }
    func int32(_ values: [Int32], _ name: String) -> (name: String, file: String, data: Data) {
      (name, "\(name).npy", NPY.encode(values, shape: [values.count]))
    }
    try ModelArchive.save(
      to: directory, kind: Self.archiveKind,
      configuration: ArchiveInfo(
        parameters: parameters, dimension: dimension, count: count, entryPoint: entryPoint, maxLevel: maxLevel,
        radiusSquared: radiusSquared),
      tensors: [
        NamedTensor(name: "vectors", shape: [count, dimension], values: vectors),
        NamedTensor(name: "augment", shape: [count], values: augment),
        NamedTensor(name: "quantizer_low", shape: [dimension], values: quantized.low),
        NamedTensor(name: "quantizer_step", shape: [dimension], values: quantized.step),
      ],
      sideFiles: [
        int32(identifiers, "identifiers"), int32(levels.map(Int32.init), "levels"), int32(level0, "level0"),
        int32(level0Count.map(Int32.init), "level0_count"), int32(upperFlat, "upper"),
      ],
      training: .init(seed: parameters.seed, epochs: 0, examples: count, finalLoss: 0))
  }

  /// Loads a saved index.
  ///
  /// - Throws: ``NeuralCoreError`` naming the file when anything is missing, corrupt or inconsistent;
  ///   rebuild the index from the embeddings then.
  public static func load(from directory: URL) throws(NeuralCoreError) -> HNSWIndex {
    let archive = try ModelArchive.load(from: directory, kind: archiveKind, as: ArchiveInfo.self)
    let info = archive.manifest.configuration
    func ints(_ name: String, count: Int? = nil) throws(NeuralCoreError) -> [Int32] {
      try archive.array(name, as: Int32.self, count: count)
    }
    var index: HNSWIndex
    do {
      index = try HNSWIndex(dimension: info.dimension, parameters: info.parameters)
    } catch {
      throw .incompatibleModel(file: directory.path, reason: error.description)
    }
    index.vectors = HugePageArrays.copy(try archive.matrix("vectors", rows: info.count, columns: info.dimension).values)
    // The one-byte copy is derived: re-encoded with the saved ranges (fitted anew for an index
    // saved without them).
    if archive.tensors["quantizer_low"] != nil {
      index.quantized = QuantizedVectors(
        dimension: info.dimension, low: try archive.vector("quantizer_low", count: info.dimension),
        step: try archive.vector("quantizer_step", count: info.dimension))
    } else {
      index.quantized = QuantizedVectors(dimension: info.dimension, fittedTo: index.vectors)
    }
    index.quantized.reserve(rows: info.count)
    for row in 0..<info.count
    where index.quantized.append(index.vectors[(row * info.dimension)..<((row + 1) * info.dimension)]) {
      index.saturatedNodes.insert(Int32(row))
    }
    index.augment = try archive.vector("augment", count: info.count)
    index.identifiers = try ints("identifiers", count: info.count)
    index.levels = try ints("levels", count: info.count).map { Int8(clamping: $0) }
    index.level0 = HugePageArrays.copy(try ints("level0", count: info.count * 2 * info.parameters.m))
    index.level0Count = try ints("level0_count", count: info.count).map { UInt8(clamping: $0) }
    let flat = try ints("upper")
    var position = 0
    while position + 3 <= flat.count {
      let (node, layer, length) = (flat[position], Int(flat[position + 1]), Int(flat[position + 2]))
      guard node >= 0, Int(node) < info.count, layer >= 1, layer <= 64, length >= 0,
        position + 3 + length <= flat.count,
        flat[(position + 3)..<(position + 3 + length)].allSatisfy({ $0 >= 0 && $0 < Int32(info.count) })
      else {
        throw .corruptFile(file: directory.appendingPathComponent("upper.npy").path, reason: "bad link record")
      }
      var layers = index.upper[node] ?? []
      while layers.count < layer { layers.append([]) }
      layers[layer - 1] = Array(flat[(position + 3)..<(position + 3 + length)])
      index.upper[node] = layers
      position += 3 + length
    }
    // Everything the walk follows must stay inside the graph: a checksum only says the file is
    // the one that was written, not that it was written right.
    let allLinksValid = index.level0.allSatisfy { $0 >= -1 && $0 < Int32(info.count) }
    let slots = 2 * info.parameters.m
    // A node's first `level0Count` slots are its links and must all be nodes (an empty slot, -1,
    // inside the count would be walked to: the fuzzer found it).
    let countsValid = index.level0Count.enumerated().allSatisfy { node, count in
      Int(count) <= slots && (0..<Int(count)).allSatisfy { index.level0[node * slots + $0] >= 0 }
    }
    let entryValid = info.count == 0 || (info.entryPoint >= 0 && info.entryPoint < Int32(info.count))
    let levelsValid =
      index.levels.allSatisfy { $0 >= 0 } && (info.count == 0 || info.maxLevel >= 0)
      && (info.count == 0 || Int(index.levels[Int(max(info.entryPoint, 0))]) >= info.maxLevel)
      && index.upper.allSatisfy { node, layers in layers.count <= Int(index.levels[Int(node)]) }
    guard allLinksValid, countsValid, entryValid, levelsValid else {
      throw .corruptFile(
        file: directory.appendingPathComponent("level0.npy").path,
        reason: "the graph is inconsistent (links, counts, levels or entry point out of range)")
    }
    index.nodeOfIdentifier = Dictionary(
      index.identifiers.enumerated().map { ($1, Int32($0)) }, uniquingKeysWith: { a, _ in a })
    index.entryPoint = info.entryPoint
    index.maxLevel = info.maxLevel
    index.radiusSquared = info.radiusSquared
    return index
  }
}
