import Foundation
import NeuralCore
import Testing
import WatchNextTestSupport

@Suite("NPY files and model archives")
struct PersistenceTests {
  static func temporaryDirectory() -> URL {
    let url = TemporaryFiles.url("wn-tests")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  struct Config: Codable, Sendable, Equatable { var width: Int }

  @Test("NPY round trip for Float32 and Int32, header aligned to 64 bytes")
  func npyRoundTrip() throws {
    let values: [Float] = [1.5, -2, 3.25, 0, 7, 8]
    let data = NPY.encode(values, shape: [2, 3])
    let headerEnd = data.firstIndex(of: 0x0A).map { $0 + 1 } ?? 0
    #expect(headerEnd % 64 == 0)
    let decoded = try NPY.decode(data, as: Float.self, file: "x.npy")
    #expect(decoded.shape == [2, 3] && decoded.values == values)
    let ids: [Int32] = [4, 5, 6]
    let back = try NPY.decode(NPY.encode(ids, shape: [3]), as: Int32.self, file: "ids.npy")
    #expect(back.shape == [3] && back.values == ids)
  }

  @Test("NPY rejects truncated files, wrong element types and bad magic, naming the file")
  func npyErrors() {
    let data = NPY.encode([Float](repeating: 1, count: 10), shape: [10])
    #expect(throws: NeuralCoreError.corruptFile(file: "t.npy", reason: "payload is 36 bytes, shape [10] needs 40")) {
      try NPY.decode(data.prefix(data.count - 4), as: Float.self, file: "t.npy")
    }
    #expect(throws: NeuralCoreError.self) { try NPY.decode(data, as: Int32.self, file: "t.npy") }
    #expect(throws: NeuralCoreError.self) { try NPY.decode(Data("hello world!".utf8), as: Float.self, file: "t.npy") }
  }

  @Test("numpy.load reads what WatchNext writes (when python3 with numpy is present)")
  func numpyReads() throws {
    let directory = Self.temporaryDirectory()
    let url = directory.appendingPathComponent("m.npy")
    try NPY.write([Float](arrayLiteral: 1, 2, 3, 4, 5, 6), shape: [3, 2], to: url)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [
      "python3", "-c",
      "import sys, numpy; a = numpy.load(sys.argv[1]); print(a.dtype, a.shape, float(a[2, 1]))", url.path,
    ]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = Pipe()
    try process.run()
    process.waitUntilExit()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    try #require(process.terminationStatus == 0, "python3 with numpy is not available here")
    #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "float32 (3, 2) 6.0")
  }

  @Test("Model archive: round trip, checksum catches corruption, wrong kind is refused")
  func archive() throws {
    let directory = Self.temporaryDirectory().appendingPathComponent("model")
    let tensor = NamedTensor(name: "w", matrix: Matrix(rows: 2, columns: 2, values: [1, 2, 3, 4]))
    try ModelArchive.save(
      to: directory, kind: "test", configuration: Config(width: 2), tensors: [tensor],
      sideFiles: [("vocab", "vocab.txt", Data("a\nb\n".utf8))],
      training: .init(seed: 1, epochs: 1, examples: 10, finalLoss: 0.5))
    let loaded = try ModelArchive.load(from: directory, kind: "test", as: Config.self)
    #expect(loaded.manifest.configuration == Config(width: 2))
    #expect(try loaded.matrix("w", rows: 2, columns: 2) == tensor.matrix)
    #expect(loaded.files["vocab"] == Data("a\nb\n".utf8))
    #expect(throws: NeuralCoreError.self) { try loaded.matrix("w", rows: 4, columns: 1) }
    #expect(throws: NeuralCoreError.self) { try ModelArchive.load(from: directory, kind: "ranking", as: Config.self) }

    // Flip one byte of the tensor file.
    let file = directory.appendingPathComponent("w.npy")
    var bytes = try Data(contentsOf: file)
    bytes[bytes.count - 1] ^= 0xFF
    try bytes.write(to: file)
    do {
      _ = try ModelArchive.load(from: directory, kind: "test", as: Config.self)
      Issue.record("corruption was not detected")
    } catch {
      #expect(error.description.contains("w.npy") && error.description.contains("checksum"))
    }
  }

  @Test("A failed save leaves the previous model intact")
  func failedSaveKeepsOld() throws {
    let directory = Self.temporaryDirectory().appendingPathComponent("model")
    let good = NamedTensor(name: "w", shape: [2], values: [1, 2])
    try ModelArchive.save(
      to: directory, kind: "test", configuration: Config(width: 1), tensors: [good],
      training: .init(seed: 1, epochs: 1, examples: 1, finalLoss: 0))
    // A side file named as a path is refused after the tensors are written: the save fails midway.
    #expect(throws: NeuralCoreError.self) {
      try ModelArchive.save(
        to: directory, kind: "test", configuration: Config(width: 9), tensors: [good],
        sideFiles: [("bad", "../escape", Data())],
        training: .init(seed: 2, epochs: 1, examples: 1, finalLoss: 0))
    }
    let loaded = try ModelArchive.load(from: directory, kind: "test", as: Config.self)
    #expect(loaded.manifest.configuration == Config(width: 1))
  }
}
