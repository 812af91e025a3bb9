import Foundation
import NeuralCore
import WorkspaceStore

/// The videos of a synthetic world with their hidden attributes.
struct Catalogue {
  var videos: [Video] = []
  var topics: Matrix
  var quality: [Float] = []
  var language: [Int32] = []
  var primaryTopic: [Int32] = []
  var series: [Int32] = []
  var episode: [Int32] = []
  /// The next episode of each video's series, or -1.
  var nextEpisode: [Int32] = []

  /// Draws the catalogue: Zipf-sized channels, topic mixtures, readable titles, lognormal
  /// durations, uploads spread over the window with a back catalogue, and episodic series.
  init(config: WorldConfig, generator: inout SeededGenerator) throws {
    let topicList = TopicLexicon.topics
    let k = topicList.count
    let n = config.videos
    topics = Matrix(rows: n, columns: k)
    let channelCount = max(1, Int((Double(n) / config.videosPerChannel).rounded()))
    // Zipf-sized catalogues: channel c gets videos in proportion to 1 / (c + 1).
    let zipf = try AliasTable(weights: (0..<channelCount).map { 1 / Double($0 + 1) })
    var channelNames: [String] = []
    var usedNames: Set<String> = []
    var channelTopic: [Int] = []
    var channelLanguage: [Int32] = []
    var channelQuality: [Double] = []
    var channelIsSeries: [Bool] = []
    for c in 0..<channelCount {
      let topic = Int(generator.next() % UInt64(k))
      let word = topicList[topic].words[Int(generator.next() % UInt64(topicList[topic].words.count))]
      let suffix = TopicLexicon.channelWords[Int(generator.next() % UInt64(TopicLexicon.channelWords.count))]
      var name = "\(word.capitalized) \(suffix)"
      if usedNames.contains(name) { name += " \(c)" }
      usedNames.insert(name)
      channelNames.append(name)
      channelTopic.append(topic)
      channelLanguage.append(generator.nextUnit() < 0.55 ? 0 : Self.weightedLanguage(&generator))
      channelQuality.append(generator.nextGaussian() * 0.35)
      channelIsSeries.append(generator.nextUnit() < config.seriesChannelShare)
    }
    var channelOf = [Int](repeating: 0, count: n)
    var uploads = [Int64](repeating: 0, count: n)
    let window = Int64(config.days) * Seconds.perDay
    for v in 0..<n {
      channelOf[v] = Int(zipf.sample(using: &generator))
      if generator.nextUnit() < config.backCatalogueShare {
        uploads[v] = config.startTime - Int64(generator.nextUnit() * 180 * Double(Seconds.perDay)) - 1
      } else {
        uploads[v] = config.startTime + Int64(generator.nextUnit() * Double(window))
      }
    }
    series = [Int32](repeating: -1, count: n)
    episode = [Int32](repeating: 0, count: n)
    nextEpisode = [Int32](repeating: -1, count: n)
    var seriesTitles: [Int32: String] = [:]
    // Episodic channels: their videos, by upload time, form series of 4–10 episodes.
    var byChannel: [Int: [Int]] = [:]
    for v in 0..<n where channelIsSeries[channelOf[v]] { byChannel[channelOf[v], default: []].append(v) }
    var seriesCount: Int32 = 0
    for channel in byChannel.keys.sorted() {
      let members = byChannel[channel, default: []].sorted { uploads[$0] < uploads[$1] }
      var position = 0
      while position < members.count {
        let length = min(members.count - position, 4 + Int(generator.next() % 7))
        let id = seriesCount
        seriesCount += 1
        let topic = topicList[channelTopic[channel]]
        seriesTitles[id] = "\(topic.words[Int(generator.next() % UInt64(topic.words.count))].capitalized) Chronicles"
        for e in 0..<length {
          let v = members[position + e]
          series[v] = id
          episode[v] = Int32(e + 1)
          if e + 1 < length { nextEpisode[v] = Int32(members[position + e + 1]) }
        }
        position += length
      }
    }
    for v in 0..<n {
      let channel = channelOf[v]
      let main = channelTopic[channel]
      let second = generator.nextUnit() < 0.5 ? main : Int(generator.next() % UInt64(k))
      let mainShare = 0.6 + 0.3 * generator.nextUnit()
      for t in 0..<k { topics[v, t] = Float((1 - mainShare) * 0.2 / Double(k)) }
      topics[v, main] += Float(mainShare)
      topics[v, second] += Float((1 - mainShare) * 0.8)
      let rowSum = (0..<k).reduce(Float(0)) { $0 + topics[v, $1] }
      for t in 0..<k { topics[v, t] /= rowSum }
      primaryTopic.append(Int32(main))
      quality.append(Float(channelQuality[channel] + generator.nextGaussian() * 0.4))
      language.append(channelLanguage[channel])
      let isEpisode = series[v] >= 0
      let median = isEpisode ? 1300.0 : 420.0
      let duration = min(10_800, max(30, (median * exp(generator.nextGaussian() * 0.8)).rounded()))
      let title: String
      if isEpisode, let name = seriesTitles[series[v]] {
        title = "\(name) — Episode \(episode[v])"
      } else {
        title = Self.title(topic: topicList[main], second: topicList[second], generator: &generator)
      }
      videos.append(
        Video(
          id: String(format: "v%06d", v), title: title, channel: channelNames[channel], topic: topicList[main].name,
          language: TopicLexicon.languages[Int(channelLanguage[channel])], durationSeconds: duration,
          uploadTime: uploads[v]))
    }
  }

  static func weightedLanguage(_ generator: inout SeededGenerator) -> Int32 {
    let regions = TopicLexicon.regions
    var u = generator.nextUnit() * regions.reduce(0) { $0 + $1.weight }
    for region in regions {
      u -= region.weight
      if u <= 0 { return Int32(TopicLexicon.languages.firstIndex(of: region.language) ?? 0) }
    }
    return 0
  }

  static func title(topic: Topic, second: Topic, generator: inout SeededGenerator) -> String {
    let template = TopicLexicon.templates[Int(generator.next() % UInt64(TopicLexicon.templates.count))]
    let a = topic.words[Int(generator.next() % UInt64(topic.words.count))]
    var b = second.words[Int(generator.next() % UInt64(second.words.count))]
    if b == a { b = topic.words[(topic.words.firstIndex(of: a).map { $0 + 1 } ?? 0) % topic.words.count] }
    let text = template.replacingOccurrences(of: "{a}", with: a).replacingOccurrences(of: "{b}", with: b)
      .replacingOccurrences(of: "{n}", with: "\(3 + generator.next() % 28)")
    return text.prefix(1).uppercased() + text.dropFirst()
  }
}
