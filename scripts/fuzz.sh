#!/usr/bin/env bash
# Fuzz kith's parsers (crates/kith-formats/fuzz) with libFuzzer, without cargo-fuzz: the targets are
# built with the same coverage instrumentation cargo-fuzz passes to rustc, on the stable toolchain.
#
# Usage:
#   scripts/fuzz.sh smoke               every target over its seeds, then 5 s of new inputs (CI)
#   scripts/fuzz.sh run [SECONDS] [TARGET…]
#                                       each target until 10 million executions or SECONDS
#                                       (default 1800), one after another; prints a summary table
#   scripts/fuzz.sh list                the targets
#
# Seeds: the test fixtures, tests/vcard, the shared corpus ($KITH_CORPUS, default
# ../shared/corpus/vcard) and crates/kith-formats/fuzz/seeds. What the fuzzer finds is kept in
# crates/kith-formats/fuzz/corpus/TARGET (not committed) and a crash in
# crates/kith-formats/fuzz/artifacts/TARGET: rerun one with `scripts/fuzz.sh repro TARGET FILE`.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzz=crates/kith-formats/fuzz
triple=$(rustc -vV | sed -n 's/^host: //p')
bin=$fuzz/target/$triple/release
targets=(linkedin google mapped_csv vcard backup backup_edit mbox ics ics_expand)

build() {
    # What `cargo fuzz build` passes (sancov counters, compare tracing, --cfg fuzzing), plus
    # debug assertions and overflow checks so arithmetic slips are findings, not wrap-arounds.
    RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
-Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
-Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Cdebug-assertions -Coverflow-checks" \
        cargo build --release --locked --quiet --manifest-path $fuzz/Cargo.toml \
        --target "$triple" --bins
}

# The seed folders of one target: files a parser of its kind reads.
seeds() {
    local corpus=${KITH_CORPUS:-../shared/corpus/vcard}
    local fixtures=crates/kith-formats/tests/fixtures
    case $1 in
        linkedin | google | mapped_csv) echo "$fixtures/csv $fuzz/seeds/csv" ;;
        vcard) echo "crates/kith-formats/tests/vcard"; [ -d "$corpus" ] && echo "$corpus" ;;
        backup | backup_edit) echo "$fuzz/seeds/backup_edit" ;;
        mbox) echo "$fixtures/mail" ;;
        ics | ics_expand) echo "$fixtures/ics $fuzz/seeds/ics" ;;
    esac
}

# libFuzzer reads seed folders flat; the fixtures nest, so copy every file of the target's kind
# into one folder; files above 256 KB (the -max_len below) are left out rather than cut.
gather() {
    local target=$1 into=$2
    mkdir -p "$into"
    local dir
    for dir in $(seeds "$target"); do
        [ -d "$dir" ] || continue
        find "$dir" -type f -size -256k -print0 | while IFS= read -r -d '' f; do
            cp "$f" "$into/$(sha1sum "$f" | cut -c1-16)"
        done
    done
}

libfuzzer() {
    local target=$1
    shift
    mkdir -p "$fuzz/artifacts/$target"
    "$bin/$target" -artifact_prefix="$fuzz/artifacts/$target/" -rss_limit_mb=2048 -timeout=10 \
        -max_len=262144 "$@"
}

case ${1:-smoke} in
    list) printf '%s\n' "${targets[@]}" ;;
    smoke)
        build
        for t in "${targets[@]}"; do
            work=$(mktemp -d)
            gather "$t" "$work/seeds"
            n=$(find "$work/seeds" -type f | wc -l)
            printf '%-12s %4d seeds … ' "$t" "$n"
            if ! libfuzzer "$t" -max_total_time=5 -print_final_stats=1 "$work/seeds" >"$work/log" 2>&1; then
                echo "FAILED"
                tail -40 "$work/log" >&2
                exit 1
            fi
            awk '/number_of_executed_units/ {print $2 " executions, nothing found"}' "$work/log"
            rm -rf "$work"
        done
        ;;
    run)
        seconds=${2:-1800}
        [[ $seconds =~ ^[0-9]+$ ]] || { echo "run SECONDS [TARGET…]: '$seconds' is not a number of seconds" >&2; exit 2; }
        shift $(($# > 1 ? 2 : 1))
        [ $# -gt 0 ] && targets=("$@")
        build
        summary=$(mktemp)
        for t in "${targets[@]}"; do
            corpus=$fuzz/corpus/$t
            gather "$t" "$corpus"
            log=$fuzz/artifacts/$t.log
            mkdir -p "$fuzz/artifacts"
            start=$(date +%s)
            status=found-nothing
            libfuzzer "$t" -runs=10000000 -max_total_time="$seconds" -print_final_stats=1 \
                "$corpus" >"$log" 2>&1 || status="FOUND: see $log"
            runs=$(awk '/number_of_executed_units/ {print $2}' "$log")
            printf '%-12s %10s executions %6d s  corpus %5d files %7s  %s\n' "$t" "${runs:-?}" \
                $(($(date +%s) - start)) "$(find "$corpus" -type f | wc -l)" \
                "$(du -sh "$corpus" | cut -f1)" "$status" | tee -a "$summary"
        done
        echo
        cat "$summary"
        ! grep -q FOUND "$summary"
        ;;
    repro)
        build
        libfuzzer "$2" "$3"
        ;;
    *)
        sed -n '2,15p' "$0"
        exit 2
        ;;
esac
