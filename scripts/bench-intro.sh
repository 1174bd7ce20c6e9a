#!/usr/bin/env bash
# The introduction finder's figures on networks shaped like real ones (see
# crates/kith-store/examples/intro_network.rs: 30,000 contacts, 200,000 touches, employers of every
# size, past jobs, shared threads and meetings), in two shapes side by side — touches spread evenly
# (a third of the network warm and strong) and a long tail (a few hundred people get most of them) —
# each against `kith show`, the smallest whole command, the floor every command pays to start and
# open the database:
#   - inferring every tie once from all history                   [< 10 s]
#   - `kith intro --org X`, the whole process, at organizations of 5 to 2,000 people   [< 50 ms]
# Usage: scripts/bench-intro.sh [CONTACTS] [TOUCHES]  (SQLite files in a temporary folder;
# KITH_BENCH_DIR keeps them)
set -euo pipefail
cd "$(dirname "$0")/.."
contacts=${1:-30000}
touches=${2:-200000}
. scripts/lib/workdir.sh
trap drop_work EXIT
cargo build --release -q -p kith
cargo build --release -q -p kith-store --example intro_network
kith=$PWD/target/release/kith
today=2026-11-22

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

declare -A ms
declare -A label
for shape in even long-tail; do
  db=sqlite:$work/intro-$shape.db
  rm -f "$work/intro-$shape.db"*
  out=$(target/release/examples/intro_network "$db" "$contacts" "$touches" "$shape")
  echo "== $shape"
  echo "$out"
  ms[$shape,show]=$(median_ms "$kith" --db "$db" --today $today show 1)
  for size in biggest mid fifty small; do
    line=$(echo "$out" | sed -n "s/^${size}_org //p")
    org=${line% (*}
    label[$size]=$line
    ms[$shape,$size]=$(median_ms "$kith" --db "$db" --today $today intro --org "$org")
  done
done

ratio() { python3 -c "print(f'{$1 / max($2, 1):.1f}×')"; }
echo
printf '%-52s %9s %7s %11s %7s\n' "command (median of 9, whole process)" "even ms" "÷ show" "long-tail" "÷ show"
printf '%-52s %9s %7s %11s %7s\n' "kith show 1 (the floor)" "${ms[even,show]}" "1.0×" "${ms[long-tail,show]}" "1.0×"
for size in biggest mid fifty small; do
  printf '%-52s %9s %7s %11s %7s\n' "kith intro --org ${label[$size]}" \
    "${ms[even,$size]}" "$(ratio "${ms[even,$size]}" "${ms[even,show]}")" \
    "${ms[long-tail,$size]}" "$(ratio "${ms[long-tail,$size]}" "${ms[long-tail,show]}")"
done
