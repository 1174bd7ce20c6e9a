#!/usr/bin/env python3
"""Checks an iCalendar file with the parsers calendar tools are built on: icalendar and vobject.

Usage: check_ics.py FILE

The file must be UTF-8 and parse with icalendar.Calendar.from_ical and vobject.readOne with no
error recorded or raised; every component is walked and every DTSTART read; vobject's validation
must pass and each event's recurrence set must expand; both parsers must read the same events with
the same text. Prints the events as read (JSON: uid, summary, description, dtstart) on stdout, so
a caller can compare them with what it wrote; exits 1 with a message on stderr otherwise.
"""

import itertools
import json
import sys

import icalendar
import vobject


def fail(message):
    print(f"check_ics: {message}", file=sys.stderr)
    sys.exit(1)


def read_with_icalendar(text):
    try:
        calendar = icalendar.Calendar.from_ical(text)
    except Exception as e:  # icalendar raises ValueError and others; any of them is a failure
        fail(f"icalendar cannot parse it: {e}")
    events = []
    for component in calendar.walk():
        # icalendar keeps going past values it cannot read and records them here.
        for name, error in getattr(component, "errors", []):
            fail(f"icalendar: {component.name} property {name}: {error}")
        if "DTSTART" in component:
            try:
                start = component["DTSTART"].dt
            except Exception as e:
                fail(f"icalendar: {component.name} DTSTART unreadable: {e}")
        if component.name == "VEVENT":
            events.append(
                {
                    "uid": str(component.get("UID")),
                    "summary": str(component.get("SUMMARY")),
                    "description": None if component.get("DESCRIPTION") is None else str(component.get("DESCRIPTION")),
                    "dtstart": start.isoformat(),
                }
            )
    return events


def read_with_vobject(text):
    try:
        calendar = vobject.readOne(text, validate=True, ignoreUnreadable=False)
        calendar.validate(raiseException=True)
    except Exception as e:  # vobject raises ParseError, ValidateError and others
        fail(f"vobject cannot parse it: {e}")
    events = []
    for event in calendar.contents.get("vevent", []):
        try:
            start = event.dtstart.value
            # Expands RRULE/RDATE/EXDATE with dateutil: a broken rule fails here.
            list(itertools.islice(event.getrruleset(addRDate=True) or [start], 3))
        except Exception as e:
            fail(f"vobject: event {getattr(event, 'uid', None)} cannot be read: {e}")
        events.append(
            {
                "uid": event.uid.value,
                "summary": event.summary.value,
                "description": event.description.value if hasattr(event, "description") else None,
                "dtstart": start.isoformat(),
            }
        )
    return events


def main():
    if len(sys.argv) != 2:
        fail("usage: check_ics.py FILE")
    path = sys.argv[1]
    try:
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
    except UnicodeDecodeError as e:
        fail(f"{path} is not UTF-8: {e}")
    begins = sum(1 for line in text.splitlines() if line.strip().upper() == "BEGIN:VEVENT")
    by_icalendar = read_with_icalendar(text)
    by_vobject = read_with_vobject(text)
    if len(by_icalendar) != begins or len(by_vobject) != begins:
        fail(f"{begins} BEGIN:VEVENT lines, but icalendar read {len(by_icalendar)} and vobject {len(by_vobject)} events")
    for a, b in zip(by_icalendar, by_vobject):
        if a != b:
            fail(f"icalendar and vobject disagree:\n  {a}\n  {b}")
    print(f"check_ics: icalendar and vobject read {begins} events in {path}", file=sys.stderr)
    json.dump(by_icalendar, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
