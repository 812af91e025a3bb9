import Foundation
import NeuralCore

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Shows progress of long work: one bar line with rate and ETA when stdout is a terminal,
/// overwritten in place from phase to phase and cleared to the end on every draw (no stale
/// characters, no bar left behind at 68 %), plain lines otherwise (at most one per phase step of
/// 10%). Writes to stderr so that `--json` output on stdout stays clean.
final class ProgressReporter {
  private let interactive: Bool
  private var phase = ""
  private var phaseStart = Date()
  private var lastDraw = Date.distantPast
  private var lastDecile = -1
  /// The latest state, drawn once more when the line ends (draws are throttled).
  private var latest: (done: Int, total: Int, detail: String)?

  /// A reporter that draws a bar only on a terminal.
  init() {
    interactive = isatty(STDOUT_FILENO) == 1 && isatty(STDERR_FILENO) == 1
  }

  /// Reports `done` of `total` units of `phase`, with an optional detail (a running loss, say).
  func update(_ phase: String, _ done: Int, _ total: Int, detail: String = "") {
    if phase != self.phase {
      self.phase = phase
      phaseStart = Date()
      lastDecile = -1
    }
    latest = (done, total, detail)
    if interactive {
      guard Date().timeIntervalSince(lastDraw) > 0.1 || done >= total else { return }
      draw(done, total, detail)
    } else {
      let decile = Int(Self.fraction(done, total) * 10)
      guard decile != lastDecile else { return }
      lastDecile = decile
      Output.error(
        String(
          format: "%@: %d/%d (%.0f%%), %@", phase, done, total, Self.fraction(done, total) * 100, pace(done, total)))
    }
  }

  /// Ends the bar line, drawn at its latest state.
  /// Draws `report`.
  func update(_ report: ProgressReport) { update(report.phase, report.done, report.total, detail: report.detail) }

  func finishLine() {
    if interactive, !phase.isEmpty {
      if let latest { draw(latest.done, latest.total, latest.detail) }
      FileHandle.standardError.write(Data("\n".utf8))
    }
    phase = ""
    latest = nil
  }

  private func draw(_ done: Int, _ total: Int, _ detail: String) {
    lastDraw = Date()
    let width = 30
    let filled = Int(Self.fraction(done, total) * Double(width))
    let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    let text = String(
      format: "%@ %@ %3.0f%% %d/%d  %@  %@", phase, bar, Self.fraction(done, total) * 100, done, total,
      pace(done, total), detail)
    // A line wider than the terminal wraps, and a carriage return cannot take back a wrapped line.
    FileHandle.standardError.write(Data("\r\(text.prefix(Self.terminalColumns() - 1))\u{1B}[K".utf8))
  }

  /// "12.5/s, ETA 3s", or "rate unknown" before there is one to tell.
  private func pace(_ done: Int, _ total: Int) -> String {
    let elapsed = Date().timeIntervalSince(phaseStart)
    guard elapsed > 0.2, done > 0 else { return done >= total && total > 0 ? "done" : "rate unknown" }
    let rate = Double(done) / elapsed
    return String(format: "%.1f/s, ETA %@", rate, DurationFormat.short(Double(max(total - done, 0)) / rate))
  }

  /// The terminal's width (80 when it cannot be asked).
  private static func terminalColumns() -> Int {
    var size = winsize()
    guard ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 else { return 80 }
    return Int(size.ws_col)
  }

  private static func fraction(_ done: Int, _ total: Int) -> Double {
    total > 0 ? min(1, Double(done) / Double(total)) : 0
  }
}

extension ProgressReporter {
  /// Runs `body` with a progress sink that draws on stderr unless `quiet`, and ends the
  /// progress line however `body` returns.
  static func reporting<T>(quiet: Bool, _ body: ((ProgressReport) -> Void) throws -> T) rethrows -> T {
    let progress = ProgressReporter()
    defer { progress.finishLine() }
    return try body { report in
      if !quiet { progress.update(report) }
    }
  }
}
