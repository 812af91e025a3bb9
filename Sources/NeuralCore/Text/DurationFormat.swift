/// The one way durations are written for people: "45s", "12m03s", "1h02m".
///
/// Never traps: a non-finite, negative or absurdly large value (a diverged model's `exp(z)`) is
/// written as "inf", "-" or ">1000h" instead of being converted to an integer.
public enum DurationFormat {
  /// `seconds` as "45s", "12m03s" or "1h02m".
  public static func short(_ seconds: Double) -> String {
    guard seconds.isFinite else { return seconds.isNaN ? "?" : "inf" }
    guard seconds >= 0 else { return "-" }
    guard seconds < 3_600_000 else { return ">1000h" }
    let s = Int(seconds.rounded())
    func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    if s >= 3_600 { return "\(s / 3_600)h" + pad(s % 3_600 / 60) + "m" }
    if s >= 60 { return "\(s / 60)m" + pad(s % 60) + "s" }
    return "\(s)s"
  }
}
