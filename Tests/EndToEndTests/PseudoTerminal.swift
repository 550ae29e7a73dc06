import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Runs an executable on a pseudo-terminal (`forkpty`) so end-to-end tests can type at it like
/// a user: `send("text\r")`, `send(control: "C")`, then `waitFor("expected")`.
///
/// Never hangs: every wait has a timeout, reads use `poll`, and the child is killed on
/// `deinit`. Keys go through the terminal's line discipline, so Ctrl-C raises SIGINT in the
/// child and Enter is `"\r"`.
final class PseudoTerminal {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The child's process id.
    let pid: pid_t
    /// Everything the child wrote so far, as bytes.
    private(set) var raw: [UInt8] = []
    /// How the child ended: exit status, or 128 + signal number. Nil while it runs.
    private(set) var exitStatus: Int32?

    private var master: Int32
    /// Offset in `output` (in characters) after the last `waitFor` match.
    private var matchedUpTo = 0

    /// Starts `executable` with `arguments` and exactly `environment` (and the sanitizers'
    /// settings of this process) on a new terminal of `rows` × `columns`.
    init(
        executable: String, arguments: [String] = [], environment: [String: String],
        currentDirectory: String? = nil, rows: UInt16 = 24, columns: UInt16 = 120
    ) throws {
        guard access(executable, X_OK) == 0 else {
            throw Failure(description: "not an executable: \(executable)")
        }
        // Everything the child needs is allocated before fork: after fork only execve/_exit.
        let argv = CStringArray([executable] + arguments)
        let envp = CStringArray(SanitizerEnvironment.adding(to: environment).sorted { $0.key < $1.key }
            .map { "\($0.key)=\($0.value)" })
        let path = strdup(executable)!
        let directory = currentDirectory.map { strdup($0)! }
        defer {
            free(path)
            if let directory { free(directory) }
        }
        var size = winsize(ws_row: rows, ws_col: columns, ws_xpixel: 0, ws_ypixel: 0)
        var masterFD: Int32 = -1
        let child = forkpty(&masterFD, nil, nil, &size)
        if child == 0 {
            if let directory, chdir(directory) != 0 { _exit(126) }
            execve(path, argv.pointers, envp.pointers)
            _exit(127)
        }
        guard child > 0 else {
            throw Failure(description: "forkpty failed: \(String(cString: strerror(errno)))")
        }
        pid = child
        master = masterFD
        _ = fcntl(master, F_SETFL, fcntl(master, F_GETFL) | O_NONBLOCK)
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
    }

    deinit {
        terminate()
        if master >= 0 { close(master) }
    }

    // MARK: Typing

    /// Types `text` (UTF-8). Enter is `"\r"`, TAB `"\t"`.
    func send(_ text: String) {
        send(bytes: Array(text.utf8))
    }

    /// Types Ctrl-`letter` (`"C"`: interrupt, `"D"`: end of file).
    func send(control letter: Character) {
        guard let ascii = letter.uppercased().first?.asciiValue else { return }
        send(bytes: [ascii & 0x1f])
    }

    /// Arrow keys as an xterm sends them.
    enum Key: String {
        case up = "\u{1b}[A", down = "\u{1b}[B", right = "\u{1b}[C", left = "\u{1b}[D"
    }

    func send(key: Key) { send(key.rawValue) }

    func send(bytes: [UInt8], timeout: TimeInterval = 5) {
        var offset = 0
        let deadline = Date().addingTimeInterval(timeout)
        while offset < bytes.count && Date() < deadline {
            let written = bytes[offset...].withUnsafeBytes { write(master, $0.baseAddress, $0.count) }
            if written > 0 {
                offset += written
            } else if written < 0 && errno != EAGAIN && errno != EINTR {
                return
            } else {
                // The terminal's input queue is full: let the child read, keep its output flowing.
                pump(timeout: 0.01)
            }
        }
    }

    // MARK: Reading

    /// Everything the child wrote so far, decoded as UTF-8, with ANSI escape sequences and
    /// control characters other than newline, carriage return and tab removed.
    var output: String {
        PseudoTerminal.stripANSI(String(decoding: raw, as: UTF8.self))
    }

    /// The terminal's contents as lines, from a small emulation of what the escape sequences do
    /// (cursor moves within a line and up/down, erase to end of line/screen). Scrolled-off
    /// lines are kept. Good enough to see what a line editor left on a line.
    var screenLines: [String] {
        var screen = ScreenModel()
        screen.feed(String(decoding: raw, as: UTF8.self))
        return screen.lines
    }

    /// Output not yet consumed by `waitFor`.
    var unmatchedOutput: String {
        String(output.dropFirst(matchedUpTo))
    }

    /// Waits until `text` appears in the output after the previous match (ANSI stripped), then
    /// consumes the output up to its end. False when `timeout` runs out or the child ended
    /// without writing it.
    @discardableResult
    func waitFor(_ text: String, timeout: TimeInterval = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let current = output
            let rest = current.dropFirst(matchedUpTo)
            if let range = rest.range(of: text) {
                matchedUpTo = current.distance(from: current.startIndex, to: range.upperBound)
                return true
            }
            let remaining = deadline.timeIntervalSinceNow
            if remaining <= 0 { return false }
            if !pump(timeout: min(remaining, 0.1)) {
                if !isRunning {
                    _ = pump(timeout: 0)
                    if output.dropFirst(matchedUpTo).range(of: text) != nil { continue }
                    return false
                }
                usleep(10_000)
            }
        }
    }

    /// Reads the child's output until `condition` holds (checked after each read) or `timeout`
    /// runs out; whether it held.
    @discardableResult
    func waitUntil(timeout: TimeInterval = 10, _ condition: (PseudoTerminal) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            if condition(self) { return true }
            if Date() >= deadline { return false }
            if !pump(timeout: min(max(0, deadline.timeIntervalSinceNow), 0.1)) {
                if !isRunning { _ = pump(timeout: 0); return condition(self) }
                usleep(10_000)
            }
        }
    }

    /// The last line of `screenLines` that is not empty ("" if none).
    var lastScreenLine: String {
        screenLines.last(where: { !$0.isEmpty }) ?? ""
    }

    /// Reads what the child writes for `duration` seconds (or until it ends) and returns all
    /// output so far.
    @discardableResult
    func readAll(for duration: TimeInterval = 0.2) -> String {
        let deadline = Date().addingTimeInterval(duration)
        repeat {
            if !pump(timeout: max(0, min(deadline.timeIntervalSinceNow, 0.05))) && !isRunning { break }
        } while Date() < deadline
        return output
    }

    /// Reads available output, waiting up to `timeout` seconds for some. False when nothing
    /// can ever come again (the child closed the terminal).
    @discardableResult
    private func pump(timeout: TimeInterval) -> Bool {
        var descriptor = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, Int32(max(0, timeout * 1000)))
        if ready <= 0 { return ready == 0 || errno == EINTR }
        var buffer = [UInt8](repeating: 0, count: 4096)
        var sawData = false
        while true {
            let count = buffer.withUnsafeMutableBytes { read(master, $0.baseAddress, $0.count) }
            if count > 0 {
                raw.append(contentsOf: buffer[0..<count])
                sawData = true
                continue
            }
            if count < 0 && (errno == EAGAIN || errno == EINTR) { return true }
            // 0 or EIO: every slave descriptor is closed (the child exited).
            return sawData
        }
    }

    // MARK: The child

    var isRunning: Bool {
        if exitStatus != nil { return false }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid {
            exitStatus = PseudoTerminal.decode(status)
            return false
        }
        return result == 0
    }

    /// Waits for the child to end (reading its output meanwhile); its exit status, or nil on
    /// timeout.
    func waitForExit(timeout: TimeInterval = 10) -> Int32? {
        let deadline = Date().addingTimeInterval(timeout)
        while isRunning {
            if Date() >= deadline { return nil }
            pump(timeout: 0.05)
        }
        pump(timeout: 0)
        return exitStatus
    }

    /// Sends `signal` to the child.
    func signal(_ signal: Int32) {
        if isRunning { kill(pid, signal) }
    }

    /// Kills the child (SIGKILL) if it still runs and reaps it.
    func terminate() {
        guard isRunning else { return }
        kill(pid, SIGKILL)
        var status: Int32 = 0
        for _ in 0..<500 {
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid {
                exitStatus = PseudoTerminal.decode(status)
                return
            }
            if result < 0 { return }
            usleep(10_000)
        }
    }

    private static func decode(_ status: Int32) -> Int32 {
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal
    }

    // MARK: Text

    /// `text` without ANSI escape sequences (CSI, OSC, two-character escapes) and without
    /// control characters other than `\n`, `\r` and `\t`.
    static func stripANSI(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            switch scalar.value {
            case 0x1b:
                guard let next = scalars.next() else { break }
                switch next {
                case "[":  // CSI: parameters and intermediates, then a final byte 0x40–0x7E
                    while let c = scalars.next(), !(0x40...0x7e).contains(c.value) {}
                case "]":  // OSC: up to BEL or ESC \
                    var previous: Unicode.Scalar = " "
                    while let c = scalars.next() {
                        if c.value == 0x07 || (previous.value == 0x1b && c == "\\") { break }
                        previous = c
                    }
                case "(", ")", "*", "+", "#", "%":  // character set selection: one more byte
                    _ = scalars.next()
                default:
                    break  // ESC and one character (ESC =, ESC >, ESC 7 ...)
                }
            case 0x0a, 0x0d, 0x09:
                result.append(scalar)
            case 0x00..<0x20, 0x7f:
                break
            default:
                result.append(scalar)
            }
        }
        return String(result)
    }
}

/// NULL-terminated `char *[]` for execve, allocated before fork.
private final class CStringArray {
    let pointers: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let count: Int

    init(_ strings: [String]) {
        count = strings.count
        pointers = .allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() { pointers[index] = strdup(string) }
        pointers[strings.count] = nil
    }

    deinit {
        for index in 0..<count { free(pointers[index]) }
        pointers.deallocate()
    }
}

/// A terminal screen reduced to what tests need: lines of text and a cursor.
private struct ScreenModel {
    var lines: [String] = [""]
    private var grid: [[Character]] = [[]]
    private var row = 0
    private var column = 0

    mutating func feed(_ text: String) {
        var characters = Array(text)[...]
        while let character = characters.popFirst() {
            switch character {
            case "\u{1b}":
                guard let next = characters.popFirst() else { break }
                if next == "[" {
                    var parameters = ""
                    var final: Character = "@"
                    while let c = characters.popFirst() {
                        if let value = c.asciiValue, (0x40...0x7e).contains(value) {
                            final = c
                            break
                        }
                        parameters.append(c)
                    }
                    control(final, parameters)
                } else if next == "]" {
                    while let c = characters.popFirst(), c != "\u{07}" {
                        if c == "\u{1b}" { _ = characters.popFirst(); break }
                    }
                } else if "()*+#%".contains(next) {
                    _ = characters.popFirst()
                }
            case "\r", "\r\n":
                column = 0
                if character == "\r\n" { moveDown() }
            case "\n":
                moveDown()
            case "\u{08}":
                column = max(0, column - 1)
            case "\t":
                column = (column / 8 + 1) * 8
            default:
                if let value = character.asciiValue, value < 0x20 || value == 0x7f { break }
                put(character)
            }
        }
        lines = grid.map { String(String($0).reversed().drop(while: { $0 == " " }).reversed()) }
    }

    private mutating func moveDown() {
        row += 1
        while grid.count <= row { grid.append([]) }
    }

    private mutating func put(_ character: Character) {
        while grid[row].count < column { grid[row].append(" ") }
        if column < grid[row].count {
            grid[row][column] = character
        } else {
            grid[row].append(character)
        }
        column += 1
    }

    private mutating func control(_ final: Character, _ parameters: String) {
        let numbers = parameters.split(separator: ";").map { Int($0) ?? 0 }
        let n = max(1, numbers.first ?? 1)
        switch final {
        case "A": row = max(0, row - n)
        case "B":
            row += n
            while grid.count <= row { grid.append([]) }
        case "C": column += n
        case "D": column = max(0, column - n)
        case "G": column = n - 1
        case "K":
            let mode = numbers.first ?? 0
            if mode == 0, column < grid[row].count {
                grid[row].removeSubrange(column...)
            } else if mode == 2 {
                grid[row] = []
            }
        case "J":
            if (numbers.first ?? 0) == 0 {
                if column < grid[row].count { grid[row].removeSubrange(column...) }
                if row + 1 < grid.count { grid.removeSubrange((row + 1)...) }
            }
        default:
            break
        }
    }
}

/// Finds executables built by SwiftPM next to the running tests.
enum BuiltProducts {
    /// The build products directory (`.build/<triple>/debug`), from the test bundle's location.
    /// `RACE_BUILD_PRODUCTS` overrides it.
    static var directories: [URL] {
        var result: [URL] = []
        if let override = ProcessInfo.processInfo.environment["RACE_BUILD_PRODUCTS"] {
            result.append(URL(fileURLWithPath: override))
        }
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            result.append(bundle.bundleURL.deletingLastPathComponent())
        }
        result.append(Bundle.main.bundleURL)
        if let first = CommandLine.arguments.first {
            result.append(URL(fileURLWithPath: first).deletingLastPathComponent())
        }
        return result
    }

    /// The path of the built executable `name` (`race`, `line-editor-demo`), or nil.
    static func executable(named name: String) -> String? {
        var seen = Set<String>()
        for directory in directories {
            var current = directory.standardizedFileURL
            // The bundle may sit inside the products directory (macOS: …/debug/X.xctest/Contents/MacOS).
            for _ in 0..<4 {
                let candidate = current.appendingPathComponent(name).path
                if seen.insert(candidate).inserted, FileManager.default.isExecutableFile(atPath: candidate) {
                    var isDirectory: ObjCBool = false
                    if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue {
                        return candidate
                    }
                }
                current.deleteLastPathComponent()
            }
        }
        return nil
    }
}
