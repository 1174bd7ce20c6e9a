#!/usr/bin/env bash
# Mailbox sync figures against a real Dovecot on this machine (issue targets in brackets):
#   - first sync of a 100,000-message INBOX                 [< 60 s, peak memory < 100 MB]
#     beside Python's imaplib fetching the same header fields of the same folder (the reference:
#     the server's and the wire's own cost, nothing recorded)
#   - a sync with 100 new messages                          [< 1 s]
#   - a sync with nothing new                               [< 100 ms]
#   - kith serve following the mailbox: a message appended shows on the contact's timeline
#                                                           [< 10 s, IDLE]
# The folder is realistic, not tuned: 30,000 contacts; 55 % of mail to or from them (one to five
# recipients, now and then thirty), 20 % from people kith does not know (most write once), 12 %
# mailing lists, 5 % no-reply senders, 8 % sent by the user; encoded non-ASCII names and subjects;
# threads with In-Reply-To.
# Usage: scripts/bench-sync.sh [MESSAGES]   (default 100000; KITH_BENCH_DIR keeps the files)
set -euo pipefail
cd "$(dirname "$0")/.."
messages=${1:-100000}
today=2026-11-22
. scripts/lib/workdir.sh
[ -x /usr/sbin/dovecot ] || { echo "Dovecot is needed: apt-get install dovecot-imapd" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "GNU time is needed: apt-get install time" >&2; exit 1; }
cargo build --release -q -p kith
cargo build --release -q -p kith-app --example dovecot
kith=$PWD/target/release/kith

# The server runs until its standard input closes (this script's end).
coproc DOVECOT { target/release/examples/dovecot; }
trap 'exec {DOVECOT[1]}>&-; wait "$DOVECOT_PID" 2>/dev/null; drop_work' EXIT
read -r port_line <&"${DOVECOT[0]}"; read -r _tls <&"${DOVECOT[0]}"; read -r mail_line <&"${DOVECOT[0]}"
port=${port_line#PORT=}
mail=${mail_line#MAIL=}
box="$mail/bench/Maildir"
mkdir -p "$box/cur" "$box/new" "$box/tmp"

python3 - "$work" "$box" "$messages" <<'PY'
import random, sys, os
random.seed(19)
work, box, total = sys.argv[1], sys.argv[2], int(sys.argv[3])
given = ["Ada", "Ben", "Chloé", "Dev", "Eli", "Fatima", "Gus", "Hana", "Zoë", "Łukasz", "Søren", "Ngọc Anh", "María José", "Siobhán"]
family = ["Lee", "Khan", "Berg", "Okafor", "Silva", "Novak", "Moreau", "Tanaka", "Müller", "Ng", "Đorđević", "Ó Briain"]
people = []
with open(f"{work}/contacts.vcf", "w", encoding="utf-8") as fh:
    for i in range(30000):
        f, l = random.choice(given), random.choice(family)
        mail = f"{f.lower().replace(' ', '')}.{i}@org{i % 9000}.example"
        people.append((f"{f} {l}", mail))
        fh.write(f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{f} {l} {i}\r\nN:{l};{f};;;\r\nEMAIL:{mail}\r\nEND:VCARD\r\n")
with open(f"{work}/known.txt", "w") as fh:
    fh.write(people[7][1])
def encoded(name):
    try:
        name.encode("ascii")
        return f'"{name}"'
    except UnicodeEncodeError:
        import base64
        return "=?UTF-8?B?" + base64.b64encode(name.encode()).decode() + "?="
me = "me@home.example"
subjects = ["Lunch next week?", "Re: the offsite", "Café on Thursday", "Intro: Ana ↔ Bo", "Quarterly numbers", "Thanks!"]
for n in range(total):
    r = random.random()
    day = 1 + n * 700 // total
    date = f"{['Mon','Tue','Wed','Thu','Fri','Sat','Sun'][day % 7]}, {1 + day % 28} {['Jan','Feb','Mar','Apr','May','Jun','Jul','Aug','Sep','Oct'][day // 70 % 10]} {2025 if day < 365 else 2026} 10:{n % 60:02d}:00 +0100"
    extra = ""
    if r < 0.55:
        name, addr = random.choice(people)
        frm = f"{encoded(name)} <{addr}>"
        tos = [me] + [random.choice(people)[1] for _ in range(random.choice([0, 0, 0, 1, 2, 4]))]
        if random.random() < 0.01:
            tos += [f"all{k}@corp.example" for k in range(30)]
    elif r < 0.75:
        frm = f"stranger{random.randint(0, total)}@mail{random.randint(0, 500)}.example"
        tos = [me]
    elif r < 0.87:
        frm = f"news@list{n % 40}.example"
        tos = [f"list{n % 40}@lists.example"]
        extra = f"List-Id: <list{n % 40}.lists.example>\r\nList-Unsubscribe: <mailto:u@list{n % 40}.example>\r\n"
    elif r < 0.92:
        frm = "no-reply@shop.example"
        tos = [me]
    else:
        frm = me
        tos = [random.choice(people)[1] for _ in range(random.choice([1, 1, 2]))]
    reply = f"In-Reply-To: <{n - 3}@bench.example>\r\n" if n > 3 and n % 4 == 0 else ""
    subject = random.choice(subjects)
    text = (f"From: {frm}\r\nTo: {', '.join(tos)}\r\nSubject: {subject}\r\nDate: {date}\r\n"
            f"Message-ID: <{n}@bench.example>\r\n{reply}{extra}MIME-Version: 1.0\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\n\r\n" + ("A body line that is never read.\r\n" * random.randint(2, 60)))
    with open(f"{box}/cur/{1700000000 + n}.M{n}P1.bench:2,", "w", encoding="utf-8") as fh:
        fh.write(text)
PY
if [ "$(id -u)" = 0 ]; then chown -R nobody:nogroup "$mail/bench"; fi

db=$work/kith.db
rm -f "$db" "$work/secret.key"
export KITH_KEY_FILE=$work/secret.key BENCH_PASSWORD=secret
k() { "$kith" --db "$db" --today "$today" "$@"; }
k import vcard "$work/contacts.vcf" >/dev/null
k settings set me me@home.example >/dev/null
k source add imap bench --host 127.0.0.1 --port "$port" --tls none --user bench --password-env BENCH_PASSWORD --folder INBOX >/dev/null

fields="FROM TO CC BCC DATE SUBJECT MESSAGE-ID IN-REPLY-TO REFERENCES LIST-ID LIST-UNSUBSCRIBE LIST-POST PRECEDENCE AUTO-SUBMITTED X-AUTOREPLY X-AUTORESPOND"
reference() {
  python3 - "$port" "$fields" <<'PY'
import imaplib, sys, time
m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1])); m.login("bench", "secret"); m.select("INBOX", readonly=True)
t = time.perf_counter()
typ, data = m.uid("FETCH", "1:*", f"(UID BODY.PEEK[HEADER.FIELDS ({sys.argv[2]})])")
print(f"{time.perf_counter() - t:.2f}")
PY
}
echo "== $messages messages in INBOX, 30,000 contacts"
echo "index warm-up (Dovecot reads the Maildir once): $(reference) s"
ref=$(reference)
echo "reference: imaplib fetches the same header fields: ${ref} s"
/usr/bin/time -f "%e %M" -o "$work/first.time" "$kith" --db "$db" --today "$today" sync --json > "$work/first.json"
read -r first_s first_kb < "$work/first.time"
python3 - "$work/first.json" "$first_s" "$first_kb" "$ref" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))[0]
s, kb, ref = float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4])
print(f"first sync: {s:.1f} s [< 60 s], peak memory {kb / 1024:.0f} MB [< 100 MB]; {s / ref:.1f}x the reference")
print(f"  seen {r['seen']}, touches {r['recorded']}, skipped by rule {r['skipped_by_rule']}, nobody known {r['unmatched']}, "
      f"unknown people {r['unknown_correspondents']}, unreadable {r['unreadable']}, error {r['error']}")
PY

# New mail arrives as a mail server delivers it (LMTP, an MDA): a file dropped into the Maildir's
# new/ folder, which Dovecot notices without reading the 100,000 others again.
append_new() {
  python3 - "$box" "$(cat "$work/known.txt")" "$1" <<'PY'
import os, sys
box, who, tag = sys.argv[1], sys.argv[2], sys.argv[3]
for n in range(100):
    msg = f"From: {who}\r\nTo: me@home.example\r\nSubject: new {n}\r\nDate: Fri, 20 Nov 2026 10:00:00 +0100\r\nMessage-ID: <{tag}{n}@bench.example>\r\n\r\nhi\r\n"
    name = f"{box}/tmp/{tag}{n}.M1P1.bench"
    with open(name, "w") as fh:
        fh.write(msg)
    os.rename(name, f"{box}/new/{tag}{n}.M1P1.bench")
PY
  if [ "$(id -u)" = 0 ]; then chown -R nobody:nogroup "$box/new"; fi
  # The user's own mail program, which keeps the folder open read-write, notices it: Dovecot brings
  # its index up to date then. kith opens folders read-only (EXAMINE), which reads the new state but
  # may not write it down, so without such a client every open would pay for the whole folder again.
  python3 - "$port" <<'PY'
import imaplib, sys
m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1])); m.login("bench", "secret"); m.select("INBOX"); m.logout()
PY
}
# The reference first: the server's own cost of opening a folder that just grew and answering
# with the new headers.
append_new ref
ref_new=$(python3 - "$port" "$fields" <<'PY'
import imaplib, sys, time
m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1])); m.login("bench", "secret")
t = time.perf_counter()
typ, data = m.select("INBOX", readonly=True)
total = int(data[0])
m.uid("FETCH", f"{total - 99}:*", f"(UID BODY.PEEK[HEADER.FIELDS ({sys.argv[2]})])")
print(f"{time.perf_counter() - t:.2f}")
PY
)
echo "reference: imaplib opens the grown folder and fetches 100 new headers: ${ref_new} s"
"$kith" --db "$db" --today "$today" sync >/dev/null
append_new new
KITH_TIMING=1 /usr/bin/time -f "%e %M" -o "$work/new.time" "$kith" --db "$db" --today "$today" sync --json > "$work/new.json" 2> "$work/new.timing"
read -r new_s new_kb < "$work/new.time"
echo "sync with 100 new: ${new_s} s [< 1 s] (recorded $(python3 -c "import json;print(json.load(open('$work/new.json'))[0]['recorded'])")); where the time went: $work/new.timing"
best=999
for _ in 1 2 3 4 5; do
  /usr/bin/time -f "%e" -o "$work/none.time" "$kith" --db "$db" --today "$today" sync >/dev/null
  t=$(cat "$work/none.time"); best=$(python3 -c "print(min($best, $t))")
done
echo "sync with nothing new: best of 5 ${best} s [< 0.1 s]"

# IDLE: kith serve follows the mailbox; a message to a contact appears on their timeline.
serve_port=$(python3 -c "import socket;s=socket.socket();s.bind(('127.0.0.1',0));print(s.getsockname()[1])")
"$kith" --db "$db" serve --addr "127.0.0.1:$serve_port" 2>"$work/serve.log" &
serve_pid=$!
sleep 3
known=$(cat "$work/known.txt")
python3 - "$port" "$known" "$db" "$kith" <<'PY'
import imaplib, subprocess, sys, time, json
m = imaplib.IMAP4("127.0.0.1", int(sys.argv[1])); m.login("bench", "secret")
msg = f"From: {sys.argv[2]}\r\nTo: me@home.example\r\nSubject: idle probe\r\nDate: Fri, 20 Nov 2026 11:00:00 +0100\r\nMessage-ID: <idle-probe@bench.example>\r\n\r\nhi\r\n"
t = time.perf_counter()
m.append("INBOX", None, None, msg.encode())
while time.perf_counter() - t < 30:
    out = subprocess.run([sys.argv[4], "--db", sys.argv[3], "--json", "show", sys.argv[2]], capture_output=True, text=True).stdout
    if "idle probe" in out:
        print(f"kith serve with IDLE: the message on the timeline after {time.perf_counter() - t:.1f} s [< 10 s]")
        break
    time.sleep(0.2)
else:
    print("kith serve with IDLE: the message did not arrive within 30 s")
PY
kill "$serve_pid"; wait "$serve_pid" 2>/dev/null || true
