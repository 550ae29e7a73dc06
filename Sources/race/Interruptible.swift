import LineEditing
import RaceEngine

/// Long work (Monte Carlo, `diff --samples`) with a progress bar and a clean Ctrl-C.
///
/// Ctrl-C sets a flag instead of killing the process; the work's progress callback sees it
/// after its current block and stops, and the command prints `interrupted` and exits 130
/// (128 + SIGINT, as a shell reports a process killed by Ctrl-C) without any partial output.
enum Interruptible {
    /// The exit code of a command stopped by Ctrl-C.
    static let exitCode: Int32 = 130

    /// Thrown by work that noticed the stop some other way than `MonteCarloCancelled`.
    struct Cancelled: Error {}

    /// Runs `work`, handing it a progress callback (samples done so far → whether to go on).
    /// Throws `ExitCode(130)` after Ctrl-C, whether the work noticed or had just finished.
    static func run<Result>(total: Int, unit: String,
                            _ work: (@escaping @Sendable (Int) -> Bool) throws -> Result) throws -> Result {
        Interrupt.install()
        Interrupt.clear()
        let bar = ProgressBar(total: total, unit: unit)
        let result: Result
        do {
            result = try work { done in
                bar.update(done)
                return !Interrupt.requested
            }
        } catch is MonteCarloCancelled, is Cancelled {
            bar.finish()
            throw interrupted()
        } catch {
            bar.finish()
            throw error
        }
        bar.finish()
        if Interrupt.requested { throw interrupted() }
        return result
    }

    private static func interrupted() -> ExitCode {
        Terminal.standardError("interrupted\n")
        return ExitCode(exitCode)
    }
}
