"""The cards and the sync client of scripts/bench-dav.sh (PUT/s and GET/s are measured by the Rust
client, crates/kith-app/examples/dav_load.rs, which costs the machine less than this one would).

    dav_load.py cards DIR N SEED          write N generated vCards into DIR
    dav_load.py sync URL RUNS [USER PASS] a first sync-collection for a token, prints "ready", waits
                                          for a line on stdin (the caller's edits), then the report
                                          from that token RUNS times; prints the median ms and how
                                          many cards it reported

The cards are not tuned: distinct employers, non-ASCII names, one to three e-mails, phones in
several notations, a note now and then, empty fields, a few long ones.
"""

import asyncio
import base64
import os
import random
import re
import sys
import time

import aiohttp

GIVEN = ["Ada", "Grace", "Ngozi", "Søren", "Zoë", "José", "Björk", "Chen", "Aiko", "Olúmídé", "Marta", "Élodie", "Radia",
         "Katherine", "Hedy", "Barbara", "Frances", "Jean", "Łukasz", "Ines"]
FAMILY = ["Lovelace", "Hopper", "Okonjo", "Kierkegaard", "Saldaña", "Müller", "Guðmundsdóttir", "Wei", "Tanaka", "Adébáyọ̀",
          "Kowalska", "Durand", "Perlman", "Johnson", "Lamarr", "Liskov", "Allen", "Bartik", "Nowak", "García"]


def card(i, rng):
    given, family = rng.choice(GIVEN), rng.choice(FAMILY)
    uid = f"bench-{i:06d}-{rng.getrandbits(32):08x}"
    lines = ["BEGIN:VCARD", "VERSION:3.0", f"UID:{uid}", f"FN:{given} {family}", f"N:{family};{given};;;"]
    domain = f"company{i}.example"  # one employer per person, as in a real export
    for k in range(rng.choice([1, 1, 1, 2, 3])):
        lines.append(f"EMAIL;TYPE=INTERNET:{given.lower()}.{family.lower()}{k}@{domain}".encode("ascii", "ignore").decode())
    if rng.random() < 0.7:
        lines.append("TEL;TYPE=CELL:" + rng.choice(["+1 555 01{:02d}", "(555) 010-{:04d}", "+4930{:06d}"]).format(i % 100))
    if rng.random() < 0.8:
        lines.append(f"ORG:Company {i} GmbH")
        lines.append("TITLE:" + rng.choice(["Engineer", "Head of Data", "CFO", "Staff Engineer, Platform", ""]))
    if rng.random() < 0.2:
        lines.append("NOTE:" + "Met at the meetup; talked about hiring\\, Rust and tea. " * rng.choice([1, 1, 5]))
    lines.append("END:VCARD")
    return uid, "\r\n".join(lines) + "\r\n"


def write_cards(folder, n, seed):
    rng = random.Random(seed)
    os.makedirs(folder, exist_ok=True)
    for i in range(n):
        uid, text = card(i, rng)
        with open(os.path.join(folder, uid + ".vcf"), "w", encoding="utf-8") as f:
            f.write(text)


def auth(argv):
    """The Authorization header for USER PASS, if given."""
    if len(argv) < 2:
        return {}
    token = base64.b64encode(f"{argv[0]}:{argv[1]}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


async def sync_report(url, runs, credentials):
    """Initial sync-collection for a token, then (after the caller's edits, signalled on stdin)
    the same report from that token RUNS times; prints the median milliseconds and the changes."""
    initial = '<d:sync-collection xmlns:d="DAV:"><d:sync-token/><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>'
    async with aiohttp.ClientSession(headers=credentials) as session:
        async with session.request("REPORT", url, data=initial, headers={"Content-Type": "application/xml"}) as r:
            text = await r.text()
        token = re.search(r"<d:sync-token>([^<]+)</d:sync-token>", text).group(1)
        print("ready", flush=True)
        sys.stdin.readline()
        body = initial.replace("<d:sync-token/>", f"<d:sync-token>{token}</d:sync-token>")
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            async with session.request("REPORT", url, data=body, headers={"Content-Type": "application/xml"}) as r:
                text = await r.text()
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        print(f"{times[len(times) // 2]:.1f} {text.count('<d:response>')}")


def main():
    command = sys.argv[1]
    if command == "cards":
        write_cards(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif command == "sync":
        asyncio.run(sync_report(sys.argv[2], int(sys.argv[3]), auth(sys.argv[4:])))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
