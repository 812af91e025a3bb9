import Foundation
import NeuralCore

/// A weight per feature group for live re-ranking: the adjusted score of a candidate is
/// `z(baseline) + Σ_g w_g · c_g`, computed as `z + Σ_g (w_g − 1) · c_g` so that all weights 1
/// give the model's logit bit for bit, and a weight of 0 removes the group's effect.
public struct GroupWeights: Sendable, Codable, Equatable {
  /// Weight per group (missing groups weigh 1).
  public var values: [FeatureGroup: Float]

  /// All weights 1: the model's own order.
  public init() { values = [:] }

  /// Given weights.
  public init(_ values: [FeatureGroup: Float]) { self.values = values }

  /// The weight of `group`.
  public subscript(group: FeatureGroup) -> Float {
    get { values[group] ?? 1 }
    set { values[group] = newValue == 1 ? nil : newValue }
  }

  /// Whether every weight is 1.
  public var isIdentity: Bool { values.values.allSatisfy { $0 == 1 } }

  /// Every group's weight, in ``FeatureGroup/allCases`` order (one dictionary lookup per group,
  /// once per list rather than per candidate).
  public var ordered: [Float] { FeatureGroup.allCases.map { self[$0] } }

  /// The adjusted logit of a candidate with logit `logit` and group contributions `contributions`
  /// (in ``FeatureGroup/allCases`` order).
  public func adjustedLogit(_ logit: Float, contributions: some Collection<Float>) -> Float {
    Self.adjustedLogit(logit, contributions: contributions, weights: ordered)
  }

  /// `logit + Σ_g (w_g − 1) · c_g` over the groups whose weight is not 1, with `weights` from
  /// ``ordered`` (taken once for a whole list).
  @inlinable
  public static func adjustedLogit(_ logit: Float, contributions: some Collection<Float>, weights: [Float]) -> Float {
    var score = logit
    for (w, c) in zip(weights, contributions) where w != 1 { score += (w - 1) * c }
    return score
  }

  /// Candidate positions sorted by adjusted logit, best first (ties keep the earlier position).
  ///
  /// - Complexity: O(n × groups + n log n), no network evaluation.
  public func order(_ contributions: GroupContributions) -> [Int] {
    let w = ordered
    let scores = contributions.logits.indices.map { i in
      Self.adjustedLogit(contributions.logits[i], contributions: contributions.values.row(i), weights: w)
    }
    return scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }
  }

  /// The weights as JSON text (group names as keys).
  public func json() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return try encoder.encode(Dictionary(uniqueKeysWithValues: values.map { ($0.key.rawValue, $0.value) }))
  }

  /// Weights from JSON text written by ``json()``; unknown group names are an error naming them.
  public init(json data: Data, file: String) throws(RankingError) {
    let raw: [String: Float]
    do { raw = try JSONDecoder().decode([String: Float].self, from: data) } catch {
      throw .invalidConfiguration(field: file, reason: "not a JSON object of group weights: \(error)")
    }
    var values: [FeatureGroup: Float] = [:]
    for (name, weight) in raw {
      guard let group = FeatureGroup(rawValue: name) else {
        let known = FeatureGroup.allCases.map(\.rawValue).joined(separator: ", ")
        throw .invalidConfiguration(field: "\(file): \(name)", reason: "unknown feature group (known: \(known))")
      }
      guard weight.isFinite else {
        throw .invalidConfiguration(field: "\(file): \(name)", reason: "weight must be a finite number")
      }
      values[group] = weight
    }
    self.init(values)
  }
}
