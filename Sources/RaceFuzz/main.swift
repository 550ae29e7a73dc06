import Foundation

/// race-fuzz: structure-aware fuzzing of the built `race` binary (issue 13).
///
/// Each input is a valid scenario (`ScenarioWriter`) broken by a few mutations (`Mutator`),
/// run through `check`, `run`, `run --samples 64`, `diff`, `test` and the REPL fed a script
/// on standard input, each with a time limit. Counted: crashes (a signal, a runtime's
/// report, an odd exit status), hangs, and error lines that say no file, line and column.
/// Every finding is written to the findings folder with the command that found it; input N
/// of seed S is the same on every machine, so `--seed S --from N --count 1` reproduces it.
///
///     swift build && swift run race-fuzz --count 1000
///     swift build -c debug -Xswiftc -sanitize=address --build-path .build-asan \
///         && swift run race-fuzz --race .build-asan/debug/race --count 200
///     swift run race-fuzz --replay Tests/EndToEndTests/Crashers/*.race
struct Options {
    /// The `race` built beside this program (`swift run race-fuzz` uses the same build).
    var race = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("race").path
    var count = 1000
    var from = 0
    var seed: UInt64 = 1
    var jobs = 2
    var timeout = 10.0
    var rounds = 4
    var paths = FuzzPath.allCases
    var findings = ".build/fuzz-findings"
    var replay: [String] = []
    var show = false

    static let usage = """
        usage: race-fuzz [--race PATH] [--count N] [--from N] [--seed S] [--jobs J] [--timeout SECONDS]
                         [--rounds R] [--paths check,run,samples,diff,test,repl] [--findings DIR] [--show]
               race-fuzz --replay FILE... [--race PATH]   (runs the files as they are, every path)
        """

    init(_ arguments: [String]) throws {
        var rest = arguments[...]
        func value() throws -> String {
            guard let v = rest.popFirst() else { throw UsageError(message: "missing value") }
            return v
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--race": race = try value()
            case "--count": count = try Int(value()).orThrow("--count takes a number")
            case "--from": from = try Int(value()).orThrow("--from takes a number")
            case "--seed": seed = try UInt64(value()).orThrow("--seed takes a number")
            case "--jobs": jobs = max(1, try Int(value()).orThrow("--jobs takes a number"))
            case "--timeout": timeout = try Double(value()).orThrow("--timeout takes seconds")
            case "--rounds": rounds = max(1, try Int(value()).orThrow("--rounds takes a number"))
            case "--paths": paths = try value().split(separator: ",").map { try FuzzPath(rawValue: String($0)).orThrow("unknown path \($0)") }
            case "--findings": findings = try value()
            case "--show": show = true
            case "--replay":
                while let file = rest.first, !file.hasPrefix("--") { replay.append(file); rest.removeFirst() }
            case "-h", "--help": print(Self.usage); exit(0)
            default: throw UsageError(message: "unknown option \(argument)")
            }
        }
    }
}

struct UsageError: Error { let message: String }

extension Optional {
    func orThrow(_ message: String) throws -> Wrapped {
        guard let self else { throw UsageError(message: message) }
        return self
    }
}

/// The texts of input `index`: the valid scenario, its mutated form, and the REPL script.
func makeInput(seed: UInt64, index: Int, rounds: Int) -> (base: String, input: String, script: String) {
    var random = SeededRandom(seed: seed, index: UInt64(index))
    var writer = ScenarioWriter(random: random)
    let base = writer.write()
    random = writer.random
    // One input in ten is left valid, so the paths also see what a valid scenario does.
    let input = random.chance(0.1) ? base : Mutator.mutate(base, rounds: rounds, &random)
    let script = Mutator.mutate(REPLScript.make(from: base, &random), rounds: random.chance(0.3) ? 1 : rounds, &random)
    return (base, input, script)
}

setvbuf(stdout, nil, _IOLBF, 0)  // progress lines show as they come, also in a log file
let options: Options
do { options = try Options(Array(CommandLine.arguments.dropFirst())) } catch let error as UsageError {
    FileHandle.standardError.write(Data("race-fuzz: \(error.message)\n\(Options.usage)\n".utf8))
    exit(2)
}
if options.show {
    for index in options.from..<options.from + options.count {
        let (base, input, script) = makeInput(seed: options.seed, index: index, rounds: options.rounds)
        print("=== \(index) base.race\n\(base)=== \(index) input.race\n\(input)\n=== \(index) script.txt\n\(script)")
    }
    exit(0)
}
guard FileManager.default.isExecutableFile(atPath: options.race) else {
    FileHandle.standardError.write(Data("race-fuzz: no race binary at \(options.race); swift build first, or --race PATH\n".utf8))
    exit(2)
}
let campaign = Campaign(options: options)
exit(campaign.run() ? 0 : 1)
