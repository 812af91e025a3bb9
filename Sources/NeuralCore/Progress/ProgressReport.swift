import Foundation

/// How far a piece of long work has come: the one progress report that the application layer,
/// the explorer's background jobs and the command line's bar pass around.
public struct ProgressReport: Sendable, Equatable {
  /// The phase ("candidate epoch 2/4").
  public var phase: String
  /// Steps done.
  public var done: Int
  /// Steps in the phase.
  public var total: Int
  /// Loss, speed.
  public var detail: String

  /// A report.
  public init(phase: String, done: Int, total: Int, detail: String = "") {
    self.phase = phase
    self.done = done
    self.total = total
    self.detail = detail
  }

  /// A training step of model `number` of `count` (an experiment's models):
  /// "model 2/20 (watches, depth 1), epoch 3/10", the epoch's steps and the running loss.
  public static func training(
    model name: String, number: Int, of count: Int, epoch: Int, epochs: Int, step: Int, steps: Int, loss: Double
  ) -> ProgressReport {
    ProgressReport(
      phase: "model \(number)/\(count) (\(name)), epoch \(epoch)/\(epochs)", done: step, total: steps,
      detail: String(format: "loss %.3f", loss))
  }

  /// The same counts under another phase name (a caller naming its step in its own words).
  public func relabeled(_ phase: String) -> ProgressReport {
    ProgressReport(phase: phase, done: done, total: total, detail: detail)
  }

  /// This report as a step of a larger phase: "`outer`: phase".
  public func within(_ outer: String) -> ProgressReport {
    ProgressReport(phase: "\(outer): \(phase)", done: done, total: total, detail: detail)
  }
}

/// What long work calls with its progress: every phase that takes a progress argument, from the
/// HNSW build's inner loop to a session's "train missing models", takes this one shape.
public typealias ProgressHandler = (ProgressReport) -> Void
