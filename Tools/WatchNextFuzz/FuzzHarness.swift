import CandidateGeneration
import Foundation
import Importers
import NeuralCore
import Ranking
import Retrieval
import WorkspaceStore

/// What one fuzz target reads, and how it feeds a mutated file to the code under test.
struct FuzzHarness {
  /// Seed files: path relative to the seed directory, and bytes.
  var seeds: [(String, [UInt8])] = []
  /// The directory the seed files come from (copied whole, one file mutated, per input).
  let seedDirectory: URL
  let target: String
  let scratch: URL
  var workspace: Workspace
  var columns: EventColumns?
  var runs = 0

  init(target: String, corpus: URL, models: URL?) throws {
    self.target = target
    scratch = FileManager.default.temporaryDirectory.appendingPathComponent("wn-fuzz-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    workspace = try Workspace(at: scratch.appendingPathComponent("ws"), create: true)
    let directory: URL
    switch target {
    case "csv": directory = corpus
    case "dataset": directory = corpus.appendingPathComponent("dataset")
    case "movielens": directory = corpus.appendingPathComponent("ml-100k")
    case "mind": directory = corpus.appendingPathComponent("mind")
    case "recbole": directory = corpus.appendingPathComponent("recbole")
    case "kuairec": directory = corpus.appendingPathComponent("kuairec")
    case "vocabulary", "candidates", "ranking", "index":
      guard let models else { throw FuzzError("--models WORKSPACE (with trained models) is needed for \(target)") }
      let layout = WorkspaceLayout(directory: models)
      directory = target == "ranking" ? layout.rankingModel : target == "index" ? layout.index : layout.candidateModel
      if target == "candidates" || target == "vocabulary" { columns = try Workspace(at: models).loadColumns() }
    default: throw FuzzError("unknown target \(target)")
    }
    seedDirectory = directory
    let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
    for name in names {
      let url = directory.appendingPathComponent(name)
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else {
        continue
      }
      if target == "csv" && !name.hasSuffix(".csv") { continue }
      if target == "vocabulary" && !name.hasSuffix(".vocab") { continue }
      seeds.append((name, [UInt8](try Data(contentsOf: url))))
    }
    guard !seeds.isEmpty else { throw FuzzError("no seed files in \(directory.path)") }
  }

  /// Keeps the latest input on disk so that a crash leaves it for replay.
  func saveLast(_ name: String, _ bytes: [UInt8]) throws {
    try Data(bytes).write(to: scratch.appendingPathComponent("last-input-\(name)"))
  }

  /// Runs one input; true when it was accepted, false when it was rejected with an error.
  mutating func run(_ name: String, _ bytes: [UInt8]) -> Bool {
    runs += 1
    if runs % 300 == 0, let fresh = try? Workspace(at: scratch.appendingPathComponent("ws-\(runs)"), create: true) {
      workspace = fresh
    }
    do {
      switch target {
      case "csv":
        let url = scratch.appendingPathComponent("input.csv")
        try Data(bytes).write(to: url)
        try CSVEventImporter().importFile(url, into: workspace)
      case "dataset":
        let url = scratch.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        let kind = EntityKind.allCases.first { name.contains($0.rawValue) } ?? .watches
        try DatasetImporter(files: [DatasetFile(kind, url)]).importDataset(into: workspace)
      case "vocabulary":
        _ = try Vocabulary(serialized: Data(bytes), file: name)
      default:
        let directory = try copySeeds(replacing: name, with: bytes)
        try load(directory)
      }
      return true
    } catch {
      _ = "\(error)"  // every error renders
      return false
    }
  }

  /// The seed directory copied with one file replaced by the mutated bytes.
  func copySeeds(replacing name: String, with bytes: [UInt8]) throws -> URL {
    let directory = scratch.appendingPathComponent("input-\(runs)")
    try? FileManager.default.removeItem(at: directory)
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for (seedName, seedBytes) in seeds {
      try Data(seedName == name ? bytes : seedBytes).write(to: directory.appendingPathComponent(seedName))
    }
    // Every other model input gets its checksum fixed in the manifest, so that the mutation
    // reaches the tensor and vocabulary parsers instead of stopping at the CRC check.
    if ["candidates", "ranking", "index"].contains(target), name != "manifest.json", runs % 2 == 0 {
      let manifestURL = directory.appendingPathComponent("manifest.json")
      if var manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: manifestURL)) as? [String: Any] {
        for key in ["tensors", "files"] {
          guard var entries = manifest[key] as? [[String: Any]] else { continue }
          for i in entries.indices where entries[i]["file"] as? String == name {
            entries[i]["crc32"] = CRC32.checksum(Data(bytes))
          }
          manifest[key] = entries
        }
        try JSONSerialization.data(withJSONObject: manifest).write(to: manifestURL)
      }
    }
    return directory
  }

  mutating func load(_ directory: URL) throws {
    defer { try? FileManager.default.removeItem(at: directory) }
    switch target {
    case "movielens": try MovieLensImporter().importDirectory(directory, into: workspace)
    case "mind": try MINDImporter().importDirectory(directory, into: workspace)
    case "recbole":
      try DatasetImporter(files: try RecBoleLayout.files(in: directory, name: nil)).importDataset(into: workspace)
    case "kuairec":
      for (name, _) in seeds {
        let url = directory.appendingPathComponent(name)
        try DatasetImporter(files: [DatasetFile(try KuaiLayout.kind(of: url), url)]).importDataset(into: workspace)
      }
    case "candidates":
      if let columns { _ = try BoundCandidateModel.load(from: directory, columns: columns) }
    case "ranking": _ = try RankingModel.load(from: directory)
    case "index":
      // A loaded index must also serve: its links and codes are used by the walk.
      let index = try HNSWIndex.load(from: directory)
      let query = (0..<index.dimension).map { Float(($0 * 7919) % 13) / 13 - 0.5 }
      _ = try index.search(query, k: 10)
    default: break
    }
  }

  func cleanUp() { try? FileManager.default.removeItem(at: scratch) }
}

struct FuzzError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
