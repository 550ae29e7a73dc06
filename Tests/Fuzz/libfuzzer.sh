#!/usr/bin/env bash
# libFuzzer over the parser and the checker, in process, under AddressSanitizer.
#
#   Tests/Fuzz/libfuzzer.sh [SECONDS]     (default 60; findings go to .build/libfuzzer/)
#
# RaceSyntax and RaceModel are compiled with libFuzzer's coverage instrumentation
# (-sanitize=fuzzer,address, which this Swift toolchain supports on Linux) and linked with
# Tests/Fuzz/LibFuzzerEntry.swift. The corpus starts from the shipped scenarios, the
# conformance cases and the crashers kept as regression tests.
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds="${1:-60}"
out=.build/libfuzzer
mkdir -p "$out/corpus" "$out/findings"
flags=(-sanitize=fuzzer,address -parse-as-library -g -swift-version 6 -I "$out" -L "$out")
for module in RaceSyntax RaceModel; do
  swiftc "${flags[@]}" -emit-library -static -emit-module -module-name "$module" \
    -emit-module-path "$out/$module.swiftmodule" -o "$out/lib$module.a" Sources/"$module"/*.swift
done
swiftc "${flags[@]}" -lRaceModel -lRaceSyntax Tests/Fuzz/LibFuzzerEntry.swift -o "$out/race-libfuzzer"
cp Scenarios/*.race Tests/EndToEndTests/Crashers/*.race "$out/corpus/"
find Tests/EndToEndTests/Conformance -name '*.race' -exec cp {} "$out/corpus/" \;
ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}" "$out/race-libfuzzer" "$out/corpus" \
  -max_total_time="$seconds" -timeout=10 -max_len=65536 -artifact_prefix="$out/findings/" -print_final_stats=1
