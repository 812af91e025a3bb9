import Foundation
import NeuralCore
import WorkspaceStore

/// Paper §3.3, Figure 4: the share of watches going to videos of each age (days since upload),
/// as observed just after the training window and as predicted by models trained with and
/// without the example-age feature (served with example age 0).
public enum ExampleAgeExperiment {
  /// One age bucket.
  public struct Row: Sendable, Codable, Equatable {
    /// Days since upload (the last bucket collects everything older).
    public var daysSinceUpload: Int
    /// Observed share of watches in the evaluation days.
    public var empirical: Double
    /// Predicted share, model with example age.
    public var withExampleAge: Double
    /// Predicted share, model without example age.
    public var withoutExampleAge: Double

    /// A row.
    public init(daysSinceUpload: Int, empirical: Double, withExampleAge: Double, withoutExampleAge: Double) {
      self.daysSinceUpload = daysSinceUpload
      self.empirical = empirical
      self.withExampleAge = withExampleAge
      self.withoutExampleAge = withoutExampleAge
    }
  }

  /// Trains both models on the temporal split's training part and compares their predicted
  /// distribution over video ages at the end of the training window with the watches that follow.
  ///
  /// Like for like: a video's age is taken at the end of the training window for both, and the
  /// observed shares count only the watches of videos the models can score (uploaded before
  /// the window's end and in their vocabulary). Uploads of the next two days, which no model
  /// trained on the window knows, are left out of the shares; the returned
  /// `unscorableShare` says how much of the watches they took.
  ///
  /// - Parameter days: number of one-day buckets; older videos go to the last bucket.
  public static func run(
    columns: EventColumns, split: EvaluationSplit, base: CandidateConfig, days: Int = 14,
    progress: ProgressHandler = { _ in }
  ) throws(CandidateError) -> (rows: [Row], unscorableShare: Double) {
    let reference = split.trainingWindowEnd
    let horizon = reference + 2 * Seconds.perDay
    func bucket(_ video: Int, at time: Int64) -> Int? {
      let age = time - columns.videos.uploadTime[video]
      guard age >= 0 else { return nil }
      return min(Int(age / Seconds.perDay), days)
    }
    var predictions: [[Double]] = []
    var vocabulary: [Int32] = []
    for (i, useAge) in [true, false].enumerated() {
      var config = base
      config.features.exampleAge = useAge
      let name = useAge ? "with example age" : "without example age"
      let generator = try CandidateTrainer.train(
        columns: columns, split: split, config: config,
        progress: { progress($0.report(model: name, number: i + 1, of: 2)) }
      ).generator
      vocabulary = generator.lookup.classOfVideo
      predictions.append(predictedShares(generator, split: split, at: reference, days: days, bucket: bucket))
    }
    var empirical = [Double](repeating: 0, count: days + 1)
    var scored = 0.0
    var all = 0.0
    for i in 0..<columns.watches.count where columns.watches.time[i] >= reference && columns.watches.time[i] < horizon {
      all += 1
      let video = Int(columns.watches.video[i])
      guard video < vocabulary.count, vocabulary[video] >= 0, let b = bucket(video, at: reference) else { continue }
      empirical[b] += 1
      scored += 1
    }
    guard scored > 0 else {
      throw .insufficientData("no watches of known videos in the two days after the training window")
    }
    empirical = empirical.map { $0 / scored }
    let rows = (0...days).map {
      Row(
        daysSinceUpload: $0, empirical: empirical[$0], withExampleAge: predictions[0][$0],
        withoutExampleAge: predictions[1][$0])
    }
    return (rows, 1 - scored / all)
  }

  /// The model's softmax mass by video-age bucket, averaged over users at `time`.
  static func predictedShares(
    _ generator: BoundCandidateModel, split: EvaluationSplit, at time: Int64, days: Int,
    bucket: (Int, Int64) -> Int?
  ) -> [Double] {
    let targets = split.validation.map {
      PredictionTarget(user: $0.user, historyEnd: $0.historyEnd, time: time, videos: [])
    }
    var shares = [Double](repeating: 0, count: days + 1)
    guard !targets.isEmpty else { return shares }
    let classBucket = (0..<generator.space.classCount).map { c -> Int? in
      let v = Int(generator.lookup.videoOfClass[c])
      return v >= 0 ? bucket(v, time) : nil
    }
    let u = generator.userVectors(targets)
    let logits = BLAS.product(u, generator.model.videoEmbeddings, transposeB: true)
    for r in 0..<logits.rows {
      let row = logits.row(r)
      let maximum = row.max() ?? 0
      var total = 0.0
      var mass = [Double](repeating: 0, count: days + 1)
      for (c, z) in row.enumerated() {
        let p = exp(Double(z - maximum))
        total += p
        if let b = classBucket[c] { mass[b] += p }
      }
      for b in 0...days { shares[b] += mass[b] / total / Double(logits.rows) }
    }
    return shares
  }
}
