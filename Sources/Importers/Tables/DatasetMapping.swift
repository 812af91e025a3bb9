import Foundation

/// A JSON column mapping: field name → header name, either flat for a single watch log
/// (`{"user": "viewer", "video": "clip", "time": "ts"}`, today's form) or per entity
/// (`{"videos": {"id": "clip_id"}, "impressions": {"clicked": "is_click"}}`).
public enum DatasetMapping {
  /// Reads and checks a mapping file.
  ///
  /// - Throws: ``ImportError`` naming the file and the key for anything that is not a known
  ///   entity or field.
  public static func load(from url: URL) throws(ImportError) -> [EntityKind: [String: String]] {
    let object: Any
    do { object = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) } catch {
      throw ImportError(file: url.path, line: 0, message: "not a JSON mapping: \(error.localizedDescription)")
    }
    guard let top = object as? [String: Any] else {
      throw ImportError(file: url.path, line: 0, message: "a mapping is a JSON object")
    }
    let nested = top.keys.contains { EntityKind(rawValue: $0) != nil }
    var result: [EntityKind: [String: String]] = [:]
    let groups: [(EntityKind, Any)] =
      nested
      ? try top.map { key, value throws(ImportError) in
        guard let kind = EntityKind(rawValue: key) else {
          throw ImportError(
            file: url.path, line: 0, field: key,
            message: "unknown entity (known: \(EntityKind.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        return (kind, value)
      } : [(.watches, top)]
    for (kind, value) in groups {
      guard let fields = value as? [String: Any] else {
        throw ImportError(file: url.path, line: 0, field: kind.rawValue, message: "expected an object of field names")
      }
      let known = kind.fields.map(\.name)
      var mapping: [String: String] = [:]
      for (field, column) in fields {
        guard known.contains(field) else {
          throw ImportError(
            file: url.path, line: 0, field: field,
            message: "not a field of \(kind.rawValue) (known: \(known.joined(separator: ", ")))")
        }
        guard let column = column as? String else {
          throw ImportError(file: url.path, line: 0, field: field, message: "the column name must be a string")
        }
        mapping[field] = column
      }
      result[kind] = mapping
    }
    return result
  }
}
