import RaceModel
import RaceSyntax

/// libFuzzer's entry (Tests/Fuzz/libfuzzer.sh): each input is a scenario file, parsed, checked
/// and its diagnostics rendered in process. A crash, a hang (`-timeout`) or a memory error
/// (AddressSanitizer) is a finding; diagnostics are not.
@_cdecl("LLVMFuzzerTestOneInput")
public func raceFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    switch SourceFile.decode(name: "fuzz.race", bytes: bytes) {
    case .failure(let diagnostic):
        _ = DiagnosticRenderer().render([diagnostic])
    case .success(let source):
        let parsed = Parser.parse(source)
        let checked = Checker.check(parsed.statements, origin: source)
        _ = DiagnosticRenderer().render(parsed.diagnostics + checked.diagnostics)
        if let model = checked.model { _ = model.paramOrder.count }
    }
    return 0
}
