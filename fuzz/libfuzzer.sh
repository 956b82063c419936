#!/usr/bin/env bash
# Coverage-guided fuzzing of chiso-fuzz's harness with libFuzzer (Linux): docs/fuzzing.md.
# Usage: fuzz/libfuzzer.sh [libFuzzer flags…]   e.g. fuzz/libfuzzer.sh -max_total_time=600
# Known issues still open can be left out: CHISO_FUZZ_SKIP_KNOWN=heading-in-block,… (or all).
set -euo pipefail
cd "$(dirname "$0")/.."

# A release build with libFuzzer and AddressSanitizer, in its own folder (a plain
# `swift build` is not disturbed).
swift build -c release --product chiso-fuzz --scratch-path .build-fuzz -Xswiftc -sanitize=fuzzer,address

# Seeds: every notebook, fixture and data file of the repository, in one folder.
mkdir -p .build-fuzz/seeds .build-fuzz/corpus .build-fuzz/findings
find notebooks Tests stdlib docs/examples fuzz/corpus fuzz/regressions \( -name '*.chiso' -o -name '*.csv' \) -print |
    while read -r f; do cp "$f" ".build-fuzz/seeds/$(echo "$f" | tr / _)"; done

# Swift's runtime keeps some allocations for the life of the process: no leak report at exit.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0}
# libFuzzer reports a crash itself; Swift's backtracer would wait on the dead process.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}

# New inputs go to .build-fuzz/corpus, crashes, hangs and blow-ups to .build-fuzz/findings.
exec .build-fuzz/release/chiso-fuzz .build-fuzz/corpus .build-fuzz/seeds \
    -dict=fuzz/chiso.dict -max_len=32768 -timeout=5 -rss_limit_mb=2048 -detect_leaks=0 \
    -artifact_prefix=.build-fuzz/findings/ "$@"
