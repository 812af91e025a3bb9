/// The distribution in a configuration file as a person writes it: `"uniform"`, `"unigram"` or
/// `{"unigramPower": 0.75}`. Files written before this form (`{"unigramPower": {"_0": 0.75}}`,
/// `{"uniform": {}}`) still read.
extension NegativeSampler.Distribution: Codable {
  private enum Key: String, CodingKey {
    case uniform, unigram, unigramPower
  }

  /// The first key of the synthesized form's payload.
  private enum PayloadKey: String, CodingKey {
    case first = "_0"
  }

  /// Reads either form.
  public init(from decoder: any Decoder) throws {
    if let name = try? decoder.singleValueContainer().decode(String.self) {
      switch name {
      case Key.uniform.rawValue: self = .uniform
      case Key.unigram.rawValue: self = .unigram
      default:
        throw DecodingError.dataCorrupted(
          .init(
            codingPath: decoder.codingPath,
            debugDescription: "'\(name)': expected \"uniform\", \"unigram\" or {\"unigramPower\": alpha}"))
      }
      return
    }
    let container = try decoder.container(keyedBy: Key.self)
    if container.contains(.uniform) {
      self = .uniform
    } else if container.contains(.unigram) {
      self = .unigram
    } else if let alpha = try? container.decode(Double.self, forKey: .unigramPower) {
      self = .unigramPower(alpha)
    } else {
      let payload = try container.nestedContainer(keyedBy: PayloadKey.self, forKey: .unigramPower)
      self = .unigramPower(try payload.decode(Double.self, forKey: .first))
    }
  }

  /// Writes the editable form.
  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .uniform:
      var container = encoder.singleValueContainer()
      try container.encode(Key.uniform.rawValue)
    case .unigram:
      var container = encoder.singleValueContainer()
      try container.encode(Key.unigram.rawValue)
    case .unigramPower(let alpha):
      var container = encoder.container(keyedBy: Key.self)
      try container.encode(alpha, forKey: .unigramPower)
    }
  }
}
