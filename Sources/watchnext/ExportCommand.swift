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
        Writes video_embeddings.npy (float32, videos x dimension, C order) and videos.tsv (row order: \
        id<TAB>title). Load with Samples/load_embeddings.py.
        """)

    @OptionGroup var options: WorkspaceOptions
    @Option(help: "Output directory (default: WORKSPACE/export).") var output: String?

    func run() throws {
      let loaded = try CLISession.candidates(options.url)
      let (workspace, columns, generator) = (loaded.workspace, loaded.columns, loaded.generator)
      let directory = output.map { URL(fileURLWithPath: $0) } ?? workspace.directory.appendingPathComponent("export")
      let embeddings = generator.model.videoEmbeddings
      try NPY.write(
        embeddings.values, shape: [embeddings.rows, embeddings.columns],
        to: directory.appendingPathComponent("video_embeddings.npy"))
      let lines = (0..<embeddings.rows).map { c -> String in
        let v = Int(generator.index.videoOfClass[c])
        let title = v >= 0 ? columns.videos.titles[v].replacingOccurrences(of: "\t", with: " ") : ""
        return "\(generator.space.videos.keys[c])\t\(title)"
      }
      try AtomicFile.write(
        Data((lines.joined(separator: "\n") + "\n").utf8), to: directory.appendingPathComponent("videos.tsv"))
      if options.json {
        struct Report: Encodable {
          var directory: String
          var videos: Int
          var dimension: Int
        }
        return try Output.json(
          Report(directory: directory.path, videos: embeddings.rows, dimension: embeddings.columns))
      }
      print("Wrote \(embeddings.rows) x \(embeddings.columns) embeddings to \(directory.path)/video_embeddings.npy")
      print("Row order and titles: \(directory.path)/videos.tsv")
    }
  }
}
