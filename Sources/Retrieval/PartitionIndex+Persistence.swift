import Foundation
import NeuralCore

extension PartitionIndex {
  /// The model-archive kind of a saved partition index.
  public static let archiveKind = "partition-index"

  /// What a saved index records besides its arrays.
  public struct ArchiveInfo: Codable, Sendable, Equatable {
    /// Build and search parameters.
    public var parameters: PartitionParameters
    /// Vector dimension.
    public var dimension: Int
    /// Number of items.
    public var count: Int
    /// Number of partitions.
    public var partitions: Int
  }

  /// Saves the index atomically (manifest, `.npy` arrays, CRC-32 checksums; the archive is
  /// staged and swapped in, so a failed save leaves the previous one) so that it loads without
  /// k-means or encoding: centroids, codebooks, exact vectors, identifiers, and each cell's
  /// members and code blocks laid end to end (`cell_offsets` says where each cell's members start).
  public func save(to directory: URL) throws(NeuralCoreError) {
    var offsets: [Int32] = [0]
    var members: [Int32] = []
    var codes: [UInt8] = []
    members.reserveCapacity(count)
    for cell in cells {
      members += cell.members
      codes += cell.codes
      offsets.append(Int32(members.count))
    }
    try ModelArchive.save(
      to: directory, kind: Self.archiveKind,
      configuration: ArchiveInfo(
        parameters: parameters, dimension: dimension, count: count, partitions: partitionCount),
      tensors: [
        NamedTensor(name: "centroids", shape: [partitionCount, dimension], values: centroids.values),
        NamedTensor(name: "codebooks", shape: [codebooks.count], values: codebooks),
        NamedTensor(name: "vectors", shape: [count, dimension], values: vectors.values),
      ],
      sideFiles: [
        ("identifiers", "identifiers.npy", NPY.encode(identifiers, shape: [identifiers.count])),
        ("cell_offsets", "cell_offsets.npy", NPY.encode(offsets, shape: [offsets.count])),
        ("members", "members.npy", NPY.encode(members, shape: [members.count])),
        ("codes", "codes.npy", NPY.encode(codes, shape: [codes.count])),
      ],
      training: .init(seed: parameters.seed, epochs: parameters.iterations, examples: count, finalLoss: 0))
  }

  /// Loads a saved index, checking that everything the search follows stays inside the index.
  ///
  /// - Throws: ``NeuralCoreError`` naming the file when anything is missing, corrupt (a checksum,
  ///   a shape) or inconsistent (a member outside the index or in two cells, a cell's codes of the
  ///   wrong length, a duplicate identifier); rebuild the index from the embeddings then.
  /// - Complexity: O(items × dimension) to read and check.
  public static func load(from directory: URL) throws(NeuralCoreError) -> PartitionIndex {
    let archive = try ModelArchive.load(from: directory, kind: archiveKind, as: ArchiveInfo.self)
    let info = archive.manifest.configuration
    let (n, d, k) = (info.count, info.dimension, info.partitions)
    guard d >= 1, n >= 1, k >= 1, k <= n else {
      throw .corruptFile(
        file: directory.appendingPathComponent("manifest.json").path,
        reason: "\(n) items, dimension \(d), \(k) partitions: not an index")
    }
    do { try info.parameters.validate() } catch {
      throw .incompatibleModel(file: directory.path, reason: error.description)
    }
    let subspaces = subspaceCount(dimension: d)
    let centroids = try archive.matrix("centroids", rows: k, columns: d)
    let codebooks = try archive.vector("codebooks", count: subspaces * codewords * 2)
    let vectors = try archive.matrix("vectors", rows: n, columns: d)
    guard centroids.values.allSatisfy(\.isFinite), codebooks.allSatisfy(\.isFinite),
      vectors.values.allSatisfy(\.isFinite)
    else {
      throw .corruptFile(file: archive.path(of: "vectors"), reason: "a centroid, codeword or vector is not finite")
    }
    let identifiers = try archive.array("identifiers", as: Int32.self, count: n)
    guard Set(identifiers).count == n else {
      throw .corruptFile(file: archive.path(of: "identifiers"), reason: "duplicate identifiers")
    }
    let offsets = try archive.array("cell_offsets", as: Int32.self, count: k + 1)
    guard offsets.first == 0, offsets.last == Int32(n), zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 })
    else { throw .corruptFile(file: archive.path(of: "cell_offsets"), reason: "offsets must rise from 0 to \(n)") }
    let members = try archive.array("members", as: Int32.self, count: n)
    var seen = [Bool](repeating: false, count: n)
    for node in members {
      guard node >= 0, Int(node) < n, !seen[Int(node)] else {
        throw .corruptFile(
          file: archive.path(of: "members"), reason: "member \(node) is outside the index or in two cells")
      }
      seen[Int(node)] = true
    }
    let blockBytes = subspaces * 16
    let blocks = (0..<k).map { c in (Int(offsets[c + 1] - offsets[c]) + blockSize - 1) / blockSize }
    let codes = try archive.array("codes", as: UInt8.self, count: blocks.reduce(0, +) * blockBytes)
    var cells: [Cell] = []
    cells.reserveCapacity(k)
    var codeStart = 0
    for c in 0..<k {
      let length = blocks[c] * blockBytes
      cells.append(
        Cell(
          members: Array(members[Int(offsets[c])..<Int(offsets[c + 1])]),
          codes: Array(codes[codeStart..<(codeStart + length)])))
      codeStart += length
    }
    return PartitionIndex(
      dimension: d, parameters: info.parameters, centroids: centroids,
      centroidsByDimension: centroids.transposed().values,
      subspaces: subspaces, codebooks: codebooks, cells: cells, vectors: vectors, identifiers: identifiers)
  }
}
