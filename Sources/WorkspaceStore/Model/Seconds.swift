/// Durations in the Unix seconds that every event time is stored in.
public enum Seconds {
  /// One day: the unit of windows, holdouts, video ages and the world's calendar.
  public static let perDay: Int64 = 86_400
}
