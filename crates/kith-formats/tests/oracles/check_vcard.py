#!/usr/bin/env python3
"""Checks a vCard file the way a strict consumer would, with vobject.

Usage: check_vcard.py FILE

Every card must parse (no unreadable line is skipped), pass vobject's validation (its cardinality
rules: one VERSION, at most one N and PRODID, at least one FN), carry an FN and a UID, and have
every value decode. Exits 1 with a message naming the card otherwise.
"""

import sys

import vobject


def fail(message):
    print(f"vobject: {message}", file=sys.stderr)
    sys.exit(1)


def check(path):
    with open(path, encoding="utf-8", newline="") as f:
        text = f.read()
    begins = sum(1 for line in text.splitlines() if line.strip().upper() == "BEGIN:VCARD")
    try:
        cards = list(vobject.readComponents(text, validate=True, ignoreUnreadable=False))
    except Exception as e:  # vobject raises many types; any of them is a failure here
        fail(f"{path}: not parsed: {type(e).__name__}: {e}")
    if not cards:
        fail(f"{path}: no card found")
    if len(cards) != begins:
        fail(f"{path}: {begins} BEGIN:VCARD lines but {len(cards)} cards parsed")
    for number, card in enumerate(cards, 1):
        where = f"{path}, card {number}"
        if card.name != "VCARD":
            fail(f"{where}: a {card.name}, not a VCARD")
        try:
            card.validate(raiseException=True)
            values = [child.value for child in card.getChildren()]
        except Exception as e:
            fail(f"{where}: invalid: {type(e).__name__}: {e}")
        for name in ("fn", "uid", "version"):
            if not card.contents.get(name) or not str(card.contents[name][0].value).strip():
                fail(f"{where}: no {name.upper()}")
        if card.version.value != "4.0":
            fail(f"{where}: VERSION is {card.version.value}, not 4.0")
        if not values:
            fail(f"{where}: no properties")
    print(f"vobject {vobject.VERSION}: {len(cards)} cards in {path} are valid")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        fail("usage: check_vcard.py FILE")
    check(sys.argv[1])
