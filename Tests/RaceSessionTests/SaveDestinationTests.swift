import XCTest
@testable import RaceSession

/// `:save` writes only regular files (issue 13, item 6): never a device, a FIFO, a socket
/// or a folder; through a symbolic link only with `:save!`, and then to the link's target.
final class SaveDestinationTests: XCTestCase {
    /// A memory file system where some paths are not regular files.
    final class KindsIO: SessionIO {
        let files = MemoryIO(files: ["Scenarios/test.race": testScenario])
        var kinds: [String: FileKind] = [:]
        private(set) var written: [String] = []

        func read(_ path: String) -> [UInt8]? { files.read(path) }
        func writeAtomically(_ text: String, to path: String) -> String? {
            written.append(path)
            return files.writeAtomically(text, to: path)
        }
        func fileExists(_ path: String) -> Bool { kinds[path].map { $0 != .missing } ?? files.fileExists(path) }
        func kind(of path: String) -> FileKind { kinds[path] ?? files.kind(of: path) }
        func listFolder(_ path: String) -> [String] { files.listFolder(path) }
    }

    private func session() -> (Session, KindsIO) {
        let io = KindsIO()
        let session = Session(io: io)
        ok(session, ":load Scenarios/test.race")
        ok(session, "lab Gamma { cash: $1B }")
        return (session, io)
    }

    func testDevicesFIFOsAndSocketsAreNeverWrittenEvenWithBang() {
        let (session, io) = session()
        io.kinds = ["/dev/null": .special("a character device"), "pipe": .special("a FIFO (named pipe)"),
                    "socket": .special("a socket")]
        for (path, what) in [("/dev/null", "a character device"), ("pipe", "a FIFO (named pipe)"), ("socket", "a socket")] {
            for command in [":save", ":save!"] {
                XCTAssertEqual(fails(session, "\(command) \(path)"),
                               "error: \(path) is \(what), not a regular file; :save writes only regular files\n")
            }
        }
        XCTAssertEqual(io.written, [])
    }

    func testAFolderIsRefused() {
        let (session, io) = session()
        io.kinds["out"] = .folder
        XCTAssertTrue(fails(session, ":save! out").contains("out is a folder"))
        XCTAssertEqual(io.written, [])
    }

    func testASymbolicLinkNeedsTheBangAndIsWrittenThrough() {
        let (session, io) = session()
        io.kinds["link.race"] = .symbolicLink(target: "real/whatif.race")
        XCTAssertEqual(fails(session, ":save link.race"),
                       "error: link.race is a symbolic link to real/whatif.race; :save! link.race writes to real/whatif.race\n")
        XCTAssertEqual(io.written, [])
        ok(session, ":save! link.race")
        XCTAssertEqual(io.written, ["real/whatif.race"], "the link stays; its target is replaced")
    }

    func testALinkToSomethingElseThanAFileIsRefused() {
        let (session, io) = session()
        io.kinds = ["null.race": .symbolicLink(target: "/dev/null"), "/dev/null": .special("a character device"),
                    "loop.race": .symbolicLink(target: nil), "dir.race": .symbolicLink(target: "out"), "out": .folder]
        XCTAssertTrue(fails(session, ":save! null.race").contains("leads to /dev/null, a character device, not a regular file"))
        XCTAssertTrue(fails(session, ":save! loop.race").contains("a loop of symbolic links"))
        XCTAssertTrue(fails(session, ":save! dir.race").contains("leads to the folder out"))
        XCTAssertEqual(io.written, [])
    }
}
