import Foundation

/// The documentation as the tests read it: README.md, docs/tutorial.md and the pages of
/// docs/reference, each as its fenced blocks in order.
enum Documentation {
    /// A fenced block: its language (` ```race ` → `race`) and its text.
    struct Block {
        let language: String
        let text: String

        /// `# first.race` or `# first.race, continued` on a ```race block's first line: the
        /// block is (or continues) a file the reader saves under that name.
        var savedFile: (name: String, continues: Bool)? {
            guard language == "race", let first = text.split(separator: "\n").first, first.hasPrefix("# "),
                  first.contains(".race") else { return nil }
            var name = first.dropFirst(2)
            let continues = name.hasSuffix(", continued")
            if continues { name = name.dropLast(", continued".count) }
            guard name.hasSuffix(".race"), !name.contains(" ") else { return nil }
            return (String(name), continues)
        }
    }

    /// The package's folder, found from this file's place in it.
    static let packageFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// README.md, docs/tutorial.md, then the reference pages by name.
    static func files() throws -> [URL] {
        let reference = packageFolder.appendingPathComponent("docs/reference")
        let pages = try FileManager.default.contentsOfDirectory(at: reference, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "md" }.sorted { $0.lastPathComponent < $1.lastPathComponent }
        return [packageFolder.appendingPathComponent("README.md"),
                packageFolder.appendingPathComponent("docs/tutorial.md")] + pages
    }

    static func blocks(of url: URL) throws -> [Block] {
        blocks(in: try String(contentsOf: url, encoding: .utf8))
    }

    static func blocks(in markdown: String) -> [Block] {
        var blocks: [Block] = []
        var open: (language: String, lines: [Substring])?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") {
                if let current = open {
                    blocks.append(Block(language: current.language, text: current.lines.joined(separator: "\n")))
                    open = nil
                } else {
                    open = (String(line.dropFirst(3)).trimmingCharacters(in: .whitespaces), [])
                }
            } else {
                open?.lines.append(line)
            }
        }
        return blocks
    }

    /// The command lines of a ```sh block that run `race`: those starting with `race`, and
    /// pipelines into `race`; with the exit code a trailing `# exit code N` asks for (else 0).
    static func raceCommands(in block: Block) -> [(line: String, exitCode: Int32)] {
        guard block.language == "sh" else { return [] }
        return block.text.split(separator: "\n").compactMap { raw in
            var line = raw.trimmingCharacters(in: .whitespaces)
            guard line.hasPrefix("race ") || line == "race" || line.contains("| race") else { return nil }
            var exitCode: Int32 = 0
            if let marker = line.range(of: "# exit code ") {
                exitCode = Int32(line[marker.upperBound...].trimmingCharacters(in: .whitespaces)) ?? -1
                line = String(line[..<marker.lowerBound]).trimmingCharacters(in: .whitespaces)
            }
            return (line, exitCode)
        }
    }

    /// A scenario to put before a fragment of the reference (an action, a rule, a field),
    /// so that the fragment checks: the names the examples use.
    static let prelude = """
        start 2025-01
        horizon 2027-12
        chip H100 { price: $30k falling 25%/year, perf: 989 TFLOP/s, power: 1.4 kW, opex: $1.2k/month, rent: $2.40/hour }
        chip GB200 { price: $60k, perf: 2.5 PFLOP/s, power: 2 kW, opex: $2k/month, rent: $4.50/hour }
        company Microsoft
        company Amazon
        company Google
        company Nvidia
        company Oracle
        company Azure { cash: $0 }
        lab OpenAI { cash: $10B, valuation: $157B, revenue: $400M/month growing 5%/month, burn: $700M/month, owners: Microsoft 49% }
        lab Anthropic { cash: $5B, valuation: $60B, revenue: $100M/month growing 8%/month, burn: $300M/month, owners: Amazon 20% }
        lab Alpha { cash: $2B, valuation: $10B, burn: $100M/month }
        lab Beta { cash: $1B, valuation: $5B, burn: $50M/month }
        param growth = 5%/month
        let capability(L) = log10(L.flop / 1 FLOP)
        on 2025-06 as msft_deal: Microsoft invests $1B in OpenAI
        on 2025-09 as beta_round: Beta raises $1B at $8B post
        on 2025-01 as stargate: OpenAI builds 1 GW of GB200 for $50B over 24 months
        on 2025-03 as openai_softbank: OpenAI raises $10B at $300B post

        """

    /// Whether a ```race block is a whole scenario (it says when it starts, or builds on one).
    static func isWholeScenario(_ text: String) -> Bool {
        text.split(separator: "\n").contains { $0.hasPrefix("start ") || $0.hasPrefix("extends ") }
    }
}
