import Dispatch
import NeuralCore
import Synchronization
import WorkspaceStore

/// One epoch of training examples cut into steps: single next-watch queries (the mean and
/// recency bags: each encodes its own history), or windows of consecutive labels (the attention
/// encoder: one forward pass per window trains all its labels, as SASRec trains).
enum TrainingPlan {
  case queries([CandidateQuery])
  case windows([CandidateWindow], stepEnds: [Int])

  /// The epoch's examples for `config`, shuffled.
  static func make(
    generator: BoundCandidateModel, split: EvaluationSplit, config: CandidateConfig, random: inout SeededGenerator
  ) -> TrainingPlan {
    let ages = ExampleAges(generator: generator, split: split)
    guard config.historyEncoder == .attention, config.labelSelection == .nextWatch else {
      return .queries(sampleQueries(generator: generator, split: split, config: config, ages: ages, random: &random))
    }
    var windows = sampleWindows(generator: generator, split: split, config: config, ages: ages)
    windows.shuffle(using: &random)
    var stepEnds: [Int] = []
    var labels = 0
    for (i, window) in windows.enumerated() {
      labels += window.labels.count
      if labels >= config.batchSize {
        stepEnds.append(i + 1)
        labels = 0
      }
    }
    if labels > 0 { stepEnds.append(windows.count) }
    return .windows(windows, stepEnds: stepEnds)
  }

  /// Labels in the epoch.
  var labelCount: Int {
    switch self {
    case .queries(let q): q.count
    case .windows(let w, _): w.reduce(0) { $0 + $1.labels.count }
    }
  }

  /// Steps in the epoch.
  func steps(batchSize: Int) -> Int {
    switch self {
    case .queries(let q): (q.count + batchSize - 1) / batchSize
    case .windows(_, let ends): ends.count
    }
  }

  /// This rank's share of step `step` encoded as one part per worker thread, the parts encoded
  /// in parallel (none when the share is empty). The global batch is the same on every rank
  /// (the same plan from the same seed); each rank encodes its contiguous share of it.
  func encode(step: Int, generator: BoundCandidateModel, shard: any Collective = SingleProcess()) -> [CandidateBatch] {
    let config = generator.model.config
    switch self {
    case .queries(let examples):
      let slice = shard.share(
        of: examples[(step * config.batchSize)..<min((step + 1) * config.batchSize, examples.count)])
      guard !slice.isEmpty else { return [] }
      return Self.parallel(count: slice.count, threads: config.threads, minimum: 32) { range in
        CandidateBatch(
          queries: slice[(slice.startIndex + range.lowerBound)..<(slice.startIndex + range.upperBound)],
          columns: generator.columns, lookup: generator.lookup, config: config)
      }
    case .windows(let windows, let ends):
      let slice = shard.share(of: windows[(step == 0 ? 0 : ends[step - 1])..<ends[step]])
      guard !slice.isEmpty else { return [] }
      return Self.parallel(count: slice.count, threads: config.threads, minimum: 1) { range in
        CandidateBatch(
          windows: slice[(slice.startIndex + range.lowerBound)..<(slice.startIndex + range.upperBound)],
          columns: generator.columns, lookup: generator.lookup, config: config)
      }
    }
  }

  /// `count` items cut into up to `threads` contiguous parts of at least `minimum`, each built in parallel.
  static func parallel(
    count: Int, threads: Int, minimum: Int, _ build: @Sendable @escaping (Range<Int>) -> CandidateBatch
  ) -> [CandidateBatch] {
    let parts = max(1, min(threads, count / minimum))
    @Sendable func range(_ i: Int) -> Range<Int> { (count * i / parts)..<(count * (i + 1) / parts) }
    guard parts > 1 else { return [build(range(0))] }
    let results = Mutex<[CandidateBatch?]>(Array(repeating: nil, count: parts))
    DispatchQueue.concurrentPerform(iterations: parts) { i in
      let batch = build(range(i))
      results.withLock { $0[i] = batch }
    }
    return results.withLock { $0.compactMap { $0 } }
  }

  /// A fixed number of examples per user, labels drawn at random from the user's training
  /// watches (Paper §3.4, Figure 5):
  /// - next-watch: the history is rolled back to before the label, and the searches are those
  ///   strictly before it; labels start at the user's second watch, or at the first (with no
  ///   watch before it) under ``CandidateConfig/labelFirstWatch``;
  /// - random held-out: the label is left out of the user's training watches and the others,
  ///   earlier and later, are the history (the last ``CandidateConfig/historyLength`` of them),
  ///   with every search up to the user's last training watch: the future leaks into the input,
  ///   as in the paper's counter-example.
  static func sampleQueries(
    generator: BoundCandidateModel, split: EvaluationSplit, config: CandidateConfig, ages: ExampleAges,
    random: inout SeededGenerator
  ) -> [CandidateQuery] {
    let columns = generator.columns
    var examples: [CandidateQuery] = []
    for u in 0..<columns.users.count {
      let start = columns.watches.userOffsets[u]
      let end = split.trainingEnd[u]
      guard end - start >= 2 else { continue }
      let first = config.labelSelection == .randomHeldOut || config.labelFirstWatch ? start : start + 1
      var positions = Array(first..<end)
      if positions.count > config.examplesPerUser {
        for i in 0..<config.examplesPerUser {
          positions.swapAt(i, i + Int(random.next() % UInt64(positions.count - i)))
        }
        positions.removeLast(positions.count - config.examplesPerUser)
      }
      let trainingHorizon = columns.watches.time[end - 1] + 1
      for p in positions {
        let label = generator.lookup.classOfVideo[Int(columns.watches.video[p])]
        guard label >= 0 else { continue }
        let age = ages.age(user: u, position: p)
        switch config.labelSelection {
        case .nextWatch:
          examples.append(
            CandidateQuery(
              user: Int32(u), historyEnd: p, time: columns.watches.time[p], exampleAge: age, label: label))
        case .randomHeldOut:
          examples.append(
            CandidateQuery(
              user: Int32(u), historyEnd: end, time: trainingHorizon, exampleAge: age, label: label, heldOut: p))
        }
      }
    }
    examples.shuffle(using: &random)
    return examples
  }

  /// The user's most recent `examplesPerUser` training labels (after the first watch), cut into
  /// windows of `historyLength − windowContext` labels from the newest back; each window's
  /// sequence reaches back `historyLength` watches, so every label sees at least `windowContext`
  /// earlier watches (when the user has them), as a request sees its last `historyLength`.
  static func sampleWindows(
    generator: BoundCandidateModel, split: EvaluationSplit, config: CandidateConfig, ages: ExampleAges
  ) -> [CandidateWindow] {
    let columns = generator.columns
    var windows: [CandidateWindow] = []
    for u in 0..<columns.users.count {
      let start = columns.watches.userOffsets[u]
      let end = split.trainingEnd[u]
      guard end - start >= 2 else { continue }
      let first = max(start + 1, end - config.examplesPerUser)
      let stride = max(1, config.historyLength - config.windowContext)
      var upper = end
      while upper > first {
        let lower = max(first, upper - stride)
        windows.append(
          CandidateWindow(
            user: Int32(u), labels: lower..<upper, ages: (lower..<upper).map { ages.age(user: u, position: $0) },
            contextStart: max(start + 1, upper - config.historyLength)))
        upper = lower
      }
    }
    return windows
  }
}

/// The example age of each training label (Paper §3.3), in [0, 1]: how long before the request
/// the label was watched. Under the temporal protocol the request is at the end of the training
/// window for everyone; under leave-last-out each user is served at their own request, so a
/// user's "now" is the time of their first held-out watch (the validation request; their last
/// watch when they have none). Serving always feeds age 0.
struct ExampleAges {
  var now: [Int64]
  var scale: Double
  var watchTime: [Int64]

  init(generator: BoundCandidateModel, split: EvaluationSplit) {
    let columns = generator.columns
    watchTime = columns.watches.time
    scale = generator.space.exampleAgeScale
    switch split.evaluationProtocol {
    case .temporal:
      now = [Int64](repeating: generator.space.trainingWindowEnd, count: columns.users.count)
    case .leaveLastOut:
      now = (0..<columns.users.count).map { u in
        let range = columns.watches.range(ofUser: u)
        let end = split.trainingEnd[u]
        if end < range.upperBound { return columns.watches.time[end] }
        return range.isEmpty ? generator.space.trainingWindowEnd : columns.watches.time[range.upperBound - 1]
      }
    }
  }

  func age(user: Int, position: Int) -> Float {
    Float(min(max(Double(now[user] - watchTime[position]) / scale, 0), 1))
  }
}
