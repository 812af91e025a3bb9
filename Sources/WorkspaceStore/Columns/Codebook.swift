/// Dense codes for the distinct strings of a categorical column, in order of first appearance.
public struct Codebook: Sendable, Equatable {
  /// The distinct values; `names[code]` is the value with that code.
  public private(set) var names: [String] = []
  private var codes: [String: Int32] = [:]

  /// An empty codebook.
  public init() {}

  /// The code of `name`, adding it when new.
  public mutating func code(for name: String) -> Int32 {
    if let code = codes[name] { return code }
    let code = Int32(names.count)
    names.append(name)
    codes[name] = code
    return code
  }

  /// The code of `name`, or `nil` when unseen.
  public func existingCode(for name: String) -> Int32? { codes[name] }

  /// The number of distinct values.
  public var count: Int { names.count }
}
