#!/usr/bin/env bash
# Builds a package that depends on race's libraries by version, as another project would:
# clones this repository (its last commit) into a temporary folder, tags the clone with
# RaceVersion.current, and builds and runs a small consumer that declares
#   .package(url: "file://…/race", from: "VERSION")
# SwiftPM refuses a dependency by version whose targets use unsafeFlags, so this fails
# while any library target has one. CI runs it; it takes a few minutes (a debug build of
# the libraries).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
version=$(sed -n 's/.*static let current = "\(.*\)".*/\1/p' "$root/Sources/RaceSession/Version.swift")
[ -n "$version" ] || { echo "test-package-dependency: no version in Sources/RaceSession/Version.swift" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

git clone --quiet "$root" "$work/race"
# -f: the repository may carry the release tag already, on an older commit than the one tested.
git -C "$work/race" tag -f "$version" > /dev/null

mkdir -p "$work/consumer/Sources/Forecast"
cat > "$work/consumer/Package.swift" <<SWIFT
// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "consumer",
    dependencies: [.package(url: "file://$work/race", from: "$version")],
    targets: [
        .executableTarget(name: "Forecast", dependencies: [
            .product(name: "RaceSession", package: "race"),
            .product(name: "RaceReport", package: "race"),
        ]),
    ]
)
SWIFT
cat > "$work/consumer/Sources/Forecast/main.swift" <<'SWIFT'
import RaceReport
import RaceSession

// A scenario in memory, checked, run and printed as race run prints it.
let files = ["forecast.race": """
    scenario "A consumer's forecast"
    start 2025-01
    horizon 2025-12
    company Backer
    lab Alpha { cash: $1B, valuation: $5B, burn: $100M/month }
    on 2025-06: Backer invests $1B in Alpha
    """]
let compiled = Pipeline.compile(path: "forecast.race", read: { files[$0].map { Array($0.utf8) } })
guard let model = compiled.model, case .success(let result) = Pipeline.run(model) else {
    fatalError("the scenario did not run: \(compiled.diagnostics.map(\.message))")
}
print(RunTable.render(result), terminator: "")
SWIFT

echo "test-package-dependency: building a package that depends on race $version by version" >&2
swift build --package-path "$work/consumer" 2>&1 | tail -n 20
output=$("$work/consumer/.build/debug/Forecast")
echo "$output"
grep -q "Backer invests \$1B in Alpha" <<<"$output"
echo "test-package-dependency: ok, race $version builds and runs as a dependency by version" >&2
