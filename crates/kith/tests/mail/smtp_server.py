"""A local SMTP server for kith's mail tests (aiosmtpd).

Usage: smtp_server.py PORT DIR

Listens on 127.0.0.1:PORT and writes each message it accepts, as Python's `email` package reads it,
to DIR/NNN.json: envelope recipients, From, To, Subject, Message-ID, the content type, the content
types of its parts in order (for a multipart message), the plain-text body and the HTML body (None
when the message has none), and the parser's defects. Recipients whose
address starts with "refuse" are refused with 550, as a real server refuses an unknown mailbox.
Prints "ready" once it listens, and stops when its standard input closes.
"""

import email
import email.policy
import json
import os
import sys

from aiosmtpd.controller import Controller


class Store:
    def __init__(self, out):
        self.out = out
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower().startswith("refuse"):
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        m = email.message_from_bytes(envelope.content, policy=email.policy.default)
        plain = m.get_body(preferencelist=("plain",))
        html = m.get_body(preferencelist=("html",))
        parts = [p.get_content_type() for p in m.iter_parts()] if m.is_multipart() else []
        record = {
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(m["From"]),
            "to": str(m["To"]),
            "subject": str(m["Subject"]),
            "message_id": str(m["Message-ID"]),
            "content_type": m.get_content_type(),
            "parts": parts,
            "body": plain.get_content() if plain is not None else None,
            "html": html.get_content() if html is not None else None,
            "defects": [str(d) for d in m.defects] + [str(d) for p in m.walk() if p is not m for d in p.defects],
        }
        self.count += 1
        path = os.path.join(self.out, "%03d.json" % self.count)
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.replace(path + ".tmp", path)
        return "250 Message accepted"


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    controller = Controller(Store(out), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()
    controller.stop()


if __name__ == "__main__":
    main()
