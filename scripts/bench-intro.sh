#!/usr/bin/env bash
# The introduction finder's figures on a network shaped like a real one (see
# crates/kith-store/examples/intro_network.rs: 30,000 contacts, 200,000 touches, employers of every
# size, past jobs, shared threads and meetings), side by side with `kith show` — the smallest whole
# command, the floor every command pays to start and open the database:
#   - inferring every tie once from all history                   [< 10 s]
#   - `kith intro --org X`, the whole process, at the biggest organization and a small one
#                                                                  [< 50 ms]
# Usage: scripts/bench-intro.sh [CONTACTS] [TOUCHES] [DATABASE_URL]  (SQLite in a temporary folder
# by default; KITH_BENCH_DIR keeps the files)
set -euo pipefail
cd "$(dirname "$0")/.."
contacts=${1:-30000}
touches=${2:-200000}
. scripts/lib/workdir.sh
trap drop_work EXIT
db=${3:-sqlite:$work/intro.db}
[ -n "${3:-}" ] || rm -f "$work/intro.db"*
cargo build --release -q -p kith
cargo build --release -q -p kith-store --example intro_network
kith=$PWD/target/release/kith
out=$(target/release/examples/intro_network "$db" "$contacts" "$touches")
echo "$out"
big=$(echo "$out" | sed -n 's/^biggest_org \(.*\) (.*/\1/p')
mid=$(echo "$out" | sed -n 's/^mid_org \(.*\) (.*/\1/p')
small=$(echo "$out" | sed -n 's/^small_org \(.*\) (.*/\1/p')

# The median of 9 runs of a command, in milliseconds (the whole process).
median_ms() {
  local times=()
  for _ in $(seq 1 9); do
    local t0 t1
    t0=$(date +%s%N)
    "$@" >/dev/null
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 5p
}
show=$(median_ms "$kith" --db "$db" --today 2026-11-22 show 1)
intro_big=$(median_ms "$kith" --db "$db" --today 2026-11-22 intro --org "$big")
intro_mid=$(median_ms "$kith" --db "$db" --today 2026-11-22 intro --org "$mid")
intro_small=$(median_ms "$kith" --db "$db" --today 2026-11-22 intro --org "$small")
paths=$("$kith" --db "$db" --today 2026-11-22 --json intro --org "$big" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["targets"], len(d["paths"]))')
echo
printf '%-40s %8s %10s\n' "command (median of 9, whole process)" "ms" "÷ show"
printf '%-40s %8s %10s\n' "kith show 1 (the floor)" "$show" "1.0×"
printf '%-40s %8s %10s\n' "kith intro --org (biggest: $big)" "$intro_big" "$(python3 -c "print(f'{$intro_big / max($show, 1):.1f}×')")"
printf '%-40s %8s %10s\n' "kith intro --org (mid: $mid)" "$intro_mid" "$(python3 -c "print(f'{$intro_mid / max($show, 1):.1f}×')")"
printf '%-40s %8s %10s\n' "kith intro --org (small: $small)" "$intro_small" "$(python3 -c "print(f'{$intro_small / max($show, 1):.1f}×')")"
echo "targets and paths at the biggest: $paths"
