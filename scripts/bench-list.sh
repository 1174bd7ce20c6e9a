#!/usr/bin/env bash
# Listing a whole network, whole process, side by side in one run (issue targets in brackets):
#   - kith list of 30,000 contacts, as a table and as JSON                 [< 150 ms]
#   - the same cards listed by khard (vCard address book in a folder)       [kith >= 50x faster]
#   - the sqlite3 shell reading the same rows from kith's file              [the reference]
# Two generated address books, neither tuned: "realistic" (non-ASCII names, about 0.7 employers per
# person, 3 % duplicates, empty fields, several e-mails and phones, tags, notes) and "plain" (ASCII,
# one e-mail and phone each, eight employers).
# Usage: scripts/bench-list.sh [RUNS] [CARDS]   (defaults: 10, 30000). Needs python3, sqlite3, khard
# (pip install khard).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-10}
cards=${2:-30000}
today=2026-11-22
for tool in python3 sqlite3 khard; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (apt-get install sqlite3; pip install khard)" >&2; exit 1; }
done
cargo build --release -q -p kith
kith=$PWD/target/release/kith
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$work" "$cards" <<'PY'
import os, random, sys
out, n = sys.argv[1], int(sys.argv[2])
rr = random.Random(23)
given = ["Ada", "Ben", "Chloé", "Dev", "Eli", "Fatima", "Zoë", "Łukasz", "Søren", "Đorđe", "Ngọc Anh", "Åsa",
         "Jean-Baptiste", "María José", "Ōta", "Siobhán", "Юлия", "美咲", "Kofi", "Nia"]
family = ["Lee", "Khan", "Berg", "Okafor", "Silva", "Nguyễn", "Kowalczyk", "Ó Briain", "van der Berg",
          "García Márquez", "Þórsdóttir", "Øster", "Abdul-Rahman", "Иванова", "佐藤", "Müller"]
words = ["North", "Blue", "Lumen", "Cedar", "Vertex", "Harbor", "Quantum", "Atlas", "Nimbus", "Kite", "Ember"]
kinds = ["Labs", "Systems", "GmbH", "S.A.", "Consulting", "Health", "Bank", "University", "Studio", "Ltd."]
employers = [f"{rr.choice(words)} {rr.choice(words)} {rr.choice(kinds)} {k}" for k in range(int(n * 0.7))]
tags = ["rust", "hiring", "mentor", "conference", "former colleague", "investor", "école", "climbing"]

def esc(v):
    return v.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")

def realistic():
    people = []
    for i in range(n):
        if people and rr.random() < 0.03:
            f, l, rest = rr.choice(people)
            people.append((f, l, rest))  # the same person twice, as address books have them
            continue
        # About 70,000 possible names: namesakes happen (and kith merges exact names), but rarely.
        f = rr.choice(given) + (" " + rr.choice(given) if rr.random() < 0.1 else "")
        f += f" {rr.choice('ABCDEFGHIJKLMNOPRSTUVWZ')}." if rr.random() < 0.8 else ""
        l = rr.choice(family) + rr.choice(["", "sen", "ová", "escu", "ini", "wicz", "son", "ez", "ić"])
        l += f"-{rr.choice(family)}" if rr.random() < 0.05 else ""
        lines = []
        for k in range(rr.choice([0, 1, 1, 1, 2, 3])):
            lines.append(f"EMAIL;TYPE={rr.choice(['work', 'home'])}:p{i}.{k}@example.org")
        for k in range(rr.choice([0, 0, 1, 1, 2])):
            lines.append(f"TEL;TYPE=cell:+49 30 {i:06d}{k}")
        roll = rr.random()
        org = "" if roll < 0.1 else rr.choice(employers[:40]) if roll < 0.25 else rr.choice(employers)
        if org:
            lines.append(f"ORG:{esc(org)}")
        if rr.random() < 0.6:
            lines.append(f"TITLE:{rr.choice(['Senior ', 'Lead ', ''])}{rr.choice(['Engineer', 'Designer', 'Analyst'])}")
        if rr.random() < 0.3:
            lines.append("CATEGORIES:" + ",".join(esc(t) for t in rr.sample(tags, rr.randint(1, 3))))
        if rr.random() < 0.2:
            lines.append("NOTE:" + esc(f"met at {rr.choice(words)} meetup; likes {rr.choice(tags)}\nfollow up"))
        people.append((f, l, lines))
    return people

def plain():
    orgs = ["Acme", "Globex", "Initech", "Umbrella", "Stark Industries", "Wayne Enterprises", "Hooli", "Pied Piper"]
    return [(f"Person{i % 97}", f"Bench {i}", [f"EMAIL;TYPE=work:p{i}@example.org", f"TEL;TYPE=cell:+1 555 {i:07d}",
             f"ORG:{orgs[i % 8]}", f"TITLE:Engineer {i % 40}"]) for i in range(n)]

for name, people in (("realistic", realistic()), ("plain", plain())):
    folder = f"{out}/{name}"
    os.makedirs(folder)
    with open(f"{out}/{name}.vcf", "w", encoding="utf-8", newline="") as whole:
        for i, (f, l, lines) in enumerate(people):
            uid = f"{name}-{i}"
            card = "\r\n".join(["BEGIN:VCARD", "VERSION:3.0", f"UID:{uid}", f"FN:{f} {l}", f"N:{l};{f};;;", *lines,
                                "END:VCARD"]) + "\r\n"
            whole.write(card)
            with open(f"{folder}/{uid}.vcf", "w", encoding="utf-8", newline="") as one:
                one.write(card)
    with open(f"{out}/{name}.khard.conf", "w") as conf:
        conf.write(f"[addressbooks]\n[[bench]]\npath = {folder}\n\n[general]\ndebug = no\ndefault_action = list\n"
                   "editor = true\nmerge_editor = true\n\n[contact table]\ndisplay = first_name\n"
                   "sort = last_name\nshow_uids = no\n\n[vcard]\n")
PY

for name in realistic plain; do
  "$kith" --db "$work/$name.db" --today "$today" import vcard "$work/$name.vcf" >/dev/null
done

python3 - "$kith" "$work" "$today" "$runs" "$cards" <<'PY'
import os, resource, statistics, subprocess, sys, time
kith, work, today, runs, cards = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
def timed(cmd, n=runs):
    samples, cpu = [], []
    for _ in range(n):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        done = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        samples.append(time.perf_counter() - t)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime)
        if done.returncode != 0:
            sys.exit(f"{' '.join(cmd)} failed: {done.stderr.decode()[:500]}")
    lines = done.stdout.count(b"\n")
    return statistics.median(samples), min(samples), statistics.median(cpu), lines
def show(label, r, note=""):
    med, low, cpu, lines = r
    print(f"{label:<40} median {med * 1000:8.1f} ms   min {low * 1000:8.1f} ms   cpu {cpu * 1000:8.1f} ms"
          f"   {lines:>6} lines  {note}")
    return med
cols = ("c.id, c.name, o.name, c.circle, c.title, c.notes, c.last_touch_on, c.warmth_mass, "
        "(SELECT group_concat(email) FROM contact_emails e WHERE e.contact_id = c.id), "
        "(SELECT group_concat(phone) FROM contact_phones p WHERE p.contact_id = c.id)")
for name in ("realistic", "plain"):
    db = f"{work}/{name}.db"
    print(f"== {name}: {cards:,} cards")
    table = show("kith list (table)", timed([kith, "--db", db, "--today", today, "list", "--limit", "1000000"]),
                 "target < 150 ms")
    js = show("kith --json list", timed([kith, "--db", db, "--today", today, "--json", "list", "--limit", "1000000"]))
    sq = show("sqlite3 reading the same rows",
              timed(["sqlite3", db, f"SELECT {cols} FROM contacts c LEFT JOIN organizations o ON o.id = c.org_id "
                                    "WHERE c.archived = 0 ORDER BY c.name, c.id"]), "the reference")
    kh = show("khard list (same cards)", timed(["khard", "-c", f"{work}/{name}.khard.conf", "list"], n=max(1, min(3, runs))))
    print(f"{'khard / kith list':<40} {kh / table:8.1f}x   (target >= 50x)")
    print(f"{'kith list / sqlite3':<40} {table / sq:8.2f}x   json {js / sq:.2f}x")
PY
