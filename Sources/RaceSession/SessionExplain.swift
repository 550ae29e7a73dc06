import FoundationEssentials
import RaceAnalysis
import RaceReport

extension Session {
    /// `:explain X.FIELD [S]` (docs/reference/explain.md): which random inputs move one outcome at the horizon, as
    /// `race explain` prints it: one at a time, or from S samples.
    func explain(_ argument: String) -> Reply {
        guard let model else { return noScenario() }
        let words = argument.split(whereSeparator: \.isWhitespace).map(String.init)
        guard (1...2).contains(words.count), words.count == 1 || Int(words[1]).map({ $0 >= 1 }) == true else {
            return Reply(errors: "error: :explain takes an outcome and optionally a number of samples, as in :explain OpenAI.cash "
                             + "or :explain OpenAI.cash 2000\n")
        }
        let request = Explaining.Request(outcomes: [words[0]], samples: words.count == 2 ? Int(words[1])! : 1, seed: 0,
                                         threads: ProcessInfo.processInfo.activeProcessorCount)
        do {
            return Reply(output: ExplainText.tornado(try Explaining.explain(model, request), top: 10))
        } catch {
            switch error {
            case .request(let message): return Reply(errors: "error: \(message)\n")
            case .run(let diagnostics): return Reply(errors: render(diagnostics))
            }
        }
    }
}
