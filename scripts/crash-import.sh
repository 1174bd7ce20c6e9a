#!/usr/bin/env bash
# kill -9 during imports: a 30,000-row LinkedIn export is imported into a network of 2,000 people
# and the process is killed at a random moment, RUNS times. After each kill the database must pass
# SQLite's integrity check and hold either none of the import or all of it (never part), and kith
# must open it and import the same file to the end.
#
# Usage: scripts/crash-import.sh [RUNS]   (default 30)
# Needs python3 with a current SQLite (pip install pysqlite3-binary): Debian's sqlite3 3.40 reports
# NULL values that are not there in WITHOUT ROWID tables. Builds kith in release mode.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-30}
today=2026-11-22
python3 -c "import pysqlite3" 2>/dev/null || { echo "pysqlite3 is needed (pip install pysqlite3-binary)" >&2; exit 1; }
# sql DB QUERY: the first column of every row, one per line.
sql() {
  python3 -c 'import sys, pysqlite3 as s; print("\n".join(str(r[0]) for r in s.connect(sys.argv[1]).execute(sys.argv[2])))' "$1" "$2" 2>/dev/null \
    || echo "unreadable"
}
cargo build --release -q -p kith
kith=$PWD/target/release/kith
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import random, sys
random.seed(11)
first = ["Ada", "Ben", "Chloé", "Dev", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kofi", "Zoë", "Łukasz", "Søren"]
last = ["Lee", "Khan", "Berg", "Okafor", "Silva", "Novak", "Moreau", "Tanaka", "Smith", "Rossi", "Müller", "Ng"]
months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
with open(f"{sys.argv[1]}/Connections.csv", "w", encoding="utf-8", newline="") as fh:
    fh.write("First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n")
    for i in range(30000):
        mail = f"p{i}@example.org" if i % 4 == 0 else ""
        # One employer per person, as real exports have.
        fh.write(f'{random.choice(first)},{random.choice(last)} {i},https://www.linkedin.com/in/crash{i},{mail},'
                 f'"Company {i}, Inc.",Engineer {i % 40},{1 + i % 28} {months[i % 12]} {2010 + i % 16}\r\n')
PY

"$kith" --db "$work/base.db" --today "$today" demo --contacts 2000 >/dev/null
base=$(sql "$work/base.db" "select count(*) from contacts")

# How long an import takes uninterrupted: kills land anywhere from the start to a bit past the end.
cp "$work/base.db" "$work/timing.db"
t0=$(date +%s%N)
"$kith" --db "$work/timing.db" --today "$today" import linkedin "$work/Connections.csv" >/dev/null 2>&1
took_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
full=$(sql "$work/timing.db" "select count(*) from contacts")
echo "== $runs kills during an import of 30,000 rows into $base contacts (uninterrupted: $took_ms ms, $full contacts after)"

none=0 all=0 partial=0 damaged=0
for run in $(seq 1 "$runs"); do
  db="$work/run.db"
  rm -f "$db" "$db-wal" "$db-shm"
  cp "$work/base.db" "$db"
  delay_ms=$(python3 -c "import random; random.seed($run); print(random.randint(5, max(10, $took_ms * 12 // 10)))")
  "$kith" --db "$db" --today "$today" import linkedin "$work/Connections.csv" >/dev/null 2>&1 &
  pid=$!
  sleep "$(python3 -c "print($delay_ms / 1000)")"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  integrity=$(sql "$db" "pragma integrity_check" | head -c 2000 || true)
  count=$(sql "$db" "select count(*) from contacts")
  if [ "$integrity" != ok ]; then
    damaged=$((damaged + 1))
    echo "run $run (killed after $delay_ms ms): integrity check says: $integrity"
  elif [ "$count" = "$base" ]; then
    none=$((none + 1))
  elif [ "$count" = "$full" ]; then
    all=$((all + 1))
  else
    partial=$((partial + 1))
    echo "run $run (killed after $delay_ms ms): $count contacts, neither $base nor $full"
  fi
  # kith opens what is left and finishes the job.
  "$kith" --db "$db" --today "$today" import linkedin "$work/Connections.csv" >/dev/null 2>&1 \
    || { echo "run $run: kith could not import again after the kill"; damaged=$((damaged + 1)); }
  again=$(sql "$db" "select count(*) from contacts")
  [ "$again" = "$full" ] || { echo "run $run: $again contacts after importing again, not $full"; partial=$((partial + 1)); }
done
echo "killed $runs times: $none before the import landed, $all after, $partial partial, $damaged damaged"
[ "$partial" -eq 0 ] && [ "$damaged" -eq 0 ]
