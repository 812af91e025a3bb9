import Foundation

/// Element types that can be stored in a NumPy `.npy` file.
public protocol NPYScalar: Sendable, BitwiseCopyable {
  /// The NumPy `descr` string (little-endian).
  static var npyDescriptor: String { get }
}

extension Float: NPYScalar {
  /// `<f4`, little-endian float32.
  public static var npyDescriptor: String { "<f4" }
}

extension Int32: NPYScalar {
  /// `<i4`, little-endian int32.
  public static var npyDescriptor: String { "<i4" }
}

extension UInt8: NPYScalar {
  /// `|u1`, one unsigned byte.
  public static var npyDescriptor: String { "|u1" }
}

extension Int64: NPYScalar {
  /// `<i8`, little-endian int64.
  public static var npyDescriptor: String { "<i8" }
}

/// Reads and writes NumPy `.npy` arrays (format 1.0, C order, little-endian), so that
/// `numpy.load` opens every tensor WatchNext saves.
public enum NPY {
  private static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

  /// The `.npy` bytes of `values` with the given shape.
  ///
  /// - Precondition: the product of `shape` equals `values.count`.
  public static func encode<T: NPYScalar>(_ values: [T], shape: [Int]) -> Data {
    precondition(shape.reduce(1, *) == values.count, "shape does not match element count")
    let shapeText: String
    switch shape.count {
    case 0: shapeText = "()"
    case 1: shapeText = "(\(shape[0]),)"
    default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
    }
    var header = "{'descr': '\(T.npyDescriptor)', 'fortran_order': False, 'shape': \(shapeText), }"
    let unpadded = magic.count + 2 + 2 + header.utf8.count + 1
    header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
    var data = Data(magic)
    data.append(contentsOf: [1, 0])
    let length = UInt16(header.utf8.count)
    data.append(contentsOf: [UInt8(length & 0xFF), UInt8(length >> 8)])
    data.append(contentsOf: Array(header.utf8))
    values.withUnsafeBytes { data.append(contentsOf: $0) }
    return data
  }

  /// Decodes `.npy` bytes of element type `T`.
  ///
  /// - Parameter file: the name used in error messages.
  /// - Throws: ``NeuralCoreError/corruptFile(file:reason:)`` when the bytes are not a C-order
  ///   little-endian array of `T` or are truncated.
  public static func decode<T: NPYScalar>(
    _ data: Data, as type: T.Type = T.self, file: String
  ) throws(NeuralCoreError) -> (shape: [Int], values: [T]) {
    let bytes = [UInt8](data.prefix(12))
    guard bytes.count >= 10, Array(bytes[0..<6]) == magic else {
      throw .corruptFile(file: file, reason: "not a .npy file (bad magic)")
    }
    let major = bytes[6]
    let headerStart: Int
    let headerLength: Int
    switch major {
    case 1:
      headerStart = 10
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
    case 2, 3:
      guard bytes.count >= 12 else { throw .corruptFile(file: file, reason: "truncated header") }
      headerStart = 12
      headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
    default:
      throw .corruptFile(file: file, reason: "unsupported .npy version \(major)")
    }
    guard data.count >= headerStart + headerLength,
      let header = String(data: data.subdata(in: headerStart..<(headerStart + headerLength)), encoding: .ascii)
    else { throw .corruptFile(file: file, reason: "truncated header") }
    guard let descr = field("descr", in: header), descr.contains(T.npyDescriptor.dropFirst()),
      !descr.hasPrefix("'>")
    else {
      throw .corruptFile(
        file: file, reason: "element type \(field("descr", in: header) ?? "?"), expected \(T.npyDescriptor)")
    }
    guard let order = field("fortran_order", in: header), order.hasPrefix("False") else {
      throw .corruptFile(file: file, reason: "Fortran-order arrays are not supported")
    }
    guard let shapeField = field("shape", in: header), let shape = parseShape(shapeField) else {
      throw .corruptFile(file: file, reason: "unreadable shape in header")
    }
    let count = shape.reduce(1, *)
    let payloadStart = headerStart + headerLength
    let expectedBytes = count * MemoryLayout<T>.stride
    guard data.count - payloadStart == expectedBytes else {
      throw .corruptFile(
        file: file, reason: "payload is \(data.count - payloadStart) bytes, shape \(shape) needs \(expectedBytes)")
    }
    let values = data.subdata(in: payloadStart..<data.count).withUnsafeBytes { raw in
      Array(raw.bindMemory(to: T.self))
    }
    return (shape, values)
  }

  /// Writes an array to a `.npy` file atomically.
  public static func write<T: NPYScalar>(_ values: [T], shape: [Int], to url: URL) throws(NeuralCoreError) {
    try AtomicFile.write(encode(values, shape: shape), to: url)
  }

  /// Reads a `.npy` file of element type `T`.
  public static func read<T: NPYScalar>(
    _ url: URL, as type: T.Type = T.self
  ) throws(NeuralCoreError) -> (shape: [Int], values: [T]) {
    let data: Data
    do { data = try Data(contentsOf: url) } catch {
      throw .io(file: url.path, reason: "cannot read: \(error.localizedDescription)")
    }
    return try decode(data, as: T.self, file: url.path)
  }

  private static func field(_ name: String, in header: String) -> String? {
    guard let range = header.range(of: "'\(name)':") else { return nil }
    return String(header[range.upperBound...]).trimmingCharacters(in: .whitespaces)
  }

  private static func parseShape(_ text: String) -> [Int]? {
    guard text.hasPrefix("("), let close = text.firstIndex(of: ")") else { return nil }
    let inner = text[text.index(after: text.startIndex)..<close]
    let parts = inner.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    var shape: [Int] = []
    for part in parts {
      guard let value = Int(part), value >= 0 else { return nil }
      shape.append(value)
    }
    return shape
  }
}
