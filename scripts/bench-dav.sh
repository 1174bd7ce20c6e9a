#!/usr/bin/env bash
# CardDAV figures side by side in one run, the same client against each server (the Rust load
# client `cargo run --release -p kith-app --example dav_load`, 8 connections on one thread), on the
# same 2,000 generated vCards (scripts/dav_load.py cards: one employer per person, non-ASCII names,
# several e-mails, empty fields, long notes now and then):
#   - PUT/s of the 2,000 cards into an empty address book      [kith ≥ 20× Radicale, 5× Xandikos]
#   - GET/s of random cards                                     [kith ≥ 5× both]
#   - a sync-collection after 10 changes among 30,000 contacts  [< 20 ms]
# Radicale and Xandikos come from PyPI into target/dav-peers (a venv); kith is the release build.
# Usage: scripts/bench-dav.sh [SECONDS]   (each GET run; default 10; KITH_BENCH_DIR keeps the files)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
. scripts/lib/workdir.sh
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; drop_work' EXIT
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_port() { for _ in $(seq 1 600); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "nothing listens on $1" >&2; exit 1; }

venv=target/dav-peers/venv
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check radicale==3.9.0 xandikos==0.4.10 aiohttp==3.14.5
py=$venv/bin/python
load() { "$py" scripts/dav_load.py "$@"; }
cargo build --release -q -p kith
cargo build --release -q -p kith-app --example dav_load
kith=$PWD/target/release/kith
rload() { target/release/examples/dav_load "$@"; }

cards=$work/cards
rm -rf "$cards"
load cards "$cards" 2000 1

echo "== kith"
db=sqlite:$work/kith.db
rm -f "$work/kith.db"*
pw=$("$kith" --db "$db" --json dav password add bench | "$py" -c 'import json, sys; print(json.load(sys.stdin)["password"])')
kport=$(port)
"$kith" --db "$db" serve --addr "127.0.0.1:$kport" 2>/dev/null &
pids+=($!)
wait_port "$kport"
kith_put=$(rload put "http://127.0.0.1:$kport/dav/addressbooks/kith/contacts/" "$cards" kith "$pw")
kith_get=$(rload get "http://127.0.0.1:$kport/dav/addressbooks/kith/contacts/" "$seconds" kith "$pw")

echo "== Radicale"
rport=$(port)
"$venv/bin/radicale" --storage-filesystem-folder="$work/radicale" --auth-type=none --rights-type=authenticated \
  --server-hosts="127.0.0.1:$rport" --logging-level=warning 2>/dev/null &
pids+=($!)
wait_port "$rport"
curl -fsS -u bench:x -X MKCOL "http://127.0.0.1:$rport/bench/contacts/" -H 'Content-Type: application/xml' --data \
  '<?xml version="1.0"?><mkcol xmlns="DAV:" xmlns:C="urn:ietf:params:xml:ns:carddav"><set><prop><resourcetype><collection/><C:addressbook/></resourcetype></prop></set></mkcol>' >/dev/null
radicale_put=$(rload put "http://127.0.0.1:$rport/bench/contacts/" "$cards" bench x)
radicale_get=$(rload get "http://127.0.0.1:$rport/bench/contacts/" "$seconds" bench x)

echo "== Xandikos"
xport=$(port)
"$venv/bin/xandikos" --defaults -d "$work/xandikos" -l 127.0.0.1 -p "$xport" >/dev/null 2>&1 &
pids+=($!)
wait_port "$xport"
xandikos_put=$(rload put "http://127.0.0.1:$xport/user/contacts/addressbook/" "$cards")
xandikos_get=$(rload get "http://127.0.0.1:$xport/user/contacts/addressbook/" "$seconds")

echo "== kith: sync-collection after 10 changes among 30,000 contacts"
big=sqlite:$work/kith30.db
rm -f "$work/kith30.db"*
"$kith" --db "$big" demo --contacts 30000 >/dev/null
bpw=$("$kith" --db "$big" --json dav password add bench | "$py" -c 'import json, sys; print(json.load(sys.stdin)["password"])')
bport=$(port)
"$kith" --db "$big" serve --addr "127.0.0.1:$bport" 2>/dev/null &
pids+=($!)
wait_port "$bport"
coproc SYNC { load sync "http://127.0.0.1:$bport/dav/addressbooks/kith/contacts/" 21 kith "$bpw"; }
read -r ready <&"${SYNC[0]}"
[ "$ready" = ready ] || { echo "the sync client did not start: $ready" >&2; exit 1; }
for id in 11 22 33 44 55 66 77 88 99 110; do "$kith" --db "$big" edit "$id" --title "Moved on $id" >/dev/null; done
echo go >&"${SYNC[1]}"
read -r sync_ms sync_changes <&"${SYNC[0]}"

ratio() { "$py" -c "print(f'{$1 / $2:.1f}×')"; }
echo
echo "| | kith | Radicale | Xandikos | kith ÷ Radicale | kith ÷ Xandikos |"
echo "|---|---|---|---|---|---|"
echo "| GET/s, 8 connections | $kith_get | $radicale_get | $xandikos_get | $(ratio "$kith_get" "$radicale_get") | $(ratio "$kith_get" "$xandikos_get") |"
echo "| PUT/s, 8 connections | $kith_put | $radicale_put | $xandikos_put | $(ratio "$kith_put" "$radicale_put") | $(ratio "$kith_put" "$xandikos_put") |"
echo
echo "sync-collection after 10 changes among 30,000 contacts: median $sync_ms ms of 21 runs, $sync_changes cards reported [< 20 ms]"
