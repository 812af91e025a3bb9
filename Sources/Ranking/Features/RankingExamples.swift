/// Ranking examples in columns: requests (query side, computed once each) and the
/// candidates shown or to be shown on them (impression side), with raw continuous values.
///
/// Training examples come from logged impressions; at serving, one request holds the
/// retrieved candidates. Normalisation and embedding happen in the model.
public struct RankingExamples: Sendable {
  /// Dense user index per request.
  public var requestUser: [Int32] = []
  /// Request time, Unix seconds.
  public var requestTime: [Int64] = []
  /// Watches before this absolute position (in `columns.watches`) are the request's history.
  public var requestHistoryEnd: [Int] = []
  /// Raw query features, `requests × QueryFeature.allCases.count`.
  public var queryValues: [Float] = []

  /// Request of each candidate.
  public var request: [Int32] = []
  /// Workspace video index of each candidate.
  public var video: [Int32] = []
  /// Raw candidate features, `candidates × CandidateFeature.allCases.count`.
  public var candidateValues: [Float] = []
  /// Whether the impression was clicked (training and evaluation).
  public var clicked: [Bool] = []
  /// Seconds watched after the click (0 when not clicked).
  public var watchSeconds: [Float] = []

  /// No examples.
  public init() {}

  /// The number of requests.
  public var requestCount: Int { requestUser.count }
  /// The number of candidates (examples).
  public var count: Int { video.count }

  /// Raw value of candidate feature `feature` for candidate `i`.
  public func value(_ feature: CandidateFeature, of i: Int) -> Float {
    candidateValues[i * CandidateFeature.allCases.count + feature.rawValue]
  }

  /// Sets candidate feature `feature` of candidate `i`.
  public mutating func setValue(_ value: Float, _ feature: CandidateFeature, of i: Int) {
    candidateValues[i * CandidateFeature.allCases.count + feature.rawValue] = value
  }

  /// Raw value of query feature `feature` for request `r`.
  public func value(_ feature: QueryFeature, ofRequest r: Int) -> Float {
    queryValues[r * QueryFeature.allCases.count + feature.rawValue]
  }

  /// The candidates of each request, in order (requests are contiguous runs).
  public func candidateRanges() -> [Range<Int>] {
    var ranges: [Range<Int>] = []
    ranges.reserveCapacity(requestCount)
    var start = 0
    while start < count {
      var end = start + 1
      while end < count, request[end] == request[start] { end += 1 }
      ranges.append(start..<end)
      start = end
    }
    return ranges
  }

  /// Appends `other`'s requests and candidates, renumbering its requests after these.
  public mutating func append(_ other: RankingExamples) {
    let offset = Int32(requestCount)
    requestUser += other.requestUser
    requestTime += other.requestTime
    requestHistoryEnd += other.requestHistoryEnd
    queryValues += other.queryValues
    request += other.request.map { $0 + offset }
    video += other.video
    candidateValues += other.candidateValues
    clicked += other.clicked
    watchSeconds += other.watchSeconds
  }

  /// The examples whose request time lies in `window`, renumbered.
  public func filter(requestTimes window: Range<Int64>) -> RankingExamples {
    filter { window.contains(requestTime[$0]) }
  }

  /// The examples of the users for which `keep` holds, renumbered.
  public func filter(users keep: (Int32) -> Bool) -> RankingExamples {
    filter { keep(requestUser[$0]) }
  }

  /// The examples of the requests `r` for which `keep(r)` holds, renumbered.
  func filter(requests keep: (Int) -> Bool) -> RankingExamples {
    var result = RankingExamples()
    let q = QueryFeature.allCases.count
    let c = CandidateFeature.allCases.count
    var newIndex = [Int32](repeating: -1, count: requestCount)
    for r in 0..<requestCount where keep(r) {
      newIndex[r] = Int32(result.requestCount)
      result.requestUser.append(requestUser[r])
      result.requestTime.append(requestTime[r])
      result.requestHistoryEnd.append(requestHistoryEnd[r])
      result.queryValues.append(contentsOf: queryValues[r * q..<(r + 1) * q])
    }
    for i in 0..<count where newIndex[Int(request[i])] >= 0 {
      result.request.append(newIndex[Int(request[i])])
      result.video.append(video[i])
      result.candidateValues.append(contentsOf: candidateValues[i * c..<(i + 1) * c])
      result.clicked.append(clicked[i])
      result.watchSeconds.append(watchSeconds[i])
    }
    return result
  }
}
