import Foundation

/// Parses event times: Unix seconds (integer or fractional), Unix milliseconds (13 digits),
/// or ISO 8601 dates and date-times (`2024-03-01`, `2024-03-01T12:00:00Z`, with offsets).
enum TimeParser {
  /// Times accepted from data: 1970-01-01 up to 2100-01-01 (Unix seconds).
  static let acceptedRange: ClosedRange<Int64> = 0...4_102_444_800

  static func parse(_ text: String) -> Int64? {
    let value = text.trimmingCharacters(in: .whitespaces)
    guard !value.isEmpty else { return nil }
    if let number = Double(value) {
      // Swift reads "0x10" as 16 and "0x1p4" as 16: a time is decimal.
      guard number.isFinite, abs(number) < 1e15, !value.contains(where: { $0 == "x" || $0 == "X" }) else {
        return nil
      }
      // Values this large are milliseconds (after year 2286 in seconds).
      return number > 1e11 ? Int64(number / 1000) : Int64(number)
    }
    let full = ISO8601DateFormatter()
    if let date = full.date(from: value) { return Int64(date.timeIntervalSince1970) }
    let fractional = ISO8601DateFormatter()
    fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let date = fractional.date(from: value) { return Int64(date.timeIntervalSince1970) }
    let spaced = ISO8601DateFormatter()
    spaced.formatOptions = [.withFullDate, .withSpaceBetweenDateAndTime, .withTime, .withColonSeparatorInTime]
    if let date = spaced.date(from: value) { return Int64(date.timeIntervalSince1970) }
    let spacedFraction = ISO8601DateFormatter()
    spacedFraction.formatOptions = [
      .withFullDate, .withSpaceBetweenDateAndTime, .withTime, .withColonSeparatorInTime, .withFractionalSeconds,
    ]
    if let date = spacedFraction.date(from: value) { return Int64(date.timeIntervalSince1970) }
    let dateOnly = ISO8601DateFormatter()
    dateOnly.formatOptions = [.withFullDate]
    if let date = dateOnly.date(from: value) { return Int64(date.timeIntervalSince1970) }
    return nil
  }
}
