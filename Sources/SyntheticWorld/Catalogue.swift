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
  /// The steps draw from `generator` in a fixed order, so a seed gives one catalogue.
  init(config: WorldConfig, generator: inout SeededGenerator, model: CatalogueModel = CatalogueModel()) throws {
    let n = config.videos
    topics = Matrix(rows: n, columns: TopicLexicon.topics.count)
    let channelCount = max(1, Int((Double(n) / config.videosPerChannel).rounded()))
    let channels = Self.drawChannels(count: channelCount, config: config, model: model, generator: &generator)
    // Zipf-sized catalogues: channel c gets videos in proportion to 1 / (c + 1).
    let zipf = try AliasTable(weights: (0..<channelCount).map { 1 / Double($0 + 1) })
    var channelOf = [Int](repeating: 0, count: n)
    var uploads = [Int64](repeating: 0, count: n)
    let window = Int64(config.days) * Seconds.perDay
    for v in 0..<n {
      channelOf[v] = Int(zipf.sample(using: &generator))
      if generator.nextUnit() < config.backCatalogueShare {
        let age = generator.nextUnit() * model.backCatalogueDays * Double(Seconds.perDay)
        uploads[v] = config.startTime - Int64(age) - 1
      } else {
        uploads[v] = config.startTime + Int64(generator.nextUnit() * Double(window))
      }
    }
    let seriesTitles = formSeries(
      channels: channels, channelOf: channelOf, uploads: uploads, model: model, generator: &generator)
    var titles = UniqueTitles()
    for v in 0..<n {
      drawVideo(
        v, channel: channels[channelOf[v]], upload: uploads[v], seriesTitles: seriesTitles, model: model,
        titles: &titles,
        generator: &generator)
    }
  }

  /// A channel's hidden attributes.
  private struct Channel {
    var name: String
    var topic: Int
    var language: Int32
    var quality: Double
    var isSeries: Bool
  }

  private static func drawChannels(
    count: Int, config: WorldConfig, model: CatalogueModel, generator: inout SeededGenerator
  ) -> [Channel] {
    let topicList = TopicLexicon.topics
    var usedNames: Set<String> = []
    var channels: [Channel] = []
    for c in 0..<count {
      let topic = Int(generator.next() % UInt64(topicList.count))
      let word = topicList[topic].words[Int(generator.next() % UInt64(topicList[topic].words.count))]
      let suffix = TopicLexicon.channelWords[Int(generator.next() % UInt64(TopicLexicon.channelWords.count))]
      var name = "\(word.capitalized) \(suffix)"
      if usedNames.contains(name) { name += " \(c)" }
      usedNames.insert(name)
      let language = generator.nextUnit() < model.firstLanguageShare ? 0 : Self.weightedLanguage(&generator)
      let quality = generator.nextGaussian() * model.channelQualityDeviation
      let isSeries = generator.nextUnit() < config.seriesChannelShare
      channels.append(Channel(name: name, topic: topic, language: language, quality: quality, isSeries: isSeries))
    }
    return channels
  }

  /// Episodic channels: their videos, by upload time, form series of
  /// ``CatalogueModel/seriesLengths`` episodes. Returns each series' title.
  private mutating func formSeries(
    channels: [Channel], channelOf: [Int], uploads: [Int64], model: CatalogueModel, generator: inout SeededGenerator
  ) -> [Int32: String] {
    let n = channelOf.count
    series = [Int32](repeating: -1, count: n)
    episode = [Int32](repeating: 0, count: n)
    nextEpisode = [Int32](repeating: -1, count: n)
    var titles: [Int32: String] = [:]
    var names = UniqueTitles()
    var byChannel: [Int: [Int]] = [:]
    for v in 0..<n where channels[channelOf[v]].isSeries { byChannel[channelOf[v], default: []].append(v) }
    let lengths = model.seriesLengths
    var seriesCount: Int32 = 0
    for channel in byChannel.keys.sorted() {
      let members = byChannel[channel, default: []].sorted { uploads[$0] < uploads[$1] }
      var position = 0
      while position < members.count {
        let drawn = lengths.lowerBound + Int(generator.next() % UInt64(lengths.count))
        let length = min(members.count - position, drawn)
        let id = seriesCount
        seriesCount += 1
        let topic = TopicLexicon.topics[channels[channel].topic]
        titles[id] = names.claim(
          "\(topic.words[Int(generator.next() % UInt64(topic.words.count))].capitalized) Chronicles")
        for e in 0..<length {
          let v = members[position + e]
          series[v] = id
          episode[v] = Int32(e + 1)
          if e + 1 < length { nextEpisode[v] = Int32(members[position + e + 1]) }
        }
        position += length
      }
    }
    return titles
  }

  /// Video `v`'s topic mixture, quality, language, duration and title.
  private mutating func drawVideo(
    _ v: Int, channel: Channel, upload: Int64, seriesTitles: [Int32: String], model: CatalogueModel,
    titles: inout UniqueTitles, generator: inout SeededGenerator
  ) {
    let topicList = TopicLexicon.topics
    let k = topicList.count
    let main = channel.topic
    let second = generator.nextUnit() < model.sameSecondTopicShare ? main : Int(generator.next() % UInt64(k))
    let mainShare = model.mainTopicShareBase + model.mainTopicShareSpread * generator.nextUnit()
    for t in 0..<k { topics[v, t] = Float((1 - mainShare) * model.offTopicShare / Double(k)) }
    topics[v, main] += Float(mainShare)
    topics[v, second] += Float((1 - mainShare) * model.secondTopicShare)
    let rowSum = (0..<k).reduce(Float(0)) { $0 + topics[v, $1] }
    for t in 0..<k { topics[v, t] /= rowSum }
    primaryTopic.append(Int32(main))
    quality.append(Float(channel.quality + generator.nextGaussian() * model.videoQualityDeviation))
    language.append(channel.language)
    let isEpisode = series[v] >= 0
    let median = isEpisode ? model.medianEpisodeSeconds : model.medianVideoSeconds
    let duration = min(
      model.durationSeconds.upperBound,
      max(model.durationSeconds.lowerBound, (median * exp(generator.nextGaussian() * model.durationSpread)).rounded()))
    let title: String
    if isEpisode, let name = seriesTitles[series[v]] {
      title = "\(name) — Episode \(episode[v])"
    } else {
      title = Self.title(topic: topicList[main], second: topicList[second], generator: &generator)
    }
    videos.append(
      Video(
        id: String(format: "v%06d", v), title: titles.claim(title), channel: channel.name, topic: topicList[main].name,
        language: TopicLexicon.languages[Int(channel.language)], durationSeconds: duration, uploadTime: upload))
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

/// The constants of the catalogue's draws (a world's shape beyond ``WorldConfig``).
struct CatalogueModel: Sendable, Equatable {
  /// Share of channels in the first language; the rest draw by region weight.
  var firstLanguageShare = 0.55
  /// Standard deviation of a channel's quality.
  var channelQualityDeviation = 0.35
  /// Standard deviation of a video's quality around its channel's.
  var videoQualityDeviation = 0.4
  /// How far back the back catalogue's uploads reach, in days.
  var backCatalogueDays = 180.0
  /// Episodes per series (the last series of a channel may be shorter).
  var seriesLengths = 4..<11
  /// Share of videos whose second topic is their main one.
  var sameSecondTopicShare = 0.5
  /// The main topic's share of a mixture: base + spread × U(0, 1).
  var mainTopicShareBase = 0.6
  var mainTopicShareSpread = 0.3
  /// Of the rest, the share spread evenly over all topics, and the share given to the second
  /// topic (before the mixture is normalised).
  var offTopicShare = 0.2
  var secondTopicShare = 0.8
  /// Median duration of an episode and of another video, in seconds (lognormal).
  var medianEpisodeSeconds = 1300.0
  var medianVideoSeconds = 420.0
  /// The lognormal's σ.
  var durationSpread = 0.8
  /// Durations are clipped to this range, in seconds.
  var durationSeconds = 30.0...10_800.0
}

/// Titles made unique the way sequels are named: the second "Best knights of the year" becomes
/// "Best knights of the year 2". The number is not a search word (queries drop numbers), so
/// the searches the world draws from titles are the same as without it.
struct UniqueTitles {
  private var used: Set<String> = []
  /// The last sequel number given to each repeated title, so that the next is found at once
  /// (a 1M-video catalogue repeats some titles hundreds of times).
  private var lastNumber: [String: Int] = [:]

  /// `title`, or the first of `title 2`, `title 3`, … not yet used; the result is then used.
  mutating func claim(_ title: String) -> String {
    var candidate = title
    var number = lastNumber[title] ?? 1
    while used.contains(candidate) {
      number += 1
      candidate = "\(title) \(number)"
    }
    if number > 1 { lastNumber[title] = number }
    used.insert(candidate)
    return candidate
  }
}
