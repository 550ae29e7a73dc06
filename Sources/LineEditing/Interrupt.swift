import CLineEditShim

/// Ctrl-C as a flag, for a REPL that must not die when the user interrupts.
///
/// After `install()`, SIGINT no longer kills the process: it sets `requested`. Long-running
/// work (a `:run`) checks `requested` now and then and stops early; the REPL then calls
/// `clear()`. The handler is installed with `SA_RESTART`, so output written during a long run
/// is not broken by the signal; while `LineEditor.readLine` waits for keys it switches to a
/// handler without `SA_RESTART`, so Ctrl-C abandons the line being typed.
/// `LineEditor.readLine` clears the flag when it returns.
public enum Interrupt {
    /// Installs the SIGINT handler (once; later calls do nothing).
    public static func install() { race_interrupt_install() }

    public static var isInstalled: Bool { race_interrupt_installed() != 0 }

    /// Whether Ctrl-C was pressed since the last `clear()`.
    public static var requested: Bool { race_interrupt_requested() != 0 }

    public static func clear() { race_interrupt_clear() }
}
