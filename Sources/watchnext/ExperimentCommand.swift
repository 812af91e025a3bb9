import Application
import ArgumentParser
import CandidateGeneration
import Foundation
import NeuralCore
import SyntheticWorld
import WorkspaceStore

/// `watchnext experiment`: reproduces the paper's experiments on a workspace.
struct ExperimentCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "experiment",
    abstract: "Reproduce the paper's experiments; each prints a table and writes CSV under WORKSPACE/experiments.",
    subcommands: [
      DepthFeatures.self, ExampleAge.self, NextWatch.self, EncoderExperimentCommand.self, RankingDepthCommand.self,
    ])

  /// What `experiment ... --json` prints: one object with the experiment's rows and the files it wrote.
  struct Report<Row: Encodable>: Encodable {
    var experiment: String
    var rows: [Row]
    var outputs: [String]

    init(_ experiment: String, rows: [Row], outputs: [URL]) {
      self.experiment = experiment
      self.rows = rows
      self.outputs = outputs.map(\.path)
    }
  }

  static func write(_ text: String, name: String, in workspace: Workspace) throws -> URL {
    let url = workspace.experimentsDirectory.appendingPathComponent(name)
    try AtomicFile.write(Data(text.utf8), to: url)
    return url
  }

  static func prepare(_ options: WorkspaceOptions, _ protocolOptions: ProtocolOptions) throws -> (
    Workspace, EventColumns, EvaluationSplit
  ) {
    let workspace = try Workspace(at: options.url)
    let columns = try workspace.loadColumns()
    let split = try EvaluationSplit(
      columns: columns, protocol: try protocolOptions.resolve(source: try workspace.metadata("source")))
    return (workspace, columns, split)
  }

  /// `watchnext experiment candidates-depth-features`.
  struct DepthFeatures: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "candidates-depth-features",
      abstract: "Paper §3.5 / Figure 6: holdout MAP and recall@100 by feature set and depth 0-4 (20 models).")

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var protocolOptions: ProtocolOptions
    @OptionGroup var model: CandidateModelOptions
    @Option(parsing: .upToNextOption, help: "Tower depths to train (default: 0 1 2 3 4).")
    var depths: [Int] = Array(0...4)

    func validate() throws {
      if let bad = depths.first(where: { !(0...4).contains($0) }) {
        throw ValidationError("--depths: \(bad) is not a depth from 0 to 4")
      }
    }

    func run() throws {
      let (workspace, columns, split) = try ExperimentCommand.prepare(options, protocolOptions)
      let progress = ProgressReporter()
      let rows = try DepthFeaturesExperiment.run(
        columns: columns, split: split, base: try model.resolve(), depths: depths
      ) {
        if !options.json { progress.update($0) }
      }
      progress.finishLine()
      var csv = "features,depth,widths,map_at_100,recall_at_100,best_epoch,cold_recall_at_100\n"
      for r in rows {
        csv += "\(r.features),\(r.depth),\(r.widths.map(String.init).joined(separator: "-")),"
        csv += String(format: "%.5f,%.5f,%d,", r.map, r.recall, r.bestEpoch)
        csv += r.coldRecall.map { String(format: "%.5f\n", $0) } ?? "\n"
      }
      let csvURL = try ExperimentCommand.write(csv, name: "candidates-depth-features.csv", in: workspace)
      let svg = ExperimentCharts.depthFeatures(rows, testUsers: split.test.count)
      let svgURL = try ExperimentCommand.write(svg, name: "candidates-depth-features.svg", in: workspace)
      if options.json {
        return try Output.json(Report("candidates-depth-features", rows: rows, outputs: [csvURL, svgURL]))
      }
      print("MAP@100 (recall@100) on \(split.test.count) test users, \(split.evaluationProtocol.name) protocol")
      print(Self.grid(rows) { String(format: "%.4f (%.3f)", $0.map, $0.recall) })
      if !split.coldTest.isEmpty {
        print("\nRecall@100 of the first watch of \(split.coldTest.count) cold users (no watch before the test cutoff)")
        print(Self.grid(rows) { $0.coldRecall.map { String(format: "%.3f", $0) } })
        let popular = Array(CandidateEvaluation.baselines(columns: columns, split: split).prefix(2))
        for baseline in CandidateEvaluation.compare(popular, targets: split.coldTest, ks: [100]) {
          print("\(baseline.name): \(String(format: "%.3f", baseline.at(100)?.recall ?? 0))")
        }
      }
      print("Wrote \(csvURL.path) and \(svgURL.path)")
    }

    /// The rows as a feature set x depth table, each cell by `cell` ("-" where it gives nothing).
    static func grid(_ rows: [DepthFeaturesExperiment.Row], cell: (DepthFeaturesExperiment.Row) -> String?) -> String {
      let depths = Array(Set(rows.map(\.depth))).sorted()
      return Output.table(
        ["features"] + depths.map { "depth \($0)" },
        CandidateConfig.Features.paperSets.map { set in
          [set.name] + depths.map { d in rows.first { $0.features == set.name && $0.depth == d }.flatMap(cell) ?? "-" }
        })
    }
  }

  /// `watchnext experiment example-age`.
  struct ExampleAge: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "example-age",
      abstract: "Paper §3.3 / Figure 4: predicted vs empirical share of watches by days since upload.")

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var model: CandidateModelOptions
    @Option(help: "Day buckets (older videos go to the last).") var days = 14

    func run() throws {
      let workspace = try Workspace(at: options.url)
      let columns = try workspace.loadColumns()
      let split = try EvaluationSplit(columns: columns, protocol: .temporal())
      let progress = ProgressReporter()
      let (rows, unscorable) = try ExampleAgeExperiment.run(
        columns: columns, split: split, base: try model.resolve(), days: days
      ) { if !options.json { progress.update($0) } }
      progress.finishLine()
      var csv = "days_since_upload,empirical,with_example_age,without_example_age\n"
      for r in rows {
        csv += String(
          format: "%d,%.6f,%.6f,%.6f\n", r.daysSinceUpload, r.empirical, r.withExampleAge, r.withoutExampleAge)
      }
      let csvURL = try ExperimentCommand.write(csv, name: "example-age.csv", in: workspace)
      let svg = ExperimentCharts.exampleAge(rows, unscorableShare: unscorable)
      let svgURL = try ExperimentCommand.write(svg, name: "example-age.svg", in: workspace)
      if options.json { return try Output.json(Report("example-age", rows: rows, outputs: [csvURL, svgURL])) }
      print(
        Output.table(
          ["days since upload", "empirical", "with example age", "without"],
          rows.map {
            [
              $0.daysSinceUpload == days ? "\(days)+" : "\($0.daysSinceUpload)", String(format: "%.4f", $0.empirical),
              String(format: "%.4f", $0.withExampleAge), String(format: "%.4f", $0.withoutExampleAge),
            ]
          }))
      print(
        String(
          format: "Shares of the watches of videos the models know (%.1f%% went to uploads after the window).",
          100 * unscorable))
      print("Wrote \(csvURL.path) and \(svgURL.path)")
    }
  }

  /// `watchnext experiment next-watch`.
  struct NextWatch: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "next-watch",
      abstract: "Paper §3.4 / Figure 5: next-watch labels with rolled-back history vs random held-out labels.")

    @OptionGroup var options: WorkspaceOptions
    @OptionGroup var protocolOptions: ProtocolOptions
    @OptionGroup var model: CandidateModelOptions
    @Option(help: "Training seeds per labelling (--seed, --seed + 1, ...); gains are paired per target.")
    var seeds = 3

    /// What `experiment next-watch --json` prints: the common shape, with the paired gains.
    struct NextWatchReport: Encodable {
      var experiment: String
      var rows: [NextWatchExperiment.Row]
      var gains: [NextWatchExperiment.Gain]
      var seeds: [UInt64]
      var targets: Int
      var outputs: [String]
    }

    func validate() throws {
      guard (1...20).contains(seeds) else { throw ValidationError("--seeds must be from 1 to 20") }
    }

    func run() throws {
      let (workspace, columns, split) = try ExperimentCommand.prepare(options, protocolOptions)
      // On a synthetic world, also measure the targets that continue a series (episode 2 and later).
      let truth = (try? LatentTruth.load(from: WorldGenerator.truthDirectory(of: workspace))).flatMap {
        $0.covers(columns) ? $0 : nil
      }
      let subset: ((PredictionTarget) -> Bool)? = truth.map { truth in
        { target in target.videos.contains { truth.videoEpisode[Int($0)] > 1 } }
      }
      let progress = ProgressReporter()
      let result = try NextWatchExperiment.run(
        columns: columns, split: split, base: try model.resolve(), seeds: seeds, subset: subset,
        progress: { if !options.json { progress.update($0) } })
      progress.finishLine()
      var csv = "labels,seed,k,recall,hit_rate,map,ndcg\n"
      for r in result.rows {
        for m in r.metrics.metrics {
          csv += String(
            format: "%@,mean,%d,%.5f,%.5f,%.5f,%.5f\n", r.labels, m.k, m.recall, m.hitRate, m.map, m.ndcg)
        }
        for (seed, map) in zip(result.seeds, r.seedMAP100) {
          csv += String(format: "%@,%llu,100,,,%.5f,\n", r.labels, seed, map)
        }
      }
      for g in result.gains {
        csv += String(format: "gain %@,paired,,%.5f,%.5f,,\n", g.figure, g.gain.mean, g.gain.standardError)
      }
      let csvURL = try ExperimentCommand.write(csv, name: "next-watch.csv", in: workspace)
      let svgURL = try ExperimentCommand.write(
        ExperimentCharts.nextWatch(result), name: "next-watch.svg", in: workspace)
      if options.json {
        return try Output.json(
          NextWatchReport(
            experiment: "next-watch", rows: result.rows, gains: result.gains, seeds: result.seeds,
            targets: result.targets, outputs: [csvURL.path, svgURL.path]))
      }
      let seedList = result.seeds.map(String.init).joined(separator: ", ")
      print(
        "Predicting the next watch (\(split.evaluationProtocol.name), \(result.targets) users; the mean of training seeds \(seedList)):"
      )
      print(CandidateReport.metricsTable(result.rows.map(\.metrics)))
      print("\nNext-watch minus random held-out, paired per target (each target's figure averaged over the seeds):")
      for g in result.gains {
        print(String(format: "  %-10@ %+.4f ± %.4f", g.figure, g.gain.mean, g.gain.standardError))
      }
      for r in result.rows {
        print(
          "  MAP@100 by seed, \(r.labels): " + r.seedMAP100.map { String(format: "%.4f", $0) }.joined(separator: ", "))
      }
      let subsetRows = result.rows.compactMap(\.subsetMetrics)
      if !subsetRows.isEmpty, let count = subset.map({ split.test.filter($0).count }) {
        print("\nTargets that continue a series (episode 2 or later, \(count) users):")
        print(CandidateReport.metricsTable(subsetRows))
      }
      print("Wrote \(csvURL.path) and \(svgURL.path)")
    }
  }
}
