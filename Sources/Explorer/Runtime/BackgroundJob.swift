import Foundation
import NeuralCore
import Synchronization

/// Work that runs on its own thread and talks to the UI only through messages: progress
/// reports and one final outcome, collected by ``drain()`` on the UI thread. The UI and the
/// work share no mutable state besides this mailbox and the cancellation flag.
public final class BackgroundJob<Output: Sendable>: Sendable {
  /// What the UI sees.
  public enum Event: Sendable {
    /// Progress.
    case progress(ProgressReport)
    /// The work returned.
    case finished(Output)
    /// The work threw.
    case failed(String)
    /// The work stopped because it was cancelled.
    case cancelled
  }

  private let mailbox = Mailbox<Event>()
  private let cancelFlag = Atomic<Bool>(false)
  private let doneFlag = Atomic<Bool>(false)

  /// Starts `work` on a new thread. It gets a progress callback and a cancellation check;
  /// throwing ``CancellationError`` (or anything after cancellation) reports ``Event/cancelled``.
  public init(
    _ work:
      @escaping @Sendable (_ progress: @Sendable (ProgressReport) -> Void, _ isCancelled: @Sendable () -> Bool)
      throws -> Output
  ) {
    let thread = Thread { [self] in
      let event: Event
      do {
        let output = try work({ report in self.post(.progress(report)) }, { self.isCancelled })
        event = self.isCancelled ? .cancelled : .finished(output)
      } catch {
        event = self.isCancelled || error is CancellationError ? .cancelled : .failed("\(error)")
      }
      self.post(event)
      self.doneFlag.store(true, ordering: .releasing)
    }
    thread.stackSize = 8 << 20
    thread.start()
  }

  /// Asks the work to stop at its next check.
  public func cancel() { cancelFlag.store(true, ordering: .relaxed) }

  /// Whether ``cancel()`` was called.
  public var isCancelled: Bool { cancelFlag.load(ordering: .relaxed) }

  /// Whether the work has returned (its final event is in the mailbox or was drained).
  public var isDone: Bool { doneFlag.load(ordering: .acquiring) }

  /// The events since the last call, oldest first. Consecutive progress reports are merged into
  /// the latest, so a slow UI never falls behind.
  public func drain() -> [Event] {
    let events = mailbox.takeAll()
    var result: [Event] = []
    for event in events {
      if case .progress = event, case .progress = result.last { result.removeLast() }
      result.append(event)
    }
    return result
  }

  private func post(_ event: Event) { mailbox.append(event) }
}

/// The job's mailbox: events appended by the work's thread and taken by the UI's, under an
/// `NSLock`. (A pthread mutex, which ThreadSanitizer sees; it does not see the futex under
/// Synchronization's `Mutex` on Linux and reported the mailbox's accesses as a race.)
private final class Mailbox<Event: Sendable>: @unchecked Sendable {  // `events` is only touched under `lock`
  private let lock = NSLock()
  private var events: [Event] = []

  func append(_ event: Event) {
    lock.lock()
    defer { lock.unlock() }
    events.append(event)
  }

  /// Every event so far, oldest first; the mailbox is then empty.
  func takeAll() -> [Event] {
    lock.lock()
    defer { lock.unlock() }
    let taken = events
    events.removeAll()
    return taken
  }
}
