import Foundation
import XCTest

/// docs/reference/shards.md: a run split into shards, each a separate `race` process writing its per-sample file,
/// merges into the single run's output byte for byte, for table, CSV and JSON; so do the
/// shipped Slurm and Kubernetes job files run as local processes.
final class ShardTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("race-shards-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try scenario.write(to: directory.appendingPathComponent("shards.race"), atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    /// Draws, stakes, expectations, observations (a value and a condition), compute (a rate
    /// shown per second), a lab with nothing burnt (an infinite runway) and labs that run out.
    let scenario = """
        start 2025-01
        horizon 2026-06
        chip G { price: $30k, perf: 1 PFLOP/s, power: 1 kW }
        param growth = 2%/month to 9%/month
        company Big
        lab A { cash: $2B to $6B, revenue: $100M/month growing growth, burn: $300M/month, owners: Big 20%, valuation: $20B, fleet: 10k G }
        lab B { cash: uniform($1B, $5B), revenue: $50M/month growing growth, burn: normal($200M/month, $50M/month) }
        lab C { cash: $1B, revenue: $100M/month }
        for each lab L:
          when L.runway < 4 months: Big invests L.burn * 6 months in L at $30B
        let capability(L) = log10(L.flop / 1 FLOP + 1)
        report cash, runway, capability, compute
        expect A.cash > $1B
        observe A.cash at 2025-06 = $3B ± 40%
        observe B.active at 2025-09

        """

    private func race(_ arguments: String...) throws -> RaceProcess.Outcome {
        let outcome = try RaceProcess.run(arguments, in: directory, timeout: 120)
        XCTAssertTrue(outcome.endedCleanly, outcome.output)
        return outcome
    }

    private func read(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    func testMergedShardsGiveTheSingleRunByteForByte() throws {
        let samples = "1000", seed = "11"
        let formats = ["table", "csv", "json"]
        var single: [String: String] = [:]
        for format in formats {
            let outcome = try race("run", "shards.race", "--samples", samples, "--seed", seed, "--format", format)
            XCTAssertEqual(outcome.status, 0, outcome.output)
            single[format] = outcome.standardOutput
        }
        XCTAssertTrue(single["table"]!.contains("weighted by 2 observations"), single["table"]!)
        for shards in [1, 2, 3, 7] {
            var parts: [String] = []
            for index in 0..<shards {
                let part = "part-\(shards)-\(index).csv"
                let outcome = try race("run", "shards.race", "--samples", samples, "--seed", seed, "--shard", "\(index)/\(shards)",
                                       "--per-sample", part)
                XCTAssertEqual(outcome.status, 0, outcome.output)
                XCTAssertEqual(outcome.standardOutput, "", "a shard writes only its file")
                parts.append(part)
            }
            for format in formats {
                let merged = try RaceProcess.run(["merge", "shards.race"] + parts.reversed() + ["--format", format], in: directory)
                XCTAssertEqual(merged.status, 0, merged.output)
                XCTAssertEqual(merged.standardOutput, single[format], "\(shards) shards, \(format)")
            }
        }
    }

    func testMergedShardsGiveTheSingleRunWithoutObservationsToo() throws {
        let single = try race("run", "shards.race", "--samples", "700", "--prior", "--format", "json")
        var parts: [String] = []
        for index in 0..<3 {
            _ = try race("run", "shards.race", "--samples", "700", "--prior", "--shard", "\(index)/3", "--per-sample", "p\(index).csv")
            parts.append("p\(index).csv")
        }
        let merged = try RaceProcess.run(["merge", "shards.race", "--prior", "--format", "json"] + parts, in: directory)
        XCTAssertEqual(merged.standardOutput, single.standardOutput)
    }

    func testAPerSampleFileLeavesTheOutputAsItWas() throws {
        for format in ["table", "csv", "json"] {
            let plain = try race("run", "shards.race", "--samples", "300", "--format", format)
            let withFile = try race("run", "shards.race", "--samples", "300", "--format", format, "--per-sample", "all.csv")
            XCTAssertEqual(plain.standardOutput, withFile.standardOutput, format)
        }
        let lines = try read("all.csv").split(separator: "\n").map(Self.fields)
        XCTAssertEqual(lines.count, 301)
        let header = lines[0]
        for column in ["seed", "samples", "sample", "log_weight", "growth", "shards.race:7:76 normal($200M/month, $50M/month)",
                       "A.exit", "A.cash", "A.compute", "C.runway", "A.stake(Big)"] {
            XCTAssertTrue(header.contains(column), "\(column) in \(header)")
        }
        XCTAssertTrue(lines.dropFirst().allSatisfy { $0.count == header.count })
        XCTAssertEqual(lines[1][header.firstIndex(of: "C.runway")!], "inf", "nothing burnt: an infinite runway")
        XCTAssertEqual(lines[1][header.firstIndex(of: "samples")!], "300")
        XCTAssertEqual(lines[300][header.firstIndex(of: "sample")!], "299")
    }

    func testMergeRefusesFilesThatDoNotBelongTogether() throws {
        _ = try race("run", "shards.race", "--samples", "200", "--shard", "0/2", "--per-sample", "a.csv")
        _ = try race("run", "shards.race", "--samples", "200", "--shard", "1/2", "--per-sample", "b.csv")
        _ = try race("run", "shards.race", "--samples", "200", "--seed", "9", "--shard", "1/2", "--per-sample", "c.csv")
        let missing = try race("merge", "shards.race", "a.csv")
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.standardError.contains("samples 100–199 of 200 are in none of the files"), missing.output)
        let twice = try race("merge", "shards.race", "a.csv", "b.csv", "b.csv")
        XCTAssertTrue(twice.standardError.contains("appears twice"), twice.output)
        let seeds = try race("merge", "shards.race", "a.csv", "c.csv")
        XCTAssertTrue(seeds.standardError.contains("c.csv:2: error: seed 9"), seeds.output)
        try (scenario.replacingOccurrences(of: "$2B to $6B", with: "$2B to $7B"))
            .write(to: directory.appendingPathComponent("edited.race"), atomically: true, encoding: .utf8)
        let edited = try race("merge", "edited.race", "a.csv", "b.csv")
        XCTAssertEqual(edited.status, 1)
        XCTAssertTrue(edited.standardError.contains("error: column"), edited.output)
        let usage = try race("run", "shards.race", "--samples", "200", "--shard", "0/2")
        XCTAssertEqual(usage.status, 2, usage.output)
    }

    /// The fields of one CSV line (quoted fields may hold commas; none here holds a line break).
    static func fields(_ line: Substring) -> [String] {
        var fields: [String] = [], field = "", quoted = false
        var characters = line.makeIterator()
        while let c = characters.next() {
            if quoted {
                if c == "\"" { quoted = false } else { field.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == "," {
                fields.append(field)
                field = ""
            } else {
                field.append(c)
            }
        }
        return fields + [field]
    }

    // MARK: - The shipped job files, run as local processes

    static var examples: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/shards")
    }

    /// Runs `/bin/sh` (or bash) with `arguments` in the scratch folder, `race` on the PATH.
    private func shell(_ arguments: [String], environment extra: [String: String]) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        let binary = URL(fileURLWithPath: try RaceProcess.executable()).deletingLastPathComponent().path
        environment["PATH"] = binary + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        for (key, value) in extra { environment[key] = value }
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    /// Each array task's environment as Slurm sets it, the script run as Slurm would run it.
    func testTheSlurmJobArrayRunsAsLocalProcessesAndMerges() throws {
        let script = Self.examples.appendingPathComponent("race-shards.sbatch").path
        let settings = ["SCENARIO": "shards.race", "SAMPLES": "500", "SEED": "2025", "OUT": "parts", "SLURM_ARRAY_TASK_COUNT": "3"]
        for task in 0..<3 {
            XCTAssertEqual(try shell(["-c", "bash \"$0\"", script], environment: settings.merging(["SLURM_ARRAY_TASK_ID": "\(task)"]) { $1 }), 0)
        }
        let merged = try race("merge", "shards.race", "parts/part-0.csv", "parts/part-1.csv", "parts/part-2.csv", "--format", "json")
        let single = try race("run", "shards.race", "--samples", "500", "--seed", "2025", "--format", "json")
        XCTAssertEqual(merged.standardOutput, single.standardOutput)
    }

    /// The Indexed Job's container command, run once per completion index with the job's
    /// environment (the scenario, samples and output folder pointed at the scratch folder).
    func testTheKubernetesIndexedJobRunsAsLocalProcessesAndMerges() throws {
        let job = try String(contentsOf: Self.examples.appendingPathComponent("race-shards-job.yaml"), encoding: .utf8)
        let argsLine = try XCTUnwrap(job.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix("args: ['") })
        let command = String(argsLine.split(separator: "'", maxSplits: 1)[1].dropLast(2))
        let completions = try XCTUnwrap(job.split(separator: "\n").first { $0.contains("completions:") }?.split(separator: ":").last)
        XCTAssertEqual(completions.trimmingCharacters(in: .whitespaces), "10")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent("parts"), withIntermediateDirectories: true)
        let settings = ["SCENARIO": "shards.race", "SAMPLES": "500", "SEED": "2025", "SHARDS": "10", "OUT": "parts"]
        for index in 0..<10 {
            XCTAssertEqual(try shell(["-c", command], environment: settings.merging(["JOB_COMPLETION_INDEX": "\(index)"]) { $1 }), 0, command)
        }
        let parts = (0..<10).map { "parts/part-\($0).csv" }
        let merged = try RaceProcess.run(["merge", "shards.race"] + parts, in: directory)
        let single = try race("run", "shards.race", "--samples", "500", "--seed", "2025")
        XCTAssertEqual(merged.standardOutput, single.standardOutput)
    }
}
