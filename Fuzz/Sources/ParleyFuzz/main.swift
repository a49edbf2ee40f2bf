import Foundation

// The fuzzer's entry point: libFuzzer parses the arguments (corpus folders, -max_total_time, ...)
// and calls `fuzzOne` with each input.
var argc = CommandLine.argc
var argv = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { fuzzOne($0, $1) })
