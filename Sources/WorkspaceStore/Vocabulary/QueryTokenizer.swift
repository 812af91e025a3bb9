/// Turns search queries into an unordered bag of unigram and bigram tokens (Paper §3.3:
/// "queries tokenised into unigrams and bigrams"; §3.4: an unordered bag withholds the
/// page structure).
public enum QueryTokenizer {
  /// Lower-cased words of letters and digits.
  public static func words(_ query: String) -> [String] {
    query.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
  }

  /// Unigrams then bigrams (`"a b"` joined by one space).
  public static func tokens(_ query: String) -> [String] {
    let unigrams = words(query)
    guard unigrams.count > 1 else { return unigrams }
    return unigrams + (0..<(unigrams.count - 1)).map { "\(unigrams[$0]) \(unigrams[$0 + 1])" }
  }
}
