import Foundation

/// The ways an input reaches the program: each is one run of the built `race` binary.
enum FuzzPath: String, CaseIterable {
    case check, run, samples, diff, test, repl

    /// The arguments for an input in `folder` (`input.race`, `base.race`, `script.txt`).
    func arguments(seed: Int) -> [String] {
        switch self {
        case .check: return ["check", "input.race"]
        case .run: return ["run", "input.race"] + [[], ["--format", "json"], ["--format", "csv", "--series"]][seed % 3]
        case .samples: return ["run", "input.race", "--samples", "64", "--seed", String(seed), "--threads", "2"]
        case .diff: return ["diff", "base.race", "input.race"] + (seed % 4 == 0 ? ["--samples", "16"] : [])
        case .test: return ["test", "input.race"]
        case .repl: return []
        }
    }
}

/// What a run of the binary did.
struct Outcome {
    var status: Int32
    var signal: Int32?
    var timedOut: Bool
    var standardError: String
    var seconds: Double
}

/// What is wrong with an outcome, if anything.
enum Finding: Equatable {
    case crash(String)
    case hang
    case unlocated(String)

    var kind: String {
        switch self {
        case .crash: return "crash"
        case .hang: return "hang"
        case .unlocated: return "unlocated"
        }
    }

    /// A crash is a signal, an exit status other than 0, 1 or 2, or a runtime's report; a hang
    /// is a run past the time limit; an unlocated error is an `error:` line that is neither
    /// `FILE:LINE:COL: error:` nor a usage error (`error: …` with status 2) nor, in the REPL,
    /// a command's `error: …`.
    static func judge(_ outcome: Outcome, path: FuzzPath) -> Finding? {
        if outcome.timedOut { return .hang }
        if let signal = outcome.signal { return .crash("signal \(signal)") }
        for marker in ["Fatal error", "AddressSanitizer", "ThreadSanitizer", "runtime error:", "Program crashed"]
        where outcome.standardError.contains(marker) {
            return .crash(marker)
        }
        if ![0, 1, 2].contains(outcome.status) { return .crash("exit status \(outcome.status)") }
        for line in outcome.standardError.split(separator: "\n") where line.contains("error:") {
            if isLocated(line) { continue }
            if line.hasPrefix("error: ") && (path == .repl || outcome.status == 2) { continue }
            return .unlocated(String(line.prefix(300)))
        }
        return nil
    }

    /// `NAME:LINE:COL: error: …`
    static func isLocated(_ line: Substring) -> Bool {
        guard let range = line.range(of: ": error: ") else { return false }
        let place = line[..<range.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
        return place.count >= 3 && Int(place[place.count - 1]) != nil && Int(place[place.count - 2]) != nil
            && !place[0].isEmpty
    }
}

/// Runs the `race` binary with a time limit, standard output thrown away, standard error kept.
struct Runner {
    let race: String
    let timeout: Double

    func run(_ arguments: [String], in folder: URL, input: URL? = nil) -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: race)
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment["SWIFT_BACKTRACE"] = "enable=no"  // a crash is reported here; the backtrace only costs time
        environment["RACE_HISTORY"] = ""
        environment["RACE_RECOVERY"] = ""
        environment["HOME"] = folder.path
        environment["ASAN_OPTIONS"] = environment["ASAN_OPTIONS"] ?? "detect_leaks=0"
        process.environment = environment
        let errorURL = folder.appendingPathComponent("stderr-\(arguments.first ?? "repl")")
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        guard let error = try? FileHandle(forWritingTo: errorURL) else {
            return Outcome(status: 125, signal: nil, timedOut: false, standardError: "cannot open \(errorURL.path)", seconds: 0)
        }
        defer { try? error.close() }
        process.standardError = error
        process.standardOutput = FileHandle.nullDevice
        process.standardInput = input.flatMap { try? FileHandle(forReadingFrom: $0) } ?? FileHandle.nullDevice
        let started = Date()
        do { try process.run() } catch {
            return Outcome(status: 126, signal: nil, timedOut: false, standardError: "cannot run \(race): \(error)", seconds: 0)
        }
        var timedOut = false
        while process.isRunning {
            if Date().timeIntervalSince(started) > timeout {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                break
            }
            usleep(2_000)
        }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(started)
        let text = String(decoding: (try? Data(contentsOf: errorURL)) ?? Data(), as: UTF8.self)
        let signalled = process.terminationReason == .uncaughtSignal
        return Outcome(status: process.terminationStatus, signal: signalled && !timedOut ? process.terminationStatus : nil,
                       timedOut: timedOut, standardError: text, seconds: seconds)
    }
}
