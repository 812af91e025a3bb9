import Foundation
import NeuralCore
import Testing
import WatchNextTestSupport

@Suite("Atomic replacement with read-back")
struct AtomicReplaceTests {
  struct Rejected: Error {}

  @Test("A staged directory that fails its read-back never replaces the old one; leftovers are cleaned")
  func verifyKeepsOld() throws {
    let parent = TemporaryFiles.url("wn-atomic")
    let target = parent.appendingPathComponent("model")
    try AtomicFile.replaceDirectory(at: target) { (dir: URL) throws(NeuralCoreError) in
      try AtomicFile.write(Data("good".utf8), to: dir.appendingPathComponent("file"))
    }
    #expect(throws: NeuralCoreError.self) {
      try AtomicFile.replaceDirectory(
        at: target,
        fill: { (dir: URL) throws(NeuralCoreError) in
          try AtomicFile.write(Data("bad".utf8), to: dir.appendingPathComponent("file"))
        },
        verify: { (dir: URL) throws(NeuralCoreError) in
          throw NeuralCoreError.corruptFile(file: dir.path, reason: "does not read back")
        })
    }
    #expect(try String(contentsOf: target.appendingPathComponent("file"), encoding: .utf8) == "good")
    try FileManager.default.createDirectory(
      at: parent.appendingPathComponent(".model.new-1234"), withIntermediateDirectories: true)
    AtomicFile.removeStaleStaging(in: parent)
    #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["model"])
  }

  @Test("The replaced directory is kept as the previous one (one generation); a failed replace moves nothing")
  func keepsPrevious() throws {
    let parent = TemporaryFiles.url("wn-atomic-previous")
    let target = parent.appendingPathComponent("model")
    let previous = parent.appendingPathComponent("previous/model")
    func write(_ text: String) throws(NeuralCoreError) {
      try AtomicFile.replaceDirectory(
        at: target,
        fill: { (dir: URL) throws(NeuralCoreError) in
          try AtomicFile.write(Data(text.utf8), to: dir.appendingPathComponent("file"))
        }, previous: previous)
    }
    func read(_ url: URL) throws -> String {
      try String(contentsOf: url.appendingPathComponent("file"), encoding: .utf8)
    }
    try write("first")
    #expect(!FileManager.default.fileExists(atPath: previous.path), "nothing was replaced")
    try write("second")
    #expect(try read(target) == "second" && read(previous) == "first")
    try write("third")
    #expect(try read(target) == "third" && read(previous) == "second", "one generation back, not more")
    #expect(throws: NeuralCoreError.self) {
      try AtomicFile.replaceDirectory(
        at: target, fill: { (_: URL) throws(NeuralCoreError) in throw .io(file: "x", reason: "fails") },
        previous: previous)
    }
    #expect(try read(target) == "third" && read(previous) == "second")
    #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).sorted() == ["model", "previous"])
  }
}
