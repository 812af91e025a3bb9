import WorkspaceStore

/// Receives the events a simulation produces, by dense user and video index.
public protocol EventSink {
  /// A watch.
  mutating func watch(user: Int32, video: Int32, time: Int64, seconds: Double, source: WatchSource) throws
  /// An impression.
  mutating func impression(
    user: Int32, video: Int32, time: Int64, request: Int64, position: Int, clicked: Bool, seconds: Double) throws
  /// A search.
  mutating func search(user: Int32, time: Int64, query: String) throws
}

/// Writes simulated events straight into a workspace transaction.
struct WorkspaceEventSink: EventSink {
  var writer: WorkspaceWriter
  var events = 0

  mutating func watch(user: Int32, video: Int32, time: Int64, seconds: Double, source: WatchSource) throws {
    try writer.insertWatch(user: user, video: video, time: time, watchSeconds: seconds, source: source)
    events += 1
  }

  mutating func impression(
    user: Int32, video: Int32, time: Int64, request: Int64, position: Int, clicked: Bool, seconds: Double
  ) throws {
    try writer.insertImpression(
      user: user, video: video, time: time, requestID: request, position: position, clicked: clicked,
      watchSeconds: seconds)
    events += 1
  }

  mutating func search(user: Int32, time: Int64, query: String) throws {
    try writer.insertSearch(user: user, time: time, query: query)
    events += 1
  }
}
