import Foundation
import NeuralCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Shows progress of long work: a bar with rate and ETA when stdout is a terminal, plain
/// lines otherwise (at most one per phase step of 10%). Writes to stderr so that
/// `--json` output on stdout stays clean.
final class ProgressReporter {
  private let interactive: Bool
  private var phase = ""
  private var phaseStart = Date()
  private var lastDraw = Date.distantPast
  private var lastDecile = -1

  /// A reporter that draws a bar only on a terminal.
  init() {
    interactive = isatty(STDOUT_FILENO) == 1 && isatty(STDERR_FILENO) == 1
  }

  /// Reports `done` of `total` units of `phase`, with an optional detail (a running loss, say).
  func update(_ phase: String, _ done: Int, _ total: Int, detail: String = "") {
    if phase != self.phase {
      finishLine()
      self.phase = phase
      phaseStart = Date()
      lastDecile = -1
    }
    let fraction = total > 0 ? min(1, Double(done) / Double(total)) : 0
    let elapsed = Date().timeIntervalSince(phaseStart)
    let rate = elapsed > 0.2 ? Double(done) / elapsed : 0
    let eta = rate > 0 ? Double(total - done) / rate : 0
    if interactive {
      guard Date().timeIntervalSince(lastDraw) > 0.1 || done >= total else { return }
      lastDraw = Date()
      let width = 30
      let filled = Int(fraction * Double(width))
      let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
      let line = String(
        format: "\r%@ %@ %3.0f%% %d/%d  %.1f/s  ETA %@  %@", phase, bar, fraction * 100, done, total, rate,
        DurationFormat.short(eta), detail)
      FileHandle.standardError.write(Data(line.utf8))
    } else {
      let decile = Int(fraction * 10)
      guard decile != lastDecile else { return }
      lastDecile = decile
      Output.error(
        String(
          format: "%@: %d/%d (%.0f%%), %.1f/s, ETA %@", phase, done, total, fraction * 100, rate,
          DurationFormat.short(eta)))
    }
  }

  /// Ends the current bar line.
  func finishLine() {
    if interactive && !phase.isEmpty { FileHandle.standardError.write(Data("\n".utf8)) }
    phase = ""
  }

}

extension ProgressReporter {
  /// Runs `body` with a (phase, done, total, detail) sink that draws on stderr unless `quiet`,
  /// and ends the progress line however `body` returns.
  static func reporting<T>(quiet: Bool, _ body: ((String, Int, Int, String) -> Void) throws -> T) rethrows -> T {
    let progress = ProgressReporter()
    defer { progress.finishLine() }
    return try body { phase, done, total, detail in
      if !quiet { progress.update(phase, done, total, detail: detail) }
    }
  }
}
