#!/usr/bin/env bash
# Checks that every Rust file in the repository is formatted, and proves the check reaches every
# file: rustfmt's list of the files it read must be the repository's list of Rust files, and a
# deliberately misformatted file of the shared store code (mounted into both backends by `#[path]`)
# must fail the check.
set -euo pipefail
cd "$(dirname "$0")/.."

fmt_all() { # $1: root of a checkout; prints rustfmt's verbose output
  (cd "$1" && cargo fmt --all -- --check -v && cargo fmt --manifest-path crates/kith-formats/fuzz/Cargo.toml -- --check -v)
}

out=$(fmt_all . 2>&1) || { printf '%s\n' "$out" | grep -v '^Formatting \|^Using rustfmt' >&2; echo "FAIL: run cargo fmt --all" >&2; exit 1; }
read_by_rustfmt=$(printf '%s\n' "$out" | sed -n "s#^Formatting $PWD/##p" | sort -u)
in_repo=$(git ls-files --cached --others --exclude-standard '*.rs' | sort -u)
missed=$(comm -13 <(printf '%s\n' "$read_by_rustfmt") <(printf '%s\n' "$in_repo"))
if [[ -n "$missed" ]]; then
  printf 'FAIL: cargo fmt does not read these files (not reachable as modules):\n%s\n' "$missed" >&2
  exit 1
fi
echo "formatting: $(printf '%s\n' "$in_repo" | wc -l) Rust files, every one read by rustfmt and formatted"

# The proof: a copy of the sources with one shared store file misformatted must fail.
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
git ls-files --cached --others --exclude-standard -z '*.rs' '*.toml' Cargo.lock | \
  xargs -0 -I{} cp --parents {} "$probe"/
victim=crates/kith-store/src/shared/contacts.rs
printf '\nfn  misformatted_on_purpose ( ) { }\n' >>"$probe/$victim"
if out=$(CARGO_NET_OFFLINE=true fmt_all "$probe" 2>&1); then
  echo "FAIL: a misformatted $victim passed cargo fmt --check" >&2
  exit 1
fi
printf '%s\n' "$out" | grep -q "$victim" || { printf '%s\n' "$out" >&2; echo "FAIL: the check failed without naming $victim" >&2; exit 1; }
echo "formatting: a misformatted $victim fails the check, as it must"
