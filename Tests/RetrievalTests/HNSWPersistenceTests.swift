import CSimd
import Foundation
import NeuralCore
import Retrieval
import Testing
import WatchNextTestSupport

@Suite("HNSW persistence")
struct HNSWPersistenceTests {
  @Test("Save and load give identical results; a corrupted file is named; the index can be rebuilt")
  func roundTrip() throws {
    let items = RetrievalTests.clustered(500, 8, seed: 9)
    var index = try HNSWIndex.build(items, parameters: HNSWParameters(m: 8, efConstruction: 40))
    // An upload outside the fitted ranges re-encodes the one-byte copy with wider ranges; the
    // saved index must walk the graph on exactly those codes again.
    try index.insert(Array(items.row(3)).map { $0 * 5 }, identifier: 10_000)
    let directory = TemporaryFiles.url("wn-hnsw")
    try index.save(to: directory)
    let loaded = try HNSWIndex.load(from: directory)
    for q in 0..<70 {
      let query = Array(items.row(q * 7))
      #expect(try loaded.search(query, k: 10, ef: 10) == (try index.search(query, k: 10, ef: 10)))
    }
    try Self.expectCorruptionNamed("level0.npy", in: directory) { _ = try HNSWIndex.load(from: directory) }
  }

  @Test(
    "A graph whose checksums match but whose links point outside it, or to an empty slot, is rejected, not walked",
    arguments: ["level0.npy", "upper.npy", "level0.npy:empty-slot"])
  func inconsistentGraph(file argument: String) throws {
    let name = String(argument.split(separator: ":")[0])
    let items = RetrievalTests.clustered(300, 8, seed: 4)
    let index = try HNSWIndex.build(items, parameters: HNSWParameters(m: 8, efConstruction: 40))
    let directory = TemporaryFiles.url("wn-hnsw")
    try index.save(to: directory)
    let file = directory.appendingPathComponent(name)
    let (shape, values) = try NPY.decode(try Data(contentsOf: file), as: Int32.self, file: name)
    var broken = values
    if argument.hasSuffix("empty-slot") {
      // Node 0's first link (within its count) is the empty-slot marker -1.
      broken[0] = -1
    } else if let last = broken.indices.last(where: { broken[$0] >= 0 }) {
      // The last link of the file points far outside the graph.
      broken[last] = 1_000_000
    }
    try Self.rewrite(name, in: directory, with: NPY.encode(broken, shape: shape))
    #expect(throws: NeuralCoreError.self) { _ = try HNSWIndex.load(from: directory) }
  }

  /// Writes `data` as the archive's file `name` and fixes its checksum in the manifest, as a bug
  /// that wrote a wrong value would have: only the load's own checks can catch it then.
  static func rewrite(_ name: String, in directory: URL, with data: Data) throws {
    try data.write(to: directory.appendingPathComponent(name))
    let manifestURL = directory.appendingPathComponent("manifest.json")
    var manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [String: Any])
    for key in ["tensors", "files"] {
      guard var entries = manifest[key] as? [[String: Any]] else { continue }
      for i in entries.indices where entries[i]["file"] as? String == name {
        entries[i]["crc32"] = CRC32.checksum(data)
      }
      manifest[key] = entries
    }
    try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
  }

  /// Flips bits in the last byte of the archive's file `name`, then expects `load` to throw an
  /// error that names the file.
  static func expectCorruptionNamed(_ name: String, in directory: URL, load: () throws -> Void) throws {
    let file = directory.appendingPathComponent(name)
    var bytes = try Data(contentsOf: file)
    bytes[bytes.count - 1] ^= 0x5A
    try bytes.write(to: file)
    do {
      try load()
      Issue.record("corruption of \(name) was not detected")
    } catch {
      #expect("\(error)".contains(name))
    }
  }
}
