/// Seeded mutations of byte strings: flips, inserts, deletes, duplicated runs, splices and
/// "interesting" tokens (huge numbers, controls, quotes, separators, invalid UTF-8).
struct Mutator {
  var random: SplitMix

  static let tokens: [[UInt8]] =
    [
      "1e308", "-1e30", "1e22", "9223372036854775807", "-1", "0x10", "nan", "inf", "\"", "\"\"", ",", "\t", "\n",
      "\r\n", "|", "::", "\u{1B}]0;x\u{07}", "\u{202E}", "-0", "N1-1", "N2-x", "11/31/2019 9:05:58 XM", "{", "}",
      "[", "]", "\"shape\": [99999999999]", "descr", "\u{0}",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xE9, 0x0A], [0xF4, 0x90, 0x80, 0x80]]

  mutating func mutate(_ input: [UInt8]) -> [UInt8] {
    var bytes = input
    for _ in 0..<(1 + random.next(below: 4)) {
      let position = bytes.isEmpty ? 0 : random.next(below: bytes.count)
      switch random.next(below: 7) {
      case 0 where !bytes.isEmpty: bytes[position] ^= UInt8(1 << random.next(below: 8))
      case 1: bytes.insert(UInt8(random.next(below: 256)), at: position)
      case 2 where !bytes.isEmpty:
        bytes.removeSubrange(position..<min(bytes.count, position + 1 + random.next(below: 16)))
      case 3 where !bytes.isEmpty:
        let end = min(bytes.count, position + 1 + random.next(below: 64))
        bytes.insert(contentsOf: bytes[position..<end], at: position)
      case 4: bytes.insert(contentsOf: Self.tokens[random.next(below: Self.tokens.count)], at: position)
      case 5 where !bytes.isEmpty: bytes.removeSubrange(position..<bytes.count)
      default:
        let token = Self.tokens[random.next(below: Self.tokens.count)]
        let end = min(bytes.count, position + token.count)
        bytes.replaceSubrange(position..<end, with: token)
      }
    }
    return bytes
  }
}

/// A small seeded generator (SplitMix64).
struct SplitMix {
  var state: UInt64

  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  mutating func next(below n: Int) -> Int { n <= 1 ? 0 : Int(next() % UInt64(n)) }
}
