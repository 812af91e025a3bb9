import NeuralCore
import Ranking
import WorkspaceStore

/// Text formats shared by the views.
enum Format {
  /// "MM-dd HH:mm" in UTC.
  static func time(_ seconds: Int64) -> String {
    let (days, secondsOfDay) = (
      seconds.floorDiv(Seconds.perDay), seconds - seconds.floorDiv(Seconds.perDay) * Seconds.perDay
    )
    let (_, month, day) = civil(days: Int(days))
    let minutes = Int(secondsOfDay) / 60
    return pad(month) + "-" + pad(day) + " " + pad(minutes / 60) + ":" + pad(minutes % 60)
  }

  /// "2026-01-28" in UTC.
  static func date(_ seconds: Int64) -> String {
    let (year, month, day) = civil(days: Int(seconds.floorDiv(Seconds.perDay)))
    return "\(year)-" + pad(month) + "-" + pad(day)
  }

  /// The calendar date of a day number since 1970-01-01 (Howard Hinnant's civil-from-days).
  static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let doe = z - era * 146_097
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
    let mp = (5 * doy + 2) / 153
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, doy - (153 * mp + 2) / 5 + 1)
  }

  /// "12m03s", "45s", "1h02m".
  static func duration(_ seconds: Double) -> String { DurationFormat.short(seconds) }

  /// A signed number with two decimals.
  static func signed(_ value: Float) -> String {
    guard value.isFinite, abs(value) < 1e12 else { return value.isNaN ? "?" : (value < 0 ? "-inf" : "+inf") }
    let magnitude = Int((abs(value) * 100).rounded())
    return (value < 0 ? "-" : "+") + "\(magnitude / 100)." + pad(magnitude % 100)
  }

  /// A number with two decimals.
  static func fixed(_ value: Float) -> String {
    guard value.isFinite, abs(value) < 1e12 else { return value.isNaN ? "?" : (value < 0 ? "-inf" : "inf") }
    let magnitude = Int((abs(value) * 100).rounded())
    return (value < 0 ? "-" : "") + "\(magnitude / 100)." + pad(magnitude % 100)
  }

  /// Right-aligns `text` in `width` columns.
  static func right(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
  }

  /// Words of `text` in lines of at most `width` characters.
  static func wrap(_ text: String, width: Int) -> [String] {
    var lines: [String] = []
    var line = ""
    for word in text.split(separator: " ") {
      if !line.isEmpty && line.count + 1 + word.count > width {
        lines.append(line)
        line = ""
      }
      line += line.isEmpty ? String(word) : " " + word
    }
    if !line.isEmpty { lines.append(line) }
    return lines
  }

  private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

extension Int64 {
  fileprivate func floorDiv(_ d: Int64) -> Int64 { self >= 0 ? self / d : -((-self + d - 1) / d) }
}

extension FeatureGroup {
  /// A two-letter label for the contribution strip.
  var short: String {
    switch self {
    case .video: "vi"
    case .popularity: "po"
    case .freshness: "fr"
    case .candidateScore: "cg"
    case .channelAffinity: "af"
    case .coWatch: "co"
    case .churn: "ch"
    case .language: "la"
    case .watchHistory: "hi"
    case .demographics: "de"
    }
  }
}
