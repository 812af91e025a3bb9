import Foundation
import NeuralCore

/// Printing helpers: aligned text tables, JSON, and messages on stderr.
enum Output {
  /// Writes a line to standard error.
  static func error(_ message: String) {
    FileHandle.standardError.write(Data((TerminalText.sanitize(message, keepNewlines: true) + "\n").utf8))
  }

  /// Prints text that may hold data (titles, IDs) with controls and bidi characters escaped.
  static func line(_ text: String) { print(TerminalText.sanitize(text, keepNewlines: true)) }

  /// Prints a value as pretty, key-sorted JSON on standard output.
  static func json<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    // One write: a reader that stops at its first match (`| grep -q`) then cannot cut the
    // object off mid-way and end this process with SIGPIPE.
    var data = try encoder.encode(value)
    data.append(0x0A)
    FileHandle.standardOutput.write(data)
  }

  /// A plain-text table with a header row; columns whose cells are all numbers are right-aligned.
  static func table(_ header: [String], _ rawRows: [[String]]) -> String {
    let rows = rawRows.map { $0.map { TerminalText.sanitize($0) } }
    var widths = header.map(\.count)
    for row in rows {
      for (i, cell) in row.enumerated() where i < widths.count { widths[i] = max(widths[i], cell.count) }
    }
    func isNumber(_ cell: String) -> Bool {
      let stripped =
        cell.replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "%", with: "")
        .split(separator: " ").first.map(String.init) ?? ""
      return Double(stripped) != nil || cell == "-"
    }
    let numeric = widths.indices.map { i in !rows.isEmpty && rows.allSatisfy { i < $0.count && isNumber($0[i]) } }
    func render(_ cells: [String]) -> String {
      cells.enumerated().map { i, cell in
        let pad = String(repeating: " ", count: max(0, widths[i] - cell.count))
        return numeric[i] ? pad + cell : cell + pad
      }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
    }
    let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
    return ([render(header), rule] + rows.map(render)).joined(separator: "\n")
  }

  /// A number with thousands separators.
  static func count(_ value: Int) -> String {
    let digits = String(abs(value))
    var result = ""
    for (i, ch) in digits.reversed().enumerated() {
      if i > 0 && i % 3 == 0 { result.append(",") }
      result.append(ch)
    }
    return (value < 0 ? "-" : "") + String(result.reversed())
  }

  /// A Unix time as an ISO 8601 date and time (UTC).
  static func date(_ time: Int64?) -> String {
    guard let time else { return "-" }
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withFullDate, .withTime, .withColonSeparatorInTime]
    return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(time)))
  }

  /// How a training run ended: "Stopped early at epoch 8 (patience 2), kept epoch 6" or "Ran all
  /// 4 epochs, kept epoch 4".
  static func stopping(epochsRun: Int, maxEpochs: Int, patience: Int?, kept: Int) -> String {
    if epochsRun < maxEpochs {
      let why =
        patience.map { " (patience \($0): no better validation for \($0 + 1) epoch\($0 == 0 ? "" : "s"))" } ?? ""
      return "Stopped early at epoch \(epochsRun)\(why), kept epoch \(kept)"
    }
    return "Ran all \(maxEpochs) epochs, kept epoch \(kept)"
  }
}
