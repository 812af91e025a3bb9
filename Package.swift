// swift-tools-version: 6.1
import PackageDescription

// MARK: - Settings shared by every Swift target

let strictSettings: [SwiftSetting] = [
  .swiftLanguageMode(.v6),
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
  name: "WatchNext",
  products: [
    .executable(name: "watchnext", targets: ["watchnext"]),
    .library(name: "NeuralCore", targets: ["NeuralCore"]),
    .library(name: "WorkspaceStore", targets: ["WorkspaceStore"]),
    .library(name: "SyntheticWorld", targets: ["SyntheticWorld"]),
    .library(name: "Importers", targets: ["Importers"]),
    .library(name: "CandidateGeneration", targets: ["CandidateGeneration"]),
    .library(name: "Retrieval", targets: ["Retrieval"]),
    .library(name: "Ranking", targets: ["Ranking"]),
    .library(name: "Recommendation", targets: ["Recommendation"]),
    .library(name: "Application", targets: ["Application"]),
    .library(name: "Explorer", targets: ["Explorer"]),
  ],
  traits: [
    .trait(
      name: "MPI",
      description:
        "Data-parallel training over Open MPI (`mpirun -np N watchnext train ...`); needs libopenmpi-dev. Off by default, so that a machine without MPI builds."
    )
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-algorithms", from: "1.2.1"),
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
  ],
  targets: [
    // MARK: - C shims over system libraries

    .systemLibrary(
      name: "CBLAS",
      pkgConfig: "openblas",
      providers: [.apt(["libopenblas-dev"])]
    ),
    .systemLibrary(name: "CMalloc"),
    .systemLibrary(name: "CPrefetch"),
    .systemLibrary(name: "CSimd"),
    .systemLibrary(
      name: "CMPI",
      pkgConfig: "ompi-c",
      providers: [.apt(["libopenmpi-dev"])]
    ),
    .systemLibrary(
      name: "CLibPQ",
      pkgConfig: "libpq",
      providers: [.apt(["libpq-dev"])]
    ),
    .systemLibrary(
      name: "CNCurses",
      providers: [.apt(["libncurses-dev"])]
    ),

    // MARK: - Engine layers

    .target(
      name: "NeuralCore",
      dependencies: [
        .target(name: "CBLAS", condition: .when(platforms: [.linux])),
        .target(name: "CMalloc", condition: .when(platforms: [.linux])),
        .target(name: "CMPI", condition: .when(traits: ["MPI"])),
      ],
      swiftSettings: strictSettings
    ),
    .target(
      name: "WorkspaceStore",
      dependencies: [
        "CLibPQ",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift", condition: .when(platforms: [.linux])),
      ],
      swiftSettings: strictSettings
    ),
    .target(
      name: "SyntheticWorld",
      dependencies: ["WorkspaceStore", "NeuralCore", .product(name: "Algorithms", package: "swift-algorithms")],
      swiftSettings: strictSettings
    ),
    .target(
      name: "CandidateGeneration",
      dependencies: ["NeuralCore", "WorkspaceStore", .product(name: "Algorithms", package: "swift-algorithms")],
      swiftSettings: strictSettings
    ),
    .target(
      name: "Retrieval",
      dependencies: [
        "NeuralCore", "CPrefetch", "CSimd", .target(name: "CMalloc", condition: .when(platforms: [.linux])),
      ],
      swiftSettings: strictSettings
    ),
    .target(
      name: "Ranking",
      dependencies: [
        "NeuralCore", "WorkspaceStore", "CandidateGeneration",
        .product(name: "Algorithms", package: "swift-algorithms"),
      ],
      swiftSettings: strictSettings
    ),
    .target(
      name: "Recommendation",
      dependencies: ["NeuralCore", "WorkspaceStore", "CandidateGeneration", "Retrieval", "Ranking"],
      swiftSettings: strictSettings
    ),
    .target(
      name: "Application",
      dependencies: [
        "NeuralCore", "WorkspaceStore", "SyntheticWorld", "CandidateGeneration", "Retrieval", "Ranking",
        "Recommendation",
      ],
      swiftSettings: strictSettings
    ),
    .target(
      name: "Explorer",
      dependencies: ["NeuralCore", "WorkspaceStore", "CandidateGeneration", "Retrieval", "Ranking", "Recommendation"],
      swiftSettings: strictSettings
    ),
    .target(
      name: "ExplorerCurses",
      dependencies: [
        "Explorer", "NeuralCore", .target(name: "CNCurses", condition: .when(platforms: [.linux, .macOS])),
      ],
      swiftSettings: strictSettings
    ),
    .target(
      name: "Importers",
      dependencies: ["WorkspaceStore"],
      swiftSettings: strictSettings
    ),

    // MARK: - Front ends

    .executableTarget(
      name: "watchnext",
      dependencies: [
        "NeuralCore", "WorkspaceStore", "SyntheticWorld", "Importers", "CandidateGeneration", "Retrieval",
        "Ranking", "Recommendation", "Application", "Explorer", "ExplorerCurses",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strictSettings
    ),
    .executableTarget(
      name: "WatchNextBenchmarks",
      dependencies: [
        "NeuralCore", "WorkspaceStore", "SyntheticWorld", "CandidateGeneration", "Retrieval", "Ranking",
        "Recommendation", "Application", "Explorer",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Benchmarks/WatchNextBenchmarks",
      swiftSettings: strictSettings
    ),

    .executableTarget(
      name: "WatchNextFuzz",
      dependencies: [
        "NeuralCore", "WorkspaceStore", "Importers", "CandidateGeneration", "Retrieval", "Ranking",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      path: "Tools/WatchNextFuzz",
      swiftSettings: strictSettings
    ),

    // MARK: - Tests

    .target(
      name: "WatchNextTestSupport",
      dependencies: ["NeuralCore", "WorkspaceStore", "SyntheticWorld", "CandidateGeneration", "Ranking"],
      path: "Tests/TestSupport",
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "NeuralCoreTests",
      dependencies: [
        "WatchNextTestSupport", "NeuralCore",
      ], swiftSettings: strictSettings),
    .testTarget(
      name: "WorkspaceStoreTests",
      dependencies: [
        "WatchNextTestSupport", "WorkspaceStore", .product(name: "GRDB", package: "GRDB.swift"),
      ],
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "SyntheticWorldTests",
      dependencies: [
        "WatchNextTestSupport", "SyntheticWorld", "WorkspaceStore",
      ],
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "CandidateGenerationTests",
      dependencies: [
        "WatchNextTestSupport", "CandidateGeneration", "SyntheticWorld", "WorkspaceStore", "NeuralCore",
      ],
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "RankingTests",
      dependencies: [
        "WatchNextTestSupport",
        "Ranking", "Recommendation", "CandidateGeneration", "Retrieval", "SyntheticWorld", "WorkspaceStore",
        "NeuralCore",
      ],
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "RecommendationTests",
      dependencies: [
        "WatchNextTestSupport", "Recommendation", "Ranking", "CandidateGeneration", "Retrieval", "SyntheticWorld",
        "WorkspaceStore",
      ],
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "ExplorerTests",
      dependencies: [
        "WatchNextTestSupport", "Explorer", "Ranking", "Recommendation", "NeuralCore", "CandidateGeneration",
      ],
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "ApplicationTests",
      dependencies: [
        "WatchNextTestSupport",
        "Application", "Importers", "SyntheticWorld", "WorkspaceStore", "CandidateGeneration", "Ranking",
        "Recommendation", "NeuralCore",
      ],
      swiftSettings: strictSettings
    ),
    .testTarget(
      name: "RetrievalTests",
      dependencies: [
        "WatchNextTestSupport", "Retrieval", "NeuralCore", "CSimd",
      ], swiftSettings: strictSettings),
    .testTarget(
      name: "ImportersTests",
      dependencies: [
        "WatchNextTestSupport", "Importers", "WorkspaceStore",
      ],
      exclude: ["Fixtures"],
      swiftSettings: strictSettings
    ),
  ]
)
