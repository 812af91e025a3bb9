import Foundation
import WorkspaceStore

/// Imports the classic MovieLens layouts: ml-100k (`u.data`, `u.item`, `u.user`) and
/// ml-1m (`ratings.dat`, `movies.dat`, `users.dat`).
///
/// Mapping to the workspace model:
/// - a rating becomes a watch at the rating's time, source `external`; the watch-time proxy is
///   `rating / 5 × duration` with a nominal duration of 6,000 s (a 100-minute film), so a
///   5-star rating is a full watch and a 1-star rating a fifth of one;
/// - the first listed genre becomes the topic, and also the channel (MovieLens has no channels);
/// - the release date (ml-100k) or the year in the title (ml-1m) becomes the upload time;
/// - age and gender are kept; the first digit of the zip code becomes the region; language
///   and device are `unknown`. In ml-1m, age is the band's lower bound (1, 18, 25, ...).
public struct MovieLensImporter: Sendable {
  /// The nominal film length used for the watch-time proxy.
  public static let nominalDurationSeconds = 6_000.0

  /// The two supported layouts.
  public enum Layout: String, Sendable, Codable {
    /// `u.data`, `u.item`, `u.user`, with `\t` and `|` separators.
    case ml100k = "ml-100k"
    /// `ratings.dat`, `movies.dat`, `users.dat`, with `::` separators.
    case ml1m = "ml-1m"
    /// ml-latest, ml-latest-small, ml-20m, ml-25m: `ratings.csv` and `movies.csv` with headers.
    case mlLatest = "ml-latest"
  }

  /// An importer.
  public init() {}

  /// The layout of a MovieLens directory.
  ///
  /// - Throws: ``ImportError`` when neither layout's rating file is present.
  public static func detectLayout(in directory: URL) throws(ImportError) -> Layout {
    let manager = FileManager.default
    if manager.fileExists(atPath: directory.appendingPathComponent("u.data").path) { return .ml100k }
    if manager.fileExists(atPath: directory.appendingPathComponent("ratings.dat").path) { return .ml1m }
    if manager.fileExists(atPath: directory.appendingPathComponent("ratings.csv").path) { return .mlLatest }
    throw ImportError(
      file: directory.path, line: 0,
      message: "not a MovieLens directory: expected u.data (ml-100k), ratings.dat (ml-1m) or ratings.csv (ml-latest)")
  }

  /// Imports the MovieLens data set in `directory` into `workspace`, in one transaction.
  ///
  /// - Throws: ``ImportError`` with file, line and field for bad input; nothing is written then.
  @discardableResult
  public func importDirectory(_ directory: URL, into workspace: Workspace) throws -> ImportReport {
    let started = Date()
    let layout = try Self.detectLayout(in: directory)
    if layout == .mlLatest { return try importLatest(directory, into: workspace) }
    let data = try layout == .ml100k ? Self.read100k(directory) : Self.read1m(directory)
    try workspace.write { writer in
      for movie in data.movies { try writer.upsert(movie) }
      for user in data.users { try writer.upsert(user) }
      for (line, watch) in data.watches {
        guard writer.userIndex(of: watch.user) != nil else {
          throw ImportError(
            file: data.ratingsFile, line: line, field: "user", message: "user '\(watch.user)' is not in the users file")
        }
        guard writer.videoIndex(of: watch.video) != nil else {
          throw ImportError(
            file: data.ratingsFile, line: line, field: "movie",
            message: "movie '\(watch.video)' is not in the movies file")
        }
        try writer.insert(watch)
      }
      try writer.setMetadata("source", "movielens \(layout.rawValue)")
    }
    return ImportReport(
      format: layout.rawValue, videos: data.movies.count, users: data.users.count, watches: data.watches.count,
      seconds: Date().timeIntervalSince(started))
  }

  struct Parsed {
    var movies: [Video]
    var users: [User]
    var watches: [(Int, Watch)]
    var ratingsFile: String
  }

  // MARK: - ml-latest

  /// `movies.csv` (movieId, title, genres) and `ratings.csv` (userId, movieId, rating, timestamp):
  /// the same proxies as the other layouts, through ``DatasetImporter``.
  func importLatest(_ directory: URL, into workspace: Workspace) throws -> ImportReport {
    var files = [DatasetFile(.watches, directory.appendingPathComponent("ratings.csv"))]
    let movies = directory.appendingPathComponent("movies.csv")
    if FileManager.default.fileExists(atPath: movies.path) { files.insert(DatasetFile(.videos, movies), at: 0) }
    var report = try DatasetImporter(
      files: files, mappings: [.videos: ["id": "movieId", "topic": "genres"]],
      defaultDurationSeconds: Self.nominalDurationSeconds, format: "movielens ml-latest", fullRating: 5
    ).importDataset(into: workspace)
    report.format = Layout.mlLatest.rawValue
    let others = ["tags.csv", "links.csv", "genome-scores.csv", "genome-tags.csv"].filter {
      FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path)
    }
    if !others.isEmpty, !report.files.isEmpty {
      report.files[report.files.count - 1].notes.append("not imported: " + others.joined(separator: ", "))
    }
    return report
  }

  // MARK: - ml-100k

  static func read100k(_ directory: URL) throws(ImportError) -> Parsed {
    let itemURL = directory.appendingPathComponent("u.item")
    let genreNames = [
      "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary", "Drama",
      "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi", "Thriller", "War", "Western",
    ]
    var movies: [Video] = []
    for record in try DelimitedReader(url: itemURL, separator: .plain("|"), encoding: .utf8OrLatin1).records() {
      let f = record.fields
      guard f.count >= 5 + genreNames.count else {
        throw ImportError(
          file: itemURL.path, line: record.line, message: "\(f.count) fields, expected \(5 + genreNames.count)")
      }
      let id = try identifier(f[0], file: itemURL.path, line: record.line, field: "movie id")
      var genres: [String] = []
      for (i, name) in genreNames.enumerated() {
        switch f[5 + i] {
        case "1": genres.append(name)
        case "0": break
        default:
          throw ImportError(
            file: itemURL.path, line: record.line, field: name, message: "genre flag '\(f[5 + i])' is not 0 or 1")
        }
      }
      let release = releaseDate100k(f[2])
      movies.append(movie(id: id, title: f[1], genres: genres, upload: release))
    }
    let userURL = directory.appendingPathComponent("u.user")
    var users: [User] = []
    for record in try DelimitedReader(url: userURL, separator: .plain("|"), encoding: .utf8OrLatin1).records() {
      let f = record.fields
      guard f.count == 5 else {
        throw ImportError(file: userURL.path, line: record.line, message: "\(f.count) fields, expected 5")
      }
      let id = try identifier(f[0], file: userURL.path, line: record.line, field: "user id")
      guard let age = Double(f[1]), age >= 0, age < 150 else {
        throw ImportError(file: userURL.path, line: record.line, field: "age", message: "'\(f[1])' is not an age")
      }
      users.append(user(id: id, age: age, gender: f[2], zip: f[4]))
    }
    let dataURL = directory.appendingPathComponent("u.data")
    let watches = try ratings(dataURL, separator: .plain("\t"))
    return Parsed(movies: movies, users: users, watches: watches, ratingsFile: dataURL.path)
  }

  static func releaseDate100k(_ text: String) -> Int64? {
    // "01-Jan-1995"
    let parts = text.split(separator: "-")
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    guard parts.count == 3, let day = Int(parts[0]), let month = months.firstIndex(of: String(parts[1])),
      let year = Int(parts[2])
    else { return nil }
    return unixTime(year: year, month: month + 1, day: day)
  }

  // MARK: - ml-1m

  static func read1m(_ directory: URL) throws(ImportError) -> Parsed {
    let moviesURL = directory.appendingPathComponent("movies.dat")
    var movies: [Video] = []
    for record in try DelimitedReader(url: moviesURL, separator: .plain("::"), encoding: .utf8OrLatin1).records() {
      let f = record.fields
      guard f.count == 3 else {
        throw ImportError(file: moviesURL.path, line: record.line, message: "\(f.count) fields, expected 3")
      }
      let id = try identifier(f[0], file: moviesURL.path, line: record.line, field: "MovieID")
      let genres = f[2].split(separator: "|").map(String.init)
      movies.append(
        movie(
          id: id, title: f[1], genres: genres, upload: yearInTitle(f[1]).map { unixTime(year: $0, month: 1, day: 1) }))
    }
    let usersURL = directory.appendingPathComponent("users.dat")
    var users: [User] = []
    for record in try DelimitedReader(url: usersURL, separator: .plain("::"), encoding: .utf8OrLatin1).records() {
      let f = record.fields
      guard f.count == 5 else {
        throw ImportError(file: usersURL.path, line: record.line, message: "\(f.count) fields, expected 5")
      }
      let id = try identifier(f[0], file: usersURL.path, line: record.line, field: "UserID")
      guard let age = Double(f[2]), age >= 0, age < 150 else {
        throw ImportError(file: usersURL.path, line: record.line, field: "Age", message: "'\(f[2])' is not an age code")
      }
      users.append(user(id: id, age: age, gender: f[1], zip: f[4]))
    }
    let ratingsURL = directory.appendingPathComponent("ratings.dat")
    let watches = try ratings(ratingsURL, separator: .plain("::"))
    return Parsed(movies: movies, users: users, watches: watches, ratingsFile: ratingsURL.path)
  }

  static func yearInTitle(_ title: String) -> Int? {
    guard let open = title.lastIndex(of: "("), let close = title.lastIndex(of: ")"), open < close else { return nil }
    return Int(title[title.index(after: open)..<close])
  }

  // MARK: - Shared

  static func ratings(_ url: URL, separator: DelimitedReader.Separator) throws(ImportError) -> [(Int, Watch)] {
    var watches: [(Int, Watch)] = []
    for record in try DelimitedReader(url: url, separator: separator, encoding: .utf8OrLatin1).records() {
      let f = record.fields
      guard f.count == 4 else {
        throw ImportError(
          file: url.path, line: record.line, message: "\(f.count) fields, expected 4 (user, movie, rating, time)")
      }
      let user = try identifier(f[0], file: url.path, line: record.line, field: "user")
      let movie = try identifier(f[1], file: url.path, line: record.line, field: "movie")
      guard let rating = Double(f[2]), rating >= 0, rating <= 5 else {
        throw ImportError(
          file: url.path, line: record.line, field: "rating", message: "'\(f[2])' is not a rating from 0 to 5")
      }
      guard let time = Int64(f[3].trimmingCharacters(in: .whitespaces)), TimeParser.acceptedRange.contains(time) else {
        throw ImportError(
          file: url.path, line: record.line, field: "timestamp",
          message: "'\(ImportError.clip(f[3]))' is not Unix seconds within 1970–2100")
      }
      watches.append(
        (
          record.line,
          Watch(
            user: user, video: movie, time: time, watchSeconds: rating / 5 * nominalDurationSeconds, source: .external)
        ))
    }
    return watches
  }

  static func identifier(_ text: String, file: String, line: Int, field: String) throws(ImportError) -> String {
    let value = text.trimmingCharacters(in: .whitespaces)
    guard !value.isEmpty, Int(value) != nil else {
      throw ImportError(file: file, line: line, field: field, message: "'\(text)' is not a numeric ID")
    }
    return value
  }

  static func movie(id: String, title: String, genres: [String], upload: Int64?) -> Video {
    let topic = genres.first ?? "unknown"
    return Video(
      id: id, title: title, channel: topic, topic: topic, language: "unknown",
      durationSeconds: nominalDurationSeconds, uploadTime: upload ?? 0)
  }

  static func user(id: String, age: Double, gender: String, zip: String) -> User {
    let region = zip.first.map { $0.isNumber ? "zip\($0)" : "other" } ?? "unknown"
    return User(id: id, age: age, gender: gender.lowercased(), region: region, language: "unknown", device: "unknown")
  }

  static func unixTime(year: Int, month: Int, day: Int) -> Int64 {
    var components = DateComponents()
    components.year = year
    components.month = month
    components.day = day
    components.timeZone = TimeZone(identifier: "UTC")
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    return Int64(calendar.date(from: components)?.timeIntervalSince1970 ?? 0)
  }
}
