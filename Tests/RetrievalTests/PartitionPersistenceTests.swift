import Foundation
import NeuralCore
import Retrieval
import Testing
import WatchNextTestSupport

@Suite("Partition index persistence")
struct PartitionPersistenceTests {
  /// A small index with one fresh upload, saved.
  static func saved() throws -> (index: PartitionIndex, items: Matrix, directory: URL) {
    let items = RetrievalTests.clustered(700, 9, seed: 12)
    var index = try PartitionIndex.build(
      items, parameters: PartitionParameters(partitions: 12, probe: 3, reorder: 40, trainingSample: 500))
    try index.insert(Array(items.row(5)).map { $0 * 3 }, id: 50_000)
    let directory = TemporaryFiles.url("wn-partition")
    try index.save(to: directory)
    return (index, items, directory)
  }

  @Test("Save and load give identical results, exclusions and later inserts included; a corrupted file is named")
  func roundTrip() throws {
    let (index, items, directory) = try Self.saved()
    var loaded = try PartitionIndex.load(from: directory)
    #expect(loaded.count == index.count && loaded.partitionCount == index.partitionCount)
    for q in 0..<60 {
      let query = Array(items.row(q * 11))
      #expect(try loaded.search(query, k: 10) == (try index.search(query, k: 10)))
      #expect(
        try loaded.search(query, k: 5, excluding: [Int32(q * 11)])
          == (try index.search(query, k: 5, excluding: [Int32(q * 11)])))
    }
    #expect(try loaded.search(Array(items.row(5)).map { $0 * 3 }, k: 1).first?.id == 50_000)
    try loaded.insert(Array(items.row(8)).map { $0 * 4 }, id: 60_000)
    #expect(try loaded.search(Array(items.row(8)).map { $0 * 4 }, k: 1).first?.id == 60_000)

    try HNSWPersistenceTests.expectCorruptionNamed("codes.npy", in: directory) {
      _ = try PartitionIndex.load(from: directory)
    }
  }

  @Test(
    "Arrays whose checksums match but that the search would misread are rejected, naming the file",
    arguments: ["members:duplicate", "members:outside", "cell_offsets:falling", "codes:short", "identifiers:duplicate"])
  func inconsistent(_ argument: String) throws {
    let parts = argument.split(separator: ":").map(String.init)
    let (name, fault) = (parts[0], parts[1])
    let (_, _, directory) = try Self.saved()
    let file = directory.appendingPathComponent("\(name).npy")
    let data: Data
    if name == "codes" {
      let values = try NPY.decode(try Data(contentsOf: file), as: UInt8.self, file: name).values
      data = NPY.encode(Array(values.dropLast(16)), shape: [values.count - 16])
    } else {
      var values = try NPY.decode(try Data(contentsOf: file), as: Int32.self, file: name).values
      switch fault {
      case "duplicate": values[1] = values[0]
      case "outside": values[values.count - 1] = Int32(values.count + 7)
      default: values.swapAt(1, values.count - 2)
      }
      data = NPY.encode(values, shape: [values.count])
    }
    try HNSWPersistenceTests.rewrite("\(name).npy", in: directory, with: data)
    do {
      _ = try PartitionIndex.load(from: directory)
      Issue.record("\(argument) was not detected")
    } catch {
      #expect(error.description.contains("\(name).npy"))
    }
  }
}
