/// The topics of the synthetic world and the words their titles and searches are made of.
public struct Topic: Sendable, Equatable {
  /// Topic name, used as the video category.
  public var name: String
  /// Subject words for titles and queries.
  public var words: [String]
}

/// The built-in topics and title templates.
public enum TopicLexicon {
  /// Twelve topics, each with its own vocabulary, so that titles and searches carry signal.
  public static let topics: [Topic] = [
    Topic(
      name: "cooking",
      words: [
        "pasta", "curry", "sourdough", "ramen", "tacos", "dumplings", "risotto", "barbecue",
        "pancakes", "kimchi", "paella", "lasagna", "brownies", "omelette", "noodles", "salad", "knife", "spices",
      ]),
    Topic(
      name: "gaming",
      words: [
        "speedrun", "minecraft", "zelda", "boss", "raid", "esports", "controller", "pixel",
        "roguelike", "strategy", "shooter", "dungeon", "quest", "sandbox", "retro", "console", "mods", "walkthrough",
      ]),
    Topic(
      name: "music",
      words: [
        "guitar", "piano", "drums", "jazz", "techno", "violin", "chords", "synth", "vinyl",
        "choir", "remix", "ukulele", "orchestra", "bass", "melody", "concert", "lofi", "vocals",
      ]),
    Topic(
      name: "science",
      words: [
        "quantum", "black", "holes", "dna", "fusion", "telescope", "fossils", "volcano",
        "physics", "chemistry", "neurons", "galaxy", "climate", "bacteria", "rockets", "gravity", "atoms", "evolution",
      ]),
    Topic(
      name: "fitness",
      words: [
        "yoga", "deadlift", "marathon", "stretching", "squats", "cardio", "pilates",
        "kettlebell", "hiit", "pushups", "mobility", "cycling", "protein", "bodyweight", "sprint", "core", "swimming",
        "rowing",
      ]),
    Topic(
      name: "travel",
      words: [
        "tokyo", "lisbon", "iceland", "safari", "backpacking", "hostel", "patagonia", "kyoto",
        "road", "trip", "islands", "alps", "morocco", "vietnam", "train", "camping", "desert", "fjords",
      ]),
    Topic(
      name: "tech",
      words: [
        "laptop", "smartphone", "linux", "keyboard", "gpu", "review", "unboxing", "router",
        "camera", "headphones", "battery", "chip", "monitor", "drone", "robot", "server", "compiler", "tablet",
      ]),
    Topic(
      name: "diy",
      words: [
        "woodworking", "shelf", "plumbing", "tiles", "garden", "welding", "paint", "drywall",
        "deck", "lamp", "workbench", "epoxy", "cabinet", "soldering", "pottery", "quilt", "restoration", "tools",
      ]),
    Topic(
      name: "comedy",
      words: [
        "standup", "sketch", "prank", "parody", "roast", "improv", "bloopers", "satire",
        "skit", "impressions", "sitcom", "jokes", "podcast", "reaction", "fails", "cringe", "memes", "comedians",
      ]),
    Topic(
      name: "news",
      words: [
        "election", "economy", "markets", "policy", "interview", "debate", "inflation",
        "summit", "budget", "protest", "report", "analysis", "briefing", "headlines", "energy", "housing", "trade",
        "courts",
      ]),
    Topic(
      name: "animals",
      words: [
        "puppies", "kittens", "wolves", "otters", "parrots", "octopus", "elephants",
        "sharks", "bees", "horses", "penguins", "foxes", "owls", "turtles", "whales", "ferrets", "lizards", "rescue",
      ]),
    Topic(
      name: "history",
      words: [
        "rome", "vikings", "pharaohs", "medieval", "castles", "samurai", "empire",
        "revolution", "ww2", "pirates", "aztecs", "byzantium", "renaissance", "mongols", "ottomans", "knights", "ruins",
        "maps",
      ]),
  ]

  /// Title templates; `{a}` and `{b}` are topic words, `{n}` a number.
  public static let templates: [String] = [
    "How to master {a} and {b}", "{a} vs {b}: which is better?", "The ultimate {a} guide",
    "{n} {a} tips nobody tells you",
    "I tried {a} for {n} days", "Why {a} changes everything", "{a} {b} explained", "Beginner {a}: {b} basics",
    "The truth about {a}", "{a} in {n} minutes", "Best {a} of the year", "Inside the world of {a} and {b}",
  ]

  /// Words for channel names.
  public static let channelWords: [String] = [
    "Daily", "Lab", "Studio", "Academy", "Corner", "Club", "Journal", "Works", "Network", "Hub", "Show", "Channel",
  ]

  /// Languages with relative weights; a user's language follows the region.
  public static let languages: [String] = ["en", "es", "pt", "de", "fr", "ja"]

  /// Regions with their main language.
  public static let regions: [(name: String, language: String, weight: Double)] = [
    ("US", "en", 0.30), ("GB", "en", 0.08), ("IN", "en", 0.12), ("MX", "es", 0.08), ("ES", "es", 0.05),
    ("BR", "pt", 0.10), ("DE", "de", 0.08), ("FR", "fr", 0.07), ("JP", "ja", 0.07), ("CA", "en", 0.05),
  ]

  /// Device classes with weights.
  public static let devices: [(name: String, weight: Double)] = [
    ("mobile", 0.55), ("desktop", 0.25), ("tv", 0.12), ("tablet", 0.08),
  ]
}
