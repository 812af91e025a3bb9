import Explorer
import Foundation
import NeuralCore
import Testing

@Suite("Explorer: background work talks through messages")
struct BackgroundJobTests {
  func wait<T>(_ job: BackgroundJob<T>) -> [BackgroundJob<T>.Event] {
    var events: [BackgroundJob<T>.Event] = []
    let deadline = Date().addingTimeInterval(10)
    while Date() < deadline {
      let done = job.isDone
      events += job.drain()
      if done { break }
      usleep(2_000)
    }
    return events
  }

  @Test("progress then the result")
  func finishes() {
    let job = BackgroundJob<Int> { progress, _ in
      for i in 1...5 { progress(ProgressReport(phase: "step", done: i, total: 5, detail: "")) }
      return 42
    }
    let events = wait(job)
    guard case .finished(let value) = events.last else {
      Issue.record("no result: \(events)")
      return
    }
    #expect(value == 42)
    let progress = events.compactMap { event -> Int? in
      if case .progress(let p) = event { return p.done }
      return nil
    }
    // Progress may be coalesced between drains (only the newest of a run is kept), never reordered
    // or lost at the end: what arrives rises, and the last report before the result is 5 of 5.
    #expect(progress.last == 5, "\(progress)")
    #expect(progress == progress.sorted() && progress.allSatisfy { (1...5).contains($0) }, "\(progress)")
  }

  @Test("a thrown error is reported as a failure with its text")
  func fails() {
    struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }
    let job = BackgroundJob<Int> { _, _ in throw Boom() }
    guard case .failed(let reason) = wait(job).last else {
      Issue.record("no failure")
      return
    }
    #expect(reason == "boom")
  }

  @Test("cancel stops work that checks for it")
  func cancels() {
    let job = BackgroundJob<Int> { _, isCancelled in
      while !isCancelled() { usleep(1_000) }
      throw CancellationError()
    }
    usleep(20_000)
    job.cancel()
    guard case .cancelled = wait(job).last else {
      Issue.record("not cancelled")
      return
    }
  }
}
