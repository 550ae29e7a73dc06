// swift-tools-version:6.0
import PackageDescription

/// The pipeline runs one way: RaceSyntax (text → syntax tree) → RaceModel (checked model)
/// → RaceEngine (plan and month loop) → RaceAnalysis (sensitivity and scores over results)
/// → RaceReport (tables, CSV, JSON, diff) → RaceCharts (charts in the terminal and as SVG,
/// the HTML report).
/// RaceSession holds a REPL session on top of them; only the `race` executable touches
/// the terminal, files and the exit code.
/// The library modules build in the Swift 6 language mode (strict concurrency checking).
/// Swift 5 mode remains for the line editor, the executables and the tests: the C interop
/// of libedit and signal handling needs global state that Swift 6's checking rejects.
let v5: [SwiftSetting] = [.swiftLanguageMode(.v5)]
let v6: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "race",
    products: [
        .executable(name: "race", targets: ["race"]),
        .library(name: "RaceSyntax", targets: ["RaceSyntax"]),
        .library(name: "RaceModel", targets: ["RaceModel"]),
        .library(name: "RaceEngine", targets: ["RaceEngine"]),
        .library(name: "RaceAnalysis", targets: ["RaceAnalysis"]),
        .library(name: "RaceReport", targets: ["RaceReport"]),
        .library(name: "RaceCharts", targets: ["RaceCharts"]),
        .library(name: "RaceSession", targets: ["RaceSession"]),
    ],
    targets: [
        .target(name: "RaceSyntax", swiftSettings: v6),
        .target(name: "RaceModel", dependencies: ["RaceSyntax"], swiftSettings: v6),
        // No unsafeFlags anywhere: SwiftPM refuses a dependency by version whose targets have
        // any (Scripts/test-package-dependency.sh builds one in CI).
        .target(name: "RaceEngine", dependencies: ["RaceSyntax", "RaceModel"], swiftSettings: v6),
        // Statistics over results (§19): sensitivity, scores; takes results, never syntax.
        .target(name: "RaceAnalysis", dependencies: ["RaceSyntax", "RaceModel", "RaceEngine"], swiftSettings: v6),
        .target(name: "RaceReport", dependencies: ["RaceSyntax", "RaceModel", "RaceEngine", "RaceAnalysis"], swiftSettings: v6),
        // Charts take results and plain data (never syntax): the session and the command line
        // gather what comes from the source text (comments as sources) and hand it over; of
        // RaceSyntax they use only `MonthIndex`.
        .target(name: "RaceCharts", dependencies: ["RaceSyntax", "RaceModel", "RaceEngine", "RaceReport"], swiftSettings: v6),
        .target(name: "RaceSession", dependencies: ["RaceSyntax", "RaceModel", "RaceEngine", "RaceAnalysis", "RaceReport", "RaceCharts"],
                swiftSettings: v6),
        .systemLibrary(name: "CEditLine", pkgConfig: "libedit", providers: [.apt(["libedit-dev"])]),
        .target(name: "CLineEditShim", dependencies: ["CEditLine"]),
        .target(name: "LineEditing", dependencies: ["CLineEditShim"], swiftSettings: v5),
        // The REPL's handlers of fatal and terminating signals (plain C: they may only call
        // async-signal-safe functions).
        .target(name: "CRaceGuard"),
        .executableTarget(name: "line-editor-demo", dependencies: ["LineEditing"], path: "Sources/LineEditorDemo", swiftSettings: v5),
        .executableTarget(
            name: "race",
            dependencies: ["RaceSyntax", "RaceModel", "RaceEngine", "RaceAnalysis", "RaceReport", "RaceCharts", "RaceSession",
                           "LineEditing", "CRaceGuard"],
            swiftSettings: v5),
        // The engine's benchmark (README "Benchmarks"): throughput beside the in-house baselines.
        .executableTarget(name: "race-bench", dependencies: ["RaceSyntax", "RaceModel", "RaceEngine", "RaceSession"],
                          path: "Sources/RaceBench", swiftSettings: v5),
        // What charts and the report cost beside the Monte Carlo run they draw (README "Charts").
        .executableTarget(name: "race-chart-bench", dependencies: ["RaceModel", "RaceEngine", "RaceCharts", "RaceSession"],
                          path: "Sources/ChartBench", swiftSettings: v5),
        // Structure-aware fuzzing of the built binary (issue 13): swift run race-fuzz --help.
        .executableTarget(name: "race-fuzz", path: "Sources/RaceFuzz", swiftSettings: v5),
        .testTarget(name: "RaceSyntaxTests", dependencies: ["RaceSyntax"], swiftSettings: v5),
        .testTarget(name: "RaceModelTests", dependencies: ["RaceSyntax", "RaceModel"], swiftSettings: v5),
        .testTarget(name: "RaceEngineTests", dependencies: ["RaceSyntax", "RaceModel", "RaceEngine", "RaceReport"], swiftSettings: v5),
        .testTarget(name: "RaceReportTests", dependencies: ["RaceSyntax", "RaceModel", "RaceEngine", "RaceReport"], swiftSettings: v5),
        .testTarget(name: "RaceAnalysisTests", dependencies: ["RaceSyntax", "RaceModel", "RaceEngine", "RaceAnalysis"],
                    swiftSettings: v5),
        // Golden charts are read from the source tree (Tests/RaceChartsTests/Golden) by path.
        .testTarget(name: "RaceChartsTests", dependencies: ["RaceSyntax", "RaceModel", "RaceEngine", "RaceReport", "RaceCharts"],
                    exclude: ["Golden"], swiftSettings: v5),
        .testTarget(name: "RaceSessionTests",
                    dependencies: ["RaceSyntax", "RaceModel", "RaceEngine", "RaceReport", "RaceCharts", "RaceSession"],
                    swiftSettings: v5),
        .testTarget(
            name: "EndToEndTests", dependencies: ["race", "race-fuzz", "RaceSyntax", "RaceModel", "RaceReport", "RaceSession"],
            resources: [.copy("Conformance"), .copy("Crashers")], swiftSettings: v5),
    ]
)
