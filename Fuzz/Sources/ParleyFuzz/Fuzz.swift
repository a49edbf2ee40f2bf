import Foundation
import ParleyKit

/// The reader under test, from the environment variable `PARLEY_FUZZ_TARGET` (one a process;
/// `scripts/fuzz` sets it).
let probe: ReaderProbe = {
    let name = ProcessInfo.processInfo.environment["PARLEY_FUZZ_TARGET"] ?? "parley"
    guard let probe = ReaderProbe(rawValue: name) else { fatalError("unknown PARLEY_FUZZ_TARGET \(name)") }
    return probe
}()

/// One input: libFuzzer's callback.
func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    probe.read(bytes.map { Data(bytes: $0, count: count) } ?? Data())
    return 0
}
/// libFuzzer's driver (in its runtime, linked by `-sanitize=fuzzer`): the executable's own entry
/// point hands it the arguments and the callback.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// The callback libFuzzer's runtime expects by name (its own driver refers to it).
@_cdecl("LLVMFuzzerTestOneInput")
public func LLVMFuzzerTestOneInput(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt { fuzzOne(bytes, count) }
