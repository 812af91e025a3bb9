import Algorithms
import Foundation
import NeuralCore
import WorkspaceStore

/// Simulates daily sessions: searches, impression slates served by a logging policy, clicks,
/// watches (from recommendations, search and outside), and episodic series watched in order;
/// with ``WorldDynamics``, drifting interests, discovery searches, late signups, follow-ups and
/// themed sessions. The dynamics draw from their own generator, so without them a seed gives
/// the events of earlier versions.
struct ActivitySimulator {
  let config: WorldConfig
  let catalogue: Catalogue
  let population: Population
  /// The truth as of the day being simulated (interests drift day by day).
  var truth: LatentTruth
  let behaviour: BehaviourModel
  let model: DynamicsModel
  var generator: SeededGenerator
  var dynamicsGenerator: SeededGenerator

  private var uploadOrder: [Int32] = []
  private var uploadTimes: [Int64] = []
  private var topicOrder: [[Int32]] = []
  private var topicTimes: [[Int64]] = []
  private var recentViews: [Double]
  private var todayViews: [Double]
  private var watched: [Set<Int32>]
  private var impressionCounts: [[Int32: UInt8]]
  private var pendingEpisode: [Int32]
  private var nextRequest: Int64 = 1
  private var popular: AliasTable?
  /// Each video's follow-up (the series' next episode, else the channel's next upload), or -1.
  private var followUp: [Int32] = []
  /// The topic of the session being simulated, with themed sessions.
  private var sessionTheme: Int?

  private static let stopwords: Set<String> = [
    "the", "and", "how", "for", "why", "which", "what", "nobody", "tells", "you", "days", "minutes", "best", "year",
    "inside", "world", "truth", "about", "ultimate", "guide", "explained", "basics", "beginner", "master", "changes",
    "everything", "tips", "tried", "better", "chronicles", "episode", "of", "in", "to", "is", "vs",
  ]

  init(
    config: WorldConfig, catalogue: Catalogue, population: Population, truth: LatentTruth, generator: SeededGenerator,
    dynamicsGenerator: SeededGenerator, model: DynamicsModel = DynamicsModel()
  ) {
    self.config = config
    self.catalogue = catalogue
    self.population = population
    self.truth = truth
    self.behaviour = BehaviourModel()
    self.model = model
    self.generator = generator
    self.dynamicsGenerator = dynamicsGenerator
    let n = catalogue.videos.count
    let order = (0..<n).sorted { catalogue.videos[$0].uploadTime < catalogue.videos[$1].uploadTime }
    uploadOrder = order.map(Int32.init)
    uploadTimes = order.map { catalogue.videos[$0].uploadTime }
    let k = TopicLexicon.topics.count
    topicOrder = [[Int32]](repeating: [], count: k)
    topicTimes = [[Int64]](repeating: [], count: k)
    for v in order {
      let t = Int(catalogue.primaryTopic[v])
      topicOrder[t].append(Int32(v))
      topicTimes[t].append(catalogue.videos[v].uploadTime)
    }
    var seed = generator
    recentViews = (0..<n).map { v in
      catalogue.videos[v].uploadTime < config.startTime
        ? 3 * exp(seed.nextGaussian() + 1.2 * Double(catalogue.quality[v])) : 0
    }
    todayViews = [Double](repeating: 0, count: n)
    watched = [Set<Int32>](repeating: [], count: config.users)
    impressionCounts = [[Int32: UInt8]](repeating: [:], count: config.users)
    pendingEpisode = [Int32](repeating: -1, count: config.users)
    if config.dynamics.followUps { followUp = Self.followUps(catalogue: catalogue, uploadOrder: uploadOrder) }
  }

  /// The follow-up of every video: the next episode of its series, else its channel's next upload.
  private static func followUps(catalogue: Catalogue, uploadOrder: [Int32]) -> [Int32] {
    var next = [Int32](repeating: -1, count: catalogue.videos.count)
    var lastOfChannel: [String: Int32] = [:]
    for v in uploadOrder {
      let channel = catalogue.videos[Int(v)].channel
      if let previous = lastOfChannel[channel] { next[Int(previous)] = v }
      lastOfChannel[channel] = v
    }
    for v in 0..<next.count where catalogue.nextEpisode[v] >= 0 { next[v] = catalogue.nextEpisode[v] }
    return next
  }

  /// Sets every drifting user's interests to their value at `time`.
  private mutating func updateInterests(at time: Int64) {
    guard config.dynamics.drift else { return }
    let k = truth.topicCount
    for u in 0..<config.users where population.drift[u].newTopic >= 0 || population.drift[u].fadingTopic >= 0 {
      let row = population.drift[u].weights(base: population.baseWeights[u], at: time, config: config, model: model)
      for t in 0..<k { truth.userInterests[u, t] = row[t] }
    }
  }

  /// Runs every day of the window, sending events to `sink`; `progress` gets the days done.
  mutating func run<S: EventSink>(into sink: inout S, progress: ProgressHandler) throws {
    for day in 0..<config.days {
      let dayStart = config.startTime + Int64(day) * Seconds.perDay
      let available = Self.count(uploadTimes, atOrBefore: dayStart)
      let weights = (0..<uploadOrder.count).map { i in i < available ? recentViews[Int(uploadOrder[i])] + 0.05 : 0 }
      popular = available > 0 ? try? AliasTable(weights: weights) : nil
      updateInterests(at: dayStart + Seconds.perDay / 2)
      for u in 0..<config.users {
        let sessions = poisson(population.sessionsPerDay[u])
        guard sessions > 0 else { continue }
        let times = (0..<sessions).map { _ in dayStart + Int64(generator.nextUnit() * 80_000) }.sorted()
        for t in times where t >= population.drift[u].signup { try session(user: u, time: t, sink: &sink) }
      }
      for v in 0..<recentViews.count { recentViews[v] = 0.6 * recentViews[v] + todayViews[v] }
      todayViews = [Double](repeating: 0, count: todayViews.count)
      progress(ProgressReport(phase: "simulating days", done: day + 1, total: config.days))
    }
  }

  // MARK: - One session

  private mutating func session<S: EventSink>(user u: Int, time start: Int64, sink: inout S) throws {
    var t = start
    sessionTheme = nil
    if config.dynamics.themedSessions {
      sessionTheme = Self.drawTopic(truth.userInterests, user: u, using: &dynamicsGenerator)
    }
    if pendingEpisode[u] >= 0, generator.nextUnit() < 0.75 {
      let v = pendingEpisode[u]
      if catalogue.videos[Int(v)].uploadTime <= t {
        try watch(user: u, video: v, time: t, source: .external, sink: &sink)
        t += 60
      }
    }
    let drift = population.drift[u]
    if config.dynamics.searchDiscovery, drift.isDiscovering(at: t, model: model),
      dynamicsGenerator.nextUnit() < model.discoverySearchProbability,
      let first = pickTopical(user: u, topic: drift.newTopic, time: t, candidates: 12)
    {
      // Looking into a new interest: searched for, rarely watched yet.
      var v = first
      for _ in 0...Int(dynamicsGenerator.next() % UInt64(model.discoverySearchesPerSession)) {
        try sink.search(user: Int32(u), time: t, query: query(for: Int(v)))
        t += 20 + Int64(generator.nextUnit() * 40)
        if dynamicsGenerator.nextUnit() < model.discoveryWatchProbability {
          try watch(user: u, video: v, time: t, source: .search, sink: &sink)
        }
        t += 60
        v = pickTopical(user: u, topic: drift.newTopic, time: t, candidates: 12) ?? first
      }
    } else if generator.nextUnit() < config.searchProbability, let v = pickTopical(user: u, time: t, candidates: 12) {
      try sink.search(user: Int32(u), time: t, query: query(for: Int(v)))
      t += 20 + Int64(generator.nextUnit() * 40)
      if generator.nextUnit() < 0.85 { try watch(user: u, video: v, time: t, source: .search, sink: &sink) }
      t += 60
    }
    let pages = generator.nextUnit() < 0.4 ? 2 : 1
    for _ in 0..<pages {
      try servePage(user: u, time: t, sink: &sink)
      t += 300
    }
    if generator.nextUnit() < config.externalWatchProbability, let v = pickPopularForUser(user: u, time: t) {
      try watch(user: u, video: v, time: t, source: .external, sink: &sink)
    }
  }

  private mutating func servePage<S: EventSink>(user u: Int, time t: Int64, sink: inout S) throws {
    let request = nextRequest
    nextRequest += 1
    var shown: [Int32] = []
    // Logging policy: popular, fresh, topical and random videos, in random order.
    var kinds = [0, 0, 0, 0, 1, 1, 2, 2, 2, 3]
    while kinds.count < config.slateSize { kinds.append(Int(generator.next() % 4)) }
    kinds = Array(kinds.prefix(config.slateSize))
    kinds.shuffle(using: &generator)
    for kind in kinds {
      for _ in 0..<4 {
        let candidate: Int32?
        switch kind {
        case 0: candidate = samplePopular()
        case 1: candidate = pickFresh(time: t)
        case 2: candidate = pickTopical(user: u, time: t, candidates: 1)
        default: candidate = pickRandom(time: t)
        }
        if let v = candidate, !shown.contains(v) {
          shown.append(v)
          break
        }
      }
    }
    for (position, v) in shown.enumerated() {
      let video = catalogue.videos[Int(v)]
      let affinity = Double(truth.affinity(user: u, video: Int(v)))
      let earlier = Int(impressionCounts[u][v] ?? 0)
      let logit = behaviour.clickLogit(
        affinity: affinity, recentViews: recentViews[Int(v)],
        ageDays: Double(t - video.uploadTime) / Double(Seconds.perDay),
        position: position, earlierImpressions: earlier, watched: watched[u].contains(v))
      let clicked = generator.nextUnit() < 1 / (1 + exp(-logit))
      let seconds = clicked ? watchSeconds(affinity: affinity, duration: video.durationSeconds) : 0
      let time = t + Int64(position)
      try sink.impression(
        user: Int32(u), video: v, time: time, request: request, position: position, clicked: clicked, seconds: seconds)
      impressionCounts[u][v] = UInt8(min(earlier + 1, 255))
      if clicked {
        try recordWatch(user: u, video: v, time: time + 5, seconds: seconds, source: .recommendation, sink: &sink)
      }
    }
  }

  // MARK: - Watches

  /// A watch of `v` with a watch time drawn from the user's affinity; returns the seconds.
  @discardableResult
  private mutating func watch<S: EventSink>(
    user u: Int, video v: Int32, time: Int64, source: WatchSource, following: Bool = false, sink: inout S
  ) throws -> Double {
    let affinity = Double(truth.affinity(user: u, video: Int(v)))
    let seconds = watchSeconds(affinity: affinity, duration: catalogue.videos[Int(v)].durationSeconds)
    try recordWatch(user: u, video: v, time: time, seconds: seconds, source: source, following: following, sink: &sink)
    return seconds
  }

  /// Logs a watch; with follow-ups, and unless the watch is itself one (`following`), the
  /// user may go on to the video's follow-ups.
  private mutating func recordWatch<S: EventSink>(
    user u: Int, video v: Int32, time: Int64, seconds: Double, source: WatchSource, following: Bool = false,
    sink: inout S
  ) throws {
    try sink.watch(user: Int32(u), video: v, time: time, seconds: seconds, source: source)
    watched[u].insert(v)
    todayViews[Int(v)] += 1
    let next = catalogue.nextEpisode[Int(v)]
    if next >= 0 { pendingEpisode[u] = next } else if pendingEpisode[u] == v { pendingEpisode[u] = -1 }
    if !followUp.isEmpty, !following { try followUps(user: u, after: v, time: time + Int64(seconds), sink: &sink) }
  }

  /// Goes on to the follow-up of `video` at once, and to its follow-up, up to
  /// ``DynamicsModel/followUpChain`` videos.
  private mutating func followUps<S: EventSink>(user u: Int, after video: Int32, time: Int64, sink: inout S) throws {
    var current = video
    var t = time
    for _ in 0..<model.followUpChain {
      let next = followUp[Int(current)]
      guard next >= 0, !watched[u].contains(next), catalogue.videos[Int(next)].uploadTime <= t,
        dynamicsGenerator.nextUnit() < model.followUpProbability
      else { return }
      t += 10
      t += Int64(try watch(user: u, video: next, time: t, source: .external, following: true, sink: &sink))
      current = next
    }
  }

  private mutating func watchSeconds(affinity: Double, duration: Double) -> Double {
    let logit = behaviour.completionLogit(affinity: affinity) + generator.nextGaussian() * 0.7
    return max(5, (duration / (1 + exp(-logit))).rounded())
  }

  // MARK: - Candidate picks

  private mutating func pickTopical(user u: Int, time t: Int64, candidates: Int) -> Int32? {
    pickTopical(user: u, topic: sampleTopic(user: u), time: t, candidates: candidates)
  }

  private mutating func pickTopical(user u: Int, topic: Int, time t: Int64, candidates: Int) -> Int32? {
    let available = Self.count(topicTimes[topic], atOrBefore: t)
    guard available > 0 else { return pickRandom(time: t) }
    var best: Int32?
    var bestScore = -Double.infinity
    for _ in 0..<candidates {
      let v = topicOrder[topic][Int(generator.next() % UInt64(available))]
      let score = Double(truth.affinity(user: u, video: Int(v))) + gumbel()
      if score > bestScore {
        bestScore = score
        best = v
      }
    }
    return best
  }

  private mutating func pickPopularForUser(user u: Int, time t: Int64) -> Int32? {
    guard popular != nil else { return pickTopical(user: u, time: t, candidates: 8) }
    var best: Int32?
    var bestScore = -Double.infinity
    for _ in 0..<8 {
      guard let v = samplePopular() else { break }
      let score = Double(truth.affinity(user: u, video: Int(v))) + gumbel()
      if score > bestScore {
        bestScore = score
        best = v
      }
    }
    return best
  }

  private mutating func samplePopular() -> Int32? {
    guard let table = popular else { return nil }
    return uploadOrder[Int(table.sample(using: &generator))]
  }

  private mutating func pickFresh(time t: Int64) -> Int32? {
    let end = Self.count(uploadTimes, atOrBefore: t)
    let start = Self.count(uploadTimes, atOrBefore: t - 3 * Seconds.perDay)
    guard end > start else { return pickRandom(time: t) }
    return uploadOrder[start + Int(generator.next() % UInt64(end - start))]
  }

  private mutating func pickRandom(time t: Int64) -> Int32? {
    let available = Self.count(uploadTimes, atOrBefore: t)
    guard available > 0 else { return nil }
    return uploadOrder[Int(generator.next() % UInt64(available))]
  }

  /// A topic of the user's interests: the session's theme mostly, with themed sessions.
  private mutating func sampleTopic(user u: Int) -> Int {
    if let theme = sessionTheme, dynamicsGenerator.nextUnit() < model.themeProbability { return theme }
    return Self.drawTopic(truth.userInterests, user: u, using: &generator)
  }

  /// A topic drawn from user `u`'s row of `interests`.
  private static func drawTopic(_ interests: Matrix, user u: Int, using generator: inout SeededGenerator) -> Int {
    let k = interests.columns
    var draw = Float(generator.nextUnit())
    for t in 0..<k {
      draw -= interests.values[u * k + t]
      if draw <= 0 { return t }
    }
    return k - 1
  }

  private mutating func query(for v: Int) -> String {
    let words = QueryTokenizer.words(catalogue.videos[v].title).filter {
      $0.count >= 3 && !Self.stopwords.contains($0) && Int($0) == nil
    }
    guard !words.isEmpty else { return catalogue.videos[v].topic }
    var chosen = [words[Int(generator.next() % UInt64(words.count))]]
    if words.count > 1, generator.nextUnit() < 0.5 {
      let other = words[Int(generator.next() % UInt64(words.count))]
      if other != chosen[0] { chosen.append(other) }
    }
    if generator.nextUnit() < 0.3 { chosen.append(catalogue.videos[v].topic) }
    return chosen.joined(separator: " ")
  }

  private mutating func gumbel() -> Double {
    -log(-log(max(generator.nextUnit(), 1e-12)))
  }

  private mutating func poisson(_ mean: Double) -> Int {
    let limit = exp(-mean)
    var product = generator.nextUnit()
    var count = 0
    while product > limit && count < 50 {
      count += 1
      product *= generator.nextUnit()
    }
    return count
  }

  /// The number of sorted times at or before `t`.
  static func count(_ sorted: [Int64], atOrBefore t: Int64) -> Int {
    sorted.partitioningIndex { $0 > t }
  }
}
