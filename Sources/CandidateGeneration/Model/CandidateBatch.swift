import Algorithms
import NeuralCore
import WorkspaceStore

/// One request or training example: whose history, up to when, and (for training) the label.
public struct CandidateQuery: Sendable, Equatable {
  /// Dense user index.
  public var user: Int32
  /// Watches before this absolute position (in `columns.watches`) are the history.
  public var historyEnd: Int
  /// Searches strictly before this time are the search history.
  public var time: Int64
  /// The example's age in [0, 1]; 0 at serving (Paper §3.3).
  public var exampleAge: Float
  /// The label class (training), or -1.
  public var label: Int32
  /// A watch position left out of the history (the label under random held-out labelling), or -1.
  public var heldOut: Int

  /// A query.
  public init(user: Int32, historyEnd: Int, time: Int64, exampleAge: Float, label: Int32, heldOut: Int = -1) {
    self.user = user
    self.historyEnd = historyEnd
    self.time = time
    self.exampleAge = exampleAge
    self.label = label
    self.heldOut = heldOut
  }
}

/// The encoded inputs of a batch of queries (Paper §3.2–3.3).
public struct CandidateBatch: Sendable {
  /// Class IDs of the last watches, one bag per query.
  public var watches: Bags
  /// Class IDs of the most recent ``CandidateConfig/recentWatches`` watches (empty bags when 0).
  public var recent = Bags()
  /// Watch-class sequences for the attention encoder, oldest first (empty for other encoders):
  /// one per query at serving, one per training window in training.
  public var sequences = Bags()
  /// The row of the attention encoder's output (an index into `sequences.ids`) that is each
  /// query's history block; -1 for a query without history.
  public var sequenceRows: [Int32] = []
  /// Token IDs of the last searches, one bag per query.
  public var tokens: Bags
  /// Region row per query.
  public var regions: Bags
  /// Device row per query.
  public var devices: Bags
  /// Real-valued inputs per query: gender, age, logged-in (demographics) and example age.
  public var dense: Matrix
  /// Label class per query (training).
  public var labels: [Int32]

  /// The number of queries.
  public var count: Int { labels.count }

  /// A batch from already-encoded inputs (benchmarks, tests).
  public init(watches: Bags, tokens: Bags, regions: Bags, devices: Bags, dense: Matrix, labels: [Int32]) {
    self.watches = watches
    self.tokens = tokens
    self.regions = regions
    self.devices = devices
    self.dense = dense
    self.labels = labels
  }

  /// Encodes `queries` from the columns, honouring the configured bag lengths and features.
  public init(
    queries: some Collection<CandidateQuery>, columns: EventColumns, lookup: CandidateFeatureLookup,
    config: CandidateConfig
  ) {
    self.init(queries: queries, columns: columns, lookup: lookup, config: config, sequencePerQuery: true)
  }

  /// Encodes `queries`; with `sequencePerQuery` false the attention sequences are left for the
  /// caller (training windows).
  init(
    queries: some Collection<CandidateQuery>, columns: EventColumns, lookup: CandidateFeatureLookup,
    config: CandidateConfig,
    sequencePerQuery: Bool
  ) {
    watches = Bags()
    tokens = Bags()
    regions = Bags()
    devices = Bags()
    labels = []
    let features = config.features
    let denseWidth = Self.denseWidth(features)
    var denseValues: [Float] = []
    denseValues.reserveCapacity(queries.count * denseWidth)
    // A training window's sequence is the history block; the bag is needed only for the recent block.
    let windowed = config.historyEncoder == .attention && !sequencePerQuery
    for query in queries {
      let u = Int(query.user)
      labels.append(query.label)
      if features.watches && windowed && config.recentWatches == 0 {
        watches.append([])
      } else if features.watches {
        let extra = query.heldOut >= 0 ? 1 : 0
        let start = max(columns.watches.userOffsets[u], query.historyEnd - config.historyLength - extra)
        let bag = Array(
          (start..<query.historyEnd).lazy.filter { $0 != query.heldOut }
            .map { lookup.classOfVideo[Int(columns.watches.video[$0])] }.filter { $0 >= 0 }
        ).suffix(config.historyLength)
        if config.historyEncoder == .attention {
          watches.append([])
          if sequencePerQuery {
            sequences.append(bag)
            sequenceRows.append(bag.isEmpty ? -1 : Int32(sequences.ids.count - 1))
          }
        } else {
          watches.append(bag)
        }
        if config.recentWatches > 0 { recent.append(bag.suffix(config.recentWatches)) }
      }
      if features.searches {
        var bag: [Int32] = []
        let range = columns.searches.range(ofUser: u)
        var position = Self.firstIndex(
          columns.searches.time, in: range, atOrAfter: query.time == .max ? .max : query.time - config.searchGapSeconds)
        while position > range.lowerBound && bag.count < config.searchLength {
          position -= 1
          bag.append(contentsOf: lookup.searchTokens[position].prefix(config.searchLength - bag.count))
        }
        tokens.append(bag)
      }
      if features.demographics {
        regions.append(CollectionOfOne(lookup.regionOfUser[u]))
        devices.append(CollectionOfOne(lookup.deviceOfUser[u]))
        let gender = columns.users.gender[u]
        let genderName = gender >= 0 ? columns.users.genders.names[Int(gender)] : ""
        denseValues.append(genderName == "f" ? 1 : genderName == "m" ? 0 : 0.5)
        let age = columns.users.age[u]
        denseValues.append(age.isNaN ? 0.35 : min(max(age / 100, 0), 1))
        denseValues.append(columns.users.loggedIn[u] ? 1 : 0)
      }
      if features.exampleAge { denseValues.append(query.exampleAge) }
    }
    dense = Matrix(rows: queries.count, columns: denseWidth, values: denseValues)
  }

  /// Encodes training windows for the attention encoder: one sequence per window (the watches
  /// from before its context start up to before its last label), and one query per label whose
  /// history block is the sequence row of the watch just before it. One forward pass trains every label.
  init(
    windows: some Collection<CandidateWindow>, columns: EventColumns, lookup: CandidateFeatureLookup,
    config: CandidateConfig
  ) {
    var queries: [CandidateQuery] = []
    var sequences = Bags()
    var rows: [Int32] = []
    for window in windows {
      var sequence: [Int32] = []
      let base = sequences.ids.count
      for p in window.contextStart..<window.labels.upperBound {
        let previous = lookup.classOfVideo[Int(columns.watches.video[p - 1])]
        if previous >= 0 { sequence.append(previous) }
        guard p >= window.labels.lowerBound else { continue }
        let label = lookup.classOfVideo[Int(columns.watches.video[p])]
        guard label >= 0 else { continue }
        queries.append(
          CandidateQuery(
            user: window.user, historyEnd: p, time: columns.watches.time[p], exampleAge: window.exampleAge(p),
            label: label))
        rows.append(sequence.isEmpty ? -1 : Int32(base + sequence.count - 1))
      }
      sequences.append(sequence)
    }
    self.init(queries: queries, columns: columns, lookup: lookup, config: config, sequencePerQuery: false)
    self.sequences = sequences
    sequenceRows = rows
  }

  /// Real-valued inputs per query for a feature set.
  public static func denseWidth(_ features: CandidateConfig.Features) -> Int {
    (features.demographics ? 3 : 0) + (features.exampleAge ? 1 : 0)
  }

  /// The first position in `range` whose time is at or after `time` (times sorted).
  static func firstIndex(_ times: [Int64], in range: Range<Int>, atOrAfter time: Int64) -> Int {
    times[range].partitioningIndex { $0 >= time }
  }
}
