import Foundation
import XCTest

/// Runs the built `race` binary as a child process, with a timeout: a hang is killed and
/// reported, a crash shows as an exit status ≥ 128 or a signal.
struct RaceProcess {
    struct Outcome {
        /// The exit code, or 128 + the signal number when the process was killed by a signal.
        var status: Int32
        var signalled: Bool
        var timedOut: Bool
        var standardOutput: String
        var standardError: String
        var seconds: Double

        var output: String { standardOutput + standardError }
        /// Neither a crash (a signal, or a status ≥ 128) nor a hang.
        var endedCleanly: Bool { !signalled && !timedOut && status < 128 }
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String
    }

    /// The `race` executable next to the test bundle (see `BuiltProducts`).
    static func executable() throws -> String {
        guard let path = BuiltProducts.executable(named: "race") else {
            throw Missing(description: "race is not built next to the tests (looked in \(BuiltProducts.directories.map(\.path)))")
        }
        return path
    }

    /// Runs `race ARGUMENTS` in `directory`, killing it after `timeout` seconds. The environment
    /// is this process's with `NO_COLOR=1` and `environment` on top (nil removes a variable);
    /// standard input is `input`, or empty.
    static func run(_ arguments: [String], in directory: URL? = nil, timeout: Double = 30,
                    environment overrides: [String: String?] = [:], input: Data? = nil) throws -> Outcome {
        try run(program: try executable(), arguments, in: directory, timeout: timeout, environment: overrides, input: input)
    }

    /// Runs any program the same way: `bash -c LINE` for a documented command line.
    static func run(program: String, _ arguments: [String], in directory: URL? = nil, timeout: Double = 30,
                    environment overrides: [String: String?] = [:], input: Data? = nil) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        for (name, value) in overrides { environment[name] = value }
        process.environment = environment
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("race-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let outURL = scratch.appendingPathComponent("out"), errURL = scratch.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        defer { try? out.close(); try? err.close() }
        process.standardOutput = out
        process.standardError = err
        if let input {
            let inURL = scratch.appendingPathComponent("in")
            try input.write(to: inURL)
            process.standardInput = try FileHandle(forReadingFrom: inURL)
        } else {
            process.standardInput = FileHandle.nullDevice
        }
        let started = Date()
        try process.run()
        var timedOut = false
        while process.isRunning {
            if Date().timeIntervalSince(started) > timeout {
                timedOut = true
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                break
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        let seconds = Date().timeIntervalSince(started)
        let signalled = process.terminationReason == .uncaughtSignal
        let status = signalled ? 128 + process.terminationStatus : process.terminationStatus
        let read = { (url: URL) in String(decoding: (try? Data(contentsOf: url)) ?? Data(), as: UTF8.self) }
        return Outcome(status: status, signalled: signalled, timedOut: timedOut, standardOutput: read(outURL),
                       standardError: read(errURL), seconds: seconds)
    }
}

/// The conformance cases copied into the test bundle (`.copy("Conformance")`).
enum ConformanceCases {
    static func folder() throws -> URL {
        if let url = Bundle.module.url(forResource: "Conformance", withExtension: nil) { return url }
        throw RaceProcess.Missing(description: "the Conformance resource is not in the test bundle")
    }

    /// Folders holding an `expected.json`, sorted by name.
    static func cases() throws -> [URL] {
        let root = try folder()
        return try FileManager.default.contentsOfDirectory(at: root, includingPropertiesForKeys: nil)
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("expected.json").path) }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// The scenario files of `errors/`, sorted by name.
    static func errorFiles() throws -> [URL] {
        let errors = try folder().appendingPathComponent("errors")
        return try FileManager.default.contentsOfDirectory(at: errors, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "race" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// A case's `expected.json` and the file it runs (`main`).
    static func expected(_ folder: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: folder.appendingPathComponent("expected.json"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw RaceProcess.Missing(description: "\(folder.lastPathComponent)/expected.json is not an object")
        }
        return object
    }
}
