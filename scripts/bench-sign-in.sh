#!/usr/bin/env bash
# What a sign-in costs on a server with accounts (release build): N sign-ins one after another with
# the right password, N with addresses that have no account (each must cost the same argon2id
# check), then N at once (at most two are checked at a time) while a page is asked for. Each
# request comes "from" its own address (X-Forwarded-For, honoured from loopback), so the limits on
# wrong passwords do not cut the runs short.
#
#   scripts/bench-sign-in.sh [N]        # N defaults to 20; KITH_BIN overrides target/release/kith
set -euo pipefail
N=${1:-20}
BIN=${KITH_BIN:-target/release/kith}
[ -x "$BIN" ] || { echo "build it first: cargo build --release -p kith" >&2; exit 1; }
dir=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"' EXIT
db="sqlite:$dir/kith.db"
echo "correct horse battery staple" | "$BIN" --db "$db" user add ada@example.org --admin --password-stdin >/dev/null
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$BIN" --db "$db" serve --addr "127.0.0.1:$port" 2>/dev/null &
pid=$!
until curl -sf "http://127.0.0.1:$port/healthz" >/dev/null; do sleep 0.1; done

# sign_in EMAIL PASSWORD FROM: prints "status seconds".
sign_in() {
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' \
    -H "Origin: http://127.0.0.1:$port" -H 'Sec-Fetch-Site: same-origin' -H "X-Forwarded-For: $3" \
    --data-urlencode "email=$1" --data-urlencode "password=$2" "http://127.0.0.1:$port/login"
}

# summary LABEL < "status seconds" lines: statuses seen, median, p90 and max in ms.
summary() {
  sort -k2 -n | awk -v label="$1" '
    { s[NR] = $2 * 1000; codes[$1]++ }
    END {
      c = ""; for (k in codes) c = c k "×" codes[k] " ";
      printf "%-34s %-10s median %6.1f ms   p90 %6.1f ms   max %6.1f ms\n", label, c, s[int((NR + 1) / 2)], s[int(NR * 0.9 + 0.5)], s[NR]
    }'
}

sign_in ada@example.org "correct horse battery staple" 10.9.9.9 >/dev/null # warm up
for i in $(seq 1 "$N"); do sign_in ada@example.org "correct horse battery staple" "10.1.0.$i"; done | summary "right password, one at a time"
for i in $(seq 1 "$N"); do sign_in "nobody$i@example.org" "correct horse battery staple" "10.2.0.$i"; done | summary "no such account, one at a time"
# `wait` names the sign-ins: a bare one would wait for the server too.
at_once() {
  local pids=()
  for i in $(seq 1 "$N"); do sign_in ada@example.org "correct horse battery staple" "$1.$i" & pids+=($!); done
  wait "${pids[@]}"
}
at_once 10.3.0 | summary "$N right passwords at once"
start=$(date +%s.%N)
at_once 10.4.0 >/dev/null &
flood=$!
health=$(curl -s -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/healthz")
wait "$flood"
end=$(date +%s.%N)
awk -v h="$health" -v s="$start" -v e="$end" -v n="$N" \
  'BEGIN { printf "/healthz during %d sign-ins at once:   %.1f ms   (all %d done in %.0f ms)\n", n, h * 1000, n, (e - s) * 1000 }'
