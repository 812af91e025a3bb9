/// A problem with imported data, located by file, line and field.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The file being read.
  public var file: String
  /// The 1-based line where the record starts (0 when not tied to a line).
  public var line: Int
  /// The field (column) at fault, when there is one.
  public var field: String?
  /// What is wrong and what was expected.
  public var message: String
  /// What kind of problem it is, for front ends that add their own advice.
  public var kind: Kind

  /// Kinds of import problems that a front end may advise on.
  public enum Kind: Sendable, Equatable {
    /// Anything else.
    case general
    /// The file is not valid UTF-8 (perhaps Latin-1).
    case notUTF8
  }

  /// An import error.
  public init(file: String, line: Int, field: String? = nil, message: String, kind: Kind = .general) {
    self.file = file
    self.line = line
    self.field = field
    self.message = message
    self.kind = kind
  }

  /// `value`, or its first 60 characters and its length when longer (error messages never echo
  /// a whole huge field).
  public static func clip(_ value: String) -> String {
    value.count <= 60 ? value : "\(value.prefix(60))… (\(value.count) characters)"
  }

  /// `file:line: field 'x': message`.
  public var description: String {
    var text = file
    if line > 0 { text += ":\(line)" }
    if let field { text += ": field '\(field)'" }
    return text + ": " + message
  }
}
