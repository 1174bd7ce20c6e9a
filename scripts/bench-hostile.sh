#!/usr/bin/env bash
# Hostile and careless files, timed as a user meets them (`kith import … --dry-run`, a whole
# process), beside a one-event calendar as the baseline (process start, opening the database).
# Issue targets: the calendar bombs in < 100 ms and < 20 MB; an mbox message with 100,000
# recipients in < 1 s; 50 MB of junk prints at most a screenful of problems.
#
# Usage: scripts/bench-hostile.sh   (files are generated in a temp folder)
# Needs python3 and GNU time (/usr/bin/time); builds kith in release mode.
set -euo pipefail
cd "$(dirname "$0")/.."
today=2026-11-22
[ -x /usr/bin/time ] || { echo "GNU time is needed (apt-get install time)" >&2; exit 1; }
cargo build --release -q -p kith
kith=$PWD/target/release/kith
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" <<'PY'
import datetime, random, sys
out = sys.argv[1]
def calendar(events):
    return "BEGIN:VCALENDAR\r\n" + "".join(events) + "END:VCALENDAR\r\n"
def event(uid, start, extra=""):
    return (f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTART:{start}\r\n{extra}"
            "ORGANIZER:mailto:a@x.org\r\nATTENDEE:mailto:b@x.org\r\nEND:VEVENT\r\n")
open(f"{out}/one.ics", "w").write(calendar([event("one", "20261102T100000Z")]))
open(f"{out}/bomb.ics", "w").write(calendar([event("bomb", "00010101T100000Z", "RRULE:FREQ=DAILY\r\n")]))
open(f"{out}/bomb5.ics", "w").write(calendar([event(f"bomb{k}", "00010101T100000Z", "RRULE:FREQ=DAILY\r\n") for k in range(5)]))
open(f"{out}/counted.ics", "w").write(calendar([event("c", "00010101T100000Z", "RRULE:FREQ=DAILY;COUNT=999999999\r\n")]))
day = lambda k: (datetime.date(2016, 1, 1) + datetime.timedelta(days=k)).strftime("%Y%m%dT100000Z")
flood = f"EXDATE:{','.join(day(k) for k in range(0, 100000, 2))}\r\nRDATE:{','.join(day(k) for k in range(1, 100000, 2))}\r\n"
open(f"{out}/exdates.ics", "w").write(calendar([event("flood", "20160101T100000Z", "RRULE:FREQ=DAILY\r\n" + flood)]))
recipients = ", ".join(f"Person {i} <p{i}@example.org>" for i in range(100000))
open(f"{out}/recipients.mbox", "w").write(
    "From a@x.org Mon Mar  2 10:14:03 2026\nMessage-ID: <big@x.org>\nDate: 2 Mar 2026 10:00:00 +0100\n"
    f"From: A <a@x.org>\nTo: {recipients}\nSubject: everyone\n\nHello.\n\n")
random.seed(5)
with open(f"{out}/junk.csv", "wb") as fh:
    # Text that is not a LinkedIn export: random letters, commas, spaces and line breaks.
    fh.write(b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n")
    alphabet = b"abcdefghij,,,,  \r\n"
    while fh.tell() < 50 << 20:
        fh.write(bytes(random.choice(alphabet) for _ in range(1 << 16)))
    fh.write(b"\r\n")
PY

printf '%-44s %10s %10s  %s\n' "file" "time" "max RSS" "what kith said"
run() { # label format file
  local label=$1 format=$2 file=$3
  rm -f "$work/kith.db"*
  # The attendees and recipients are known, so every occurrence and message is a touch to count.
  "$kith" --db "$work/kith.db" --today "$today" add "B" --email b@x.org --circle close >/dev/null
  "$kith" --db "$work/kith.db" --today "$today" add "P" --email p7@example.org --circle close >/dev/null
  local me=()
  [ "$format" = linkedin ] || me=(--me a@x.org)
  /usr/bin/time -f "%e %M" -o "$work/time" "$kith" --db "$work/kith.db" --today "$today" \
    import "$format" "$file" --dry-run ${me[@]+"${me[@]}"} >"$work/out" 2>"$work/err" || true
  # GNU time writes "Command exited with non-zero status N" first when the command fails.
  read -r secs kb < <(tail -1 "$work/time")
  local said
  said=$(head -c 200 "$work/err" | head -1)
  [ -n "$said" ] || said=$(head -1 "$work/out")
  local lines
  lines=$(wc -l <"$work/err")
  printf '%-44s %7s ms %7s MB  %s (stderr: %s lines, %s bytes)\n' "$label" \
    "$(python3 -c "print(round($secs * 1000))")" "$(python3 -c "print(round($kb / 1024, 1))")" \
    "${said:0:80}" "$lines" "$(wc -c <"$work/err")"
}
run "one event (baseline)" ics "$work/one.ics"
run "daily rule from the year 1 ($(wc -c <"$work/bomb.ics") bytes)" ics "$work/bomb.ics"
run "five of them" ics "$work/bomb5.ics"
run "COUNT=999999999 from the year 1" ics "$work/counted.ics"
run "50,000 EXDATEs + 50,000 RDATEs, daily rule" ics "$work/exdates.ics"
run "one message to 100,000 recipients" mbox "$work/recipients.mbox"
run "50 MB of junk after a LinkedIn header" linkedin "$work/junk.csv"
