import WorkspaceStore

/// How watches are split into training, validation and test (Paper §3.4: predict the
/// *next* watch from the history before it; the test target is touched once).
public enum EvaluationProtocol: Sendable, Equatable, Codable {
  /// Train on events before `cutoff − validationDays`; validate on each user's next watch in
  /// the validation days; test on each user's next watch at or after `cutoff` from the history up to it.
  /// A `nil` cutoff means two days before the last event.
  case temporal(cutoff: Int64?, validationDays: Int)
  /// Each user's last watch is the test target, the one before it validation, the rest training.
  case leaveLastOut

  /// Validation days of the temporal protocol unless a caller says otherwise.
  public static let defaultValidationDays = 2

  /// The temporal protocol with the default validation days (a nil cutoff: two days before the last event).
  public static func temporal(cutoff: Int64? = nil) -> EvaluationProtocol {
    .temporal(cutoff: cutoff, validationDays: defaultValidationDays)
  }

  /// The default protocol for a workspace: temporal for synthetic worlds, leave-last-out otherwise.
  public static func defaultProtocol(forSource source: String?) -> EvaluationProtocol {
    source == "synthetic" ? .temporal() : .leaveLastOut
  }

  /// A short name.
  public var name: String {
    switch self {
    case .temporal: "temporal"
    case .leaveLastOut: "leave-last-out"
    }
  }
}

/// One prediction target: a user, the history that may be used, and the videos to find.
public struct PredictionTarget: Sendable, Equatable {
  /// Dense user index.
  public var user: Int32
  /// Watches at positions `watches.userOffsets[user]..<historyEnd` are the visible history.
  public var historyEnd: Int
  /// Searches before this time are visible; also the request time.
  public var time: Int64
  /// The dense video indexes to retrieve (the next watch).
  public var videos: [Int32]

  /// A target.
  public init(user: Int32, historyEnd: Int, time: Int64, videos: [Int32]) {
    self.user = user
    self.historyEnd = historyEnd
    self.time = time
    self.videos = videos
  }
}

/// The split of one workspace under a protocol.
public struct EvaluationSplit: Sendable {
  /// The protocol.
  public var evaluationProtocol: EvaluationProtocol
  /// User `u` trains on watches `watches.userOffsets[u]..<trainingEnd[u]`.
  public var trainingEnd: [Int]
  /// End of the training window (example age is measured from it).
  public var trainingWindowEnd: Int64
  /// Validation targets (early stopping, settings).
  public var validation: [PredictionTarget]
  /// Test targets (touched once, for the reported figures).
  public var test: [PredictionTarget]
  /// Cold-start test targets, temporal protocol only: each user with no watch before the test
  /// cutoff, and one at or after it, is asked for that first watch from no watch history (their
  /// searches before the cutoff and demographics are all a model may read: Paper §3.3's
  /// "reasonable recommendations for new users"). Reported apart from ``test``, which holds users
  /// with a training watch; empty under leave-last-out, where every user has a history.
  public var coldTest: [PredictionTarget] = []

  /// Splits `columns` under `evaluationProtocol`.
  ///
  /// - Throws: ``CandidateError/insufficientData(_:)`` when no user has a test target.
  public init(columns: EventColumns, protocol evaluationProtocol: EvaluationProtocol) throws(CandidateError) {
    self.evaluationProtocol = evaluationProtocol
    let watches = columns.watches
    let users = columns.users.count
    trainingEnd = [Int](repeating: 0, count: users)
    validation = []
    test = []
    switch evaluationProtocol {
    case .temporal(let requestedCutoff, let validationDays):
      let last = watches.time.max() ?? 0
      let cutoff = requestedCutoff ?? (last - 2 * Seconds.perDay)
      let validationCutoff = cutoff - Int64(validationDays) * Seconds.perDay
      trainingWindowEnd = validationCutoff
      for u in 0..<users {
        let range = watches.range(ofUser: u)
        let trainEnd = range.first { watches.time[$0] >= validationCutoff } ?? range.upperBound
        let testStart = range.first { watches.time[$0] >= cutoff } ?? range.upperBound
        trainingEnd[u] = trainEnd
        if testStart == range.lowerBound, testStart < range.upperBound {
          coldTest.append(
            PredictionTarget(
              user: Int32(u), historyEnd: testStart, time: cutoff, videos: [watches.video[testStart]]))
        }
        guard trainEnd > range.lowerBound else { continue }
        if trainEnd < testStart {
          validation.append(
            PredictionTarget(
              user: Int32(u), historyEnd: trainEnd, time: validationCutoff, videos: [watches.video[trainEnd]]))
        }
        if testStart < range.upperBound {
          test.append(
            PredictionTarget(user: Int32(u), historyEnd: testStart, time: cutoff, videos: [watches.video[testStart]]))
        }
      }
    case .leaveLastOut:
      var latest: Int64 = 0
      for u in 0..<users {
        let range = watches.range(ofUser: u)
        guard range.count >= 3 else {
          trainingEnd[u] = range.upperBound
          continue
        }
        let testIndex = range.upperBound - 1
        let validationIndex = range.upperBound - 2
        trainingEnd[u] = validationIndex
        latest = max(latest, watches.time[validationIndex - 1])
        validation.append(
          PredictionTarget(
            user: Int32(u), historyEnd: validationIndex, time: watches.time[validationIndex],
            videos: [watches.video[validationIndex]]))
        test.append(
          PredictionTarget(
            user: Int32(u), historyEnd: testIndex, time: watches.time[testIndex], videos: [watches.video[testIndex]]))
      }
      trainingWindowEnd = latest
    }
    guard !test.isEmpty else {
      throw .insufficientData("no user has a test watch under the \(evaluationProtocol.name) protocol")
    }
  }
}

extension EvaluationSplit {
  /// The split with the users for which `drop` holds taking no part: no training watches, no
  /// validation or test targets (a cross-fitting fold's model must never see those users' labels).
  public func withoutUsers(_ drop: (Int32) -> Bool, columns: EventColumns) -> EvaluationSplit {
    var result = self
    for u in trainingEnd.indices where drop(Int32(u)) {
      // The user's training range then starts and ends at the same position.
      result.trainingEnd[u] = columns.watches.userOffsets[u]
    }
    result.validation = validation.filter { !drop($0.user) }
    result.test = test.filter { !drop($0.user) }
    result.coldTest = coldTest.filter { !drop($0.user) }
    return result
  }
}
