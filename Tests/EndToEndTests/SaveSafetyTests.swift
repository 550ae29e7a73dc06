import Foundation
import XCTest

#if canImport(Glibc)
import Glibc
#endif

/// `:save` on the real file system (issue 13, items 6 and 7): only regular files are written,
/// a symbolic link only with `:save!` and then through it, and no temporary file is left.
final class SaveSafetyTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("race-save-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The REPL fed `commands` after a small scenario; its standard output and error.
    private func save(_ commands: String) throws -> String {
        let outcome = try RaceProcess.run([], in: folder, input: Data(("start 2025-01\nhorizon 2025-06\nlab A { cash: $1B }\n" + commands).utf8))
        XCTAssertTrue(outcome.endedCleanly, outcome.output)
        return outcome.output
    }

    private func kind(_ name: String) -> mode_t {
        var info = stat()
        return lstat(path(name), &info) == 0 ? info.st_mode & S_IFMT : 0
    }

    private var leftovers: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".tmp") }
    }

    func testAFIFOIsNeverReplaced() throws {
        XCTAssertEqual(mkfifo(path("pipe.race"), 0o600), 0)
        let output = try save(":save pipe.race\n:save! pipe.race\n")
        XCTAssertEqual(output.components(separatedBy: "pipe.race is a FIFO (named pipe), not a regular file; :save writes only regular files").count, 3, output)
        XCTAssertEqual(kind("pipe.race"), S_IFIFO)
        XCTAssertEqual(leftovers, [])
    }

    func testADeviceIsNeverReplaced() throws {
        // A device of our own (the same as /dev/null), so that a failure cannot harm the machine's.
        guard mknod(path("null.race"), S_IFCHR | 0o666, dev_t(1 << 8 | 3)) == 0 else {  // major 1, minor 3
            throw XCTSkip("cannot make a device node here (not root): \(String(cString: strerror(errno)))")
        }
        let output = try save(":save! null.race\n")
        XCTAssertTrue(output.contains("null.race is a character device, not a regular file"), output)
        XCTAssertEqual(kind("null.race"), S_IFCHR)
    }

    func testASymbolicLinkNeedsTheBangAndKeepsBeingALink() throws {
        try "# old\n".write(toFile: path("real.race"), atomically: true, encoding: .utf8)
        XCTAssertEqual(symlink("real.race", path("link.race")), 0)
        let refused = try save(":save link.race\n")
        XCTAssertTrue(refused.contains("link.race is a symbolic link to real.race; :save! link.race writes to real.race"), refused)
        XCTAssertEqual(try String(contentsOfFile: path("real.race"), encoding: .utf8), "# old\n")
        let saved = try save(":save! link.race\n")
        XCTAssertTrue(saved.contains("saved 3 statements to link.race"), saved)
        XCTAssertEqual(kind("link.race"), S_IFLNK, "the link stays a link")
        XCTAssertTrue(try String(contentsOfFile: path("real.race"), encoding: .utf8).contains("lab A { cash: $1B }"))
        // The file written through the link runs.
        XCTAssertEqual(try RaceProcess.run(["run", "link.race"], in: folder).status, 0)
        XCTAssertEqual(leftovers, [])
    }

    func testAFolderIsRefused() throws {
        try FileManager.default.createDirectory(atPath: path("out.race"), withIntermediateDirectories: false)
        XCTAssertTrue(try save(":save! out.race\n").contains("out.race is a folder"))
    }

    /// A save killed mid-write (`kill -9`) leaves `.NAME.PID.N.tmp`: the next save of the same
    /// file removes it when its process is gone, and a failed save leaves nothing.
    func testTemporaryFilesOfDeadSavesAreRemoved() throws {
        let dead = ".whatif.race.\(Int32.max - 7).0.tmp"
        try "half a scenario".write(toFile: path(dead), atomically: false, encoding: .utf8)
        let live = ".whatif.race.\(getpid()).0.tmp"  // this test's own process: still running
        try "someone else's".write(toFile: path(live), atomically: false, encoding: .utf8)
        let output = try save(":save whatif.race\n:save missing-folder/whatif.race\n")
        XCTAssertTrue(output.contains("saved 3 statements to whatif.race"), output)
        XCTAssertTrue(output.contains("could not write missing-folder/whatif.race"), output)
        XCTAssertEqual(leftovers, [live])
    }
}
