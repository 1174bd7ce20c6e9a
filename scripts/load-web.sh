#!/usr/bin/env bash
# Pages under load while the CLI writes (issue target: p99 of page loads below 50 ms at 32
# connections with 200 CLI writes spread over the run; no write fails with BUSY, none is lost).
#
# wrk keeps 32 connections busy with a mix of pages (dashboard, due list, contact list, random
# contact pages) for SECONDS, first alone, then while `kith log` runs 200 times from another
# process. Every write moves the data version, so the whole-network reports are recomputed after
# each; readers must not wait behind that.
#
# Usage: scripts/load-web.sh [CONTACTS] [SECONDS]   (defaults: 20000, 30)
#   KITH_BEFORE=/path/to/an/older/kith runs the same load against that binary first, side by side.
# Needs wrk, curl, sqlite3 and python3; builds kith in release mode.
set -euo pipefail
cd "$(dirname "$0")/.."
contacts=${1:-20000}
seconds=${2:-30}
writes=200
today=2026-11-22
for tool in wrk curl sqlite3 python3; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (apt-get install wrk curl sqlite3)" >&2; exit 1; }
done
cargo build --release -q -p kith
after=$PWD/target/release/kith
# shellcheck source=lib/serve.sh
source scripts/lib/serve.sh

echo "== demo network of $contacts contacts, $seconds s per run, 32 connections, $writes CLI writes per run"
"$after" --db "$work/network.db" --today "$today" demo --contacts "$contacts" >/dev/null

cat > "$work/pages.lua" <<LUA
math.randomseed(7)
local n = 0
request = function()
  n = n + 1
  local k = n % 4
  if k == 0 then return wrk.format("GET", "/") end
  if k == 1 then return wrk.format("GET", "/due") end
  if k == 2 then return wrk.format("GET", "/contacts?status=cooling") end
  return wrk.format("GET", "/contacts/" .. math.random(1, $contacts))
end
LUA

# load NAME KITH WITH_WRITES: prints one line of figures.
load() {
  local name=$1 kith=$2 with_writes=$3
  local db="$work/$name.db"
  cp "$work/network.db" "$db"
  local p
  p=$(port)
  # Without a token: with KITH_TOKEN set, every page would be a redirect to the sign-in page.
  env -u KITH_TOKEN "$kith" --db "$db" --today "$today" serve --addr "127.0.0.1:$p" 2>"$work/$name.log" &
  local spid=$!
  pids+=("$spid")
  wait_for "http://127.0.0.1:$p/healthz"
  curl -fs "http://127.0.0.1:$p/" >/dev/null # the first reports, computed before the clock starts
  local before_count
  before_count=$(sqlite3 "$db" "select count(*) from interactions")
  local wpid=""
  if [ "$with_writes" = yes ]; then
    (
      # Write i starts at i × SECONDS / WRITES after the start, however long the writes before took.
      start_ns=$(date +%s%N)
      failed=0
      for i in $(seq 1 "$writes"); do
        due_ns=$(( start_ns + (i - 1) * seconds * 1000000000 / writes ))
        now_ns=$(date +%s%N)
        [ "$now_ns" -lt "$due_ns" ] && sleep "$(python3 -c "print(($due_ns - $now_ns) / 1e9)")"
        id=$(( (i * 7919) % contacts + 1 ))
        if ! "$kith" --db "$db" --today "$today" log "$id" --kind email --note "load write $i" >/dev/null 2>>"$work/$name.writes.err"; then
          failed=$((failed + 1))
        fi
      done
      echo "$failed" >"$work/$name.writes.failed"
    ) &
    wpid=$!
  fi
  local out
  out=$(wrk -t2 -c32 -d"${seconds}s" --latency -s "$work/pages.lua" -H "Host: 127.0.0.1:$p" "http://127.0.0.1:$p")
  echo "$out" >"$work/$name.$with_writes.wrk"; [ -n "${KITH_LOAD_VERBOSE:-}" ] && echo "$out"
  [ -n "$wpid" ] && wait "$wpid"
  kill "$spid" 2>/dev/null || true
  wait "$spid" 2>/dev/null || true
  local landed=0 failed=0 busy=0
  if [ "$with_writes" = yes ]; then
    landed=$(( $(sqlite3 "$db" "select count(*) from interactions") - before_count ))
    failed=$(cat "$work/$name.writes.failed")
    busy=$(grep -ci "busy\|locked" "$work/$name.writes.err" || true)
  fi
  python3 - "$name" "$with_writes" "$out" "$landed" "$failed" "$busy" "$writes" <<'PY'
import re, sys
name, with_writes, out, landed, failed, busy, writes = sys.argv[1:]
def ms(v):
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", v)
    if not m:
        sys.exit(f"wrk printed a latency this script cannot read: {v!r}\n{out}")
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[m.group(2)]
p50 = ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))
p99 = ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
errors = (int(bad.group(1)) if bad else 0) + (sum(int(g) for g in sock.groups()) if sock else 0)
line = f"{name:<8} {'with writes' if with_writes == 'yes' else 'reads only':<12} {rps:>7.0f} req/s   p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   errors {errors}"
if with_writes == "yes":
    line += f"   writes: {landed}/{writes} landed, {failed} failed, {busy} busy"
print(line)
PY
  if grep -q "kith serve:" "$work/$name.log"; then echo "kith serve ($name) logged failures:"; grep "kith serve:" "$work/$name.log"; exit 1; fi
}

if [ -n "${KITH_BEFORE:-}" ]; then
  load before "$KITH_BEFORE" no
  load before "$KITH_BEFORE" yes
fi
load after "$after" no
load after "$after" yes
