import Application
import ArgumentParser
import CandidateGeneration
import Foundation
import NeuralCore
import WorkspaceStore

/// `watchnext export`: writes model artifacts for other tools.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export", abstract: "Export model artifacts for other tools.", subcommands: [Embeddings.self])

  /// `watchnext export embeddings`.
  struct Embeddings: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "embeddings",
      abstract: "Write the candidate model's video embeddings as .npy with an ID file (numpy, FAISS).",
      discussion: """
        Writes video_embeddings.npy (float32, videos x dimension, C order), videos.tsv (a header row, \
        then id<TAB>title in row order), videos-left-out.tsv (the workspace's videos without an embedding \
        and why) and export.json (what the vectors are and the user tower's input layout, to rebuild u). \
        The vectors are raw: u . v_j is what retrieval ranks by; `neighbors` ranks by cosine, which \
        --normalize makes an inner product. Load with Samples/load_embeddings.py.
        """)

    @OptionGroup var options: WorkspaceOptions
    @Option(help: "Output directory (default: WORKSPACE/export).") var output: String?
    @Flag(help: "Write unit-length rows (inner products are then the cosines `neighbors` ranks by).")
    var normalize = false

    /// What export.json says.
    struct Manifest: Encodable {
      var videos: Int
      var dimension: Int
      var normalized: Bool
      /// What an inner product of two rows is.
      var similarity: String
      var leftOut: Int
      var historyEncoder: String
      var inputLayout: CandidateInputLayout
      var modelDirectory: String
    }

    struct Report: Encodable {
      var directory: String
      var videos: Int
      var dimension: Int
      var normalized: Bool
      var leftOut: Int
    }

    func run() throws {
      let loaded = try CLISession.candidates(options.url)
      let (workspace, columns, generator) = (loaded.workspace, loaded.columns, loaded.generator)
      let directory = output.map { URL(fileURLWithPath: $0) } ?? workspace.directory.appendingPathComponent("export")
      var embeddings = generator.model.videoEmbeddings
      if normalize { embeddings = embeddings.unitRows() }
      try NPY.write(
        embeddings.values, shape: [embeddings.rows, embeddings.columns],
        to: directory.appendingPathComponent("video_embeddings.npy"))
      let clean = { (text: String) in
        text.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ")
      }
      let lines = (0..<embeddings.rows).map { c -> String in
        let v = Int(generator.lookup.videoOfClass[c])
        return "\(generator.space.videos.keys[c])\t\(v >= 0 ? clean(columns.videos.titles[v]) : "")"
      }
      try AtomicFile.write(
        Data((["id\ttitle"] + lines).joined(separator: "\n").appending("\n").utf8),
        to: directory.appendingPathComponent("videos.tsv"))
      let leftOut = Self.leftOut(columns: columns, generator: generator)
      try AtomicFile.write(
        Data(
          (["id\ttitle\treason"]
            + leftOut.map { "\(columns.videos.ids[$0.video])\t\(clean(columns.videos.titles[$0.video]))\t\($0.reason)" })
            .joined(separator: "\n").appending("\n").utf8),
        to: directory.appendingPathComponent("videos-left-out.tsv"))
      let config = generator.model.config
      let manifest = Manifest(
        videos: embeddings.rows, dimension: embeddings.columns, normalized: normalize,
        similarity: normalize ? "cosine (unit rows)" : "raw inner product u . v_j (cosine needs normalising)",
        leftOut: leftOut.count, historyEncoder: config.historyEncoder.rawValue,
        inputLayout: CandidateInputLayout(config: config, space: generator.space),
        modelDirectory: loaded.session.layout.candidateModel.path)
      let encoder = JSONEncoder()
      encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
      try AtomicFile.write(try encoder.encode(manifest), to: directory.appendingPathComponent("export.json"))
      if options.json {
        return try Output.json(
          Report(
            directory: directory.path, videos: embeddings.rows, dimension: embeddings.columns, normalized: normalize,
            leftOut: leftOut.count))
      }
      print(
        "Wrote \(embeddings.rows) x \(embeddings.columns) \(normalize ? "unit-length" : "raw") embeddings to "
          + "\(directory.path)/video_embeddings.npy")
      print("Row order and titles: \(directory.path)/videos.tsv; what they are and the input layout: export.json")
      if !leftOut.isEmpty {
        let reasons = Dictionary(grouping: leftOut, by: \.reason).map { "\($0.value.count) \($0.key)" }.sorted()
        Output.line(
          "\(leftOut.count) of \(columns.videos.count) videos have no embedding (\(reasons.joined(separator: "; "))): "
            + "\(directory.path)/videos-left-out.tsv")
      }
    }

    /// The workspace's videos that are not softmax classes, with why.
    static func leftOut(columns: EventColumns, generator: BoundCandidateModel) -> [(video: Int, reason: String)] {
      var watched = [Bool](repeating: false, count: columns.videos.count)
      for v in columns.watches.video { watched[Int(v)] = true }
      return (0..<columns.videos.count).compactMap { v in
        guard generator.lookup.classOfVideo[v] < 0 else { return nil }
        return (
          v,
          watched[v]
            ? "watched only outside the training window, or beyond the vocabulary's size"
            : "never watched"
        )
      }
    }
  }
}
