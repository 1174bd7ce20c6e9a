#!/usr/bin/env bash
# The network map's figures (issue: readable at 300 people, useful at 3,000): for demo networks of
# each size, the whole request for /network, for one circle and for one organization, side by side
# with the contact page (the reference: one person's whole page), median of 9 over HTTP; and what
# each map holds (people and ties drawn, of how many; the page's size).
# Usage: scripts/bench-map.sh [SIZES...]   (default: 300 3000 30000)
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(300 3000 30000)
today=2026-11-22
cargo build --release -q -p kith
kith=$PWD/target/release/kith
# shellcheck source=lib/serve.sh
source scripts/lib/serve.sh

# The median of 9 whole requests, in milliseconds.
median_ms() {
  local times=()
  for _ in $(seq 1 9); do
    times+=("$(curl -fs -o /dev/null -w '%{time_total}' "$1" | python3 -c 'import sys; print(round(float(sys.stdin.read()) * 1000, 1))')")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 5p
}

printf '%-8s %-34s %9s %8s  %s\n' contacts request ms "÷ page" "what it drew"
for n in "${sizes[@]}"; do
  db="$work/map-$n.db"
  "$kith" --db "$db" --today "$today" demo --contacts "$n" >/dev/null
  p=$(port)
  "$kith" --db "$db" --today "$today" serve --addr "127.0.0.1:$p" 2>"$work/serve-$n.log" &
  pids+=("$!")
  base="http://127.0.0.1:$p"
  wait_for "$base/healthz"
  contact=$(curl -fs "$base/api/v1/contacts?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
  org=$(curl -fs "$base/api/v1/orgs" | python3 -c 'import json,sys; o = max(json.load(sys.stdin), key=lambda o: o.get("members", 0)); print(o["name"])')
  org_q=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$org")
  page=$(median_ms "$base/contacts/$contact")
  printf '%-8s %-34s %9s %8s\n' "$n" "contact page (the reference)" "$page" "1.0×"
  for q in "" "?circle=active" "?org=$org_q"; do
    curl -fs "$base/network$q" -o "$work/map.html"
    drew=$(python3 - "$work/map.html" <<'PY'
import re, sys
html = open(sys.argv[1], encoding="utf-8").read()
head = re.search(r'<h2 id="map-h">([^<]*)</h2>', html)
ties = re.search(r'<p class="muted">(\d+ ties?[^<]*?\.)', html)
print(f"{head.group(1) if head else '?'}; {ties.group(1) if ties else 'no ties'}; {len(html) // 1024} KB")
PY
)
    ms=$(median_ms "$base/network$q")
    printf '%-8s %-34s %9s %8s  %s\n' "$n" "/network$q" "$ms" "$(python3 -c "print(f'{$ms / max($page, 0.1):.1f}×')")" "$drew"
  done
done
