#!/usr/bin/env bash
# Installs the vCard oracles (Python vobject + icalendar, and ical.js) for tests/vcard_oracles.rs, and
# Python's aiosmtpd, the SMTP server the mail tests of crates/kith send to, and vdirsyncer, the
# CardDAV client the address book is synced with (its command beside the venv's python).
#
# Usage: crates/kith-formats/tests/oracles/setup.sh DIR
#   DIR/venv                        a Python virtualenv with requirements.txt installed
#   tests/oracles/node_modules      ical.js from package-lock.json (npm ci)
# Prints the two lines to export so the tests find them, e.g.
#   eval "$(crates/kith-formats/tests/oracles/setup.sh /tmp/kith-oracles)"
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
mkdir -p "$1"
dir="$(cd "$1" && pwd)"

# Installers talk on stderr so that stdout carries only the export lines.
if [ ! -x "$dir/venv/bin/python" ]; then
  python3 -m venv "$dir/venv" >&2
fi
"$dir/venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$here/requirements.txt" >&2
npm ci --prefix "$here" --no-audit --no-fund --loglevel=error >&2

"$dir/venv/bin/python" -c 'import vobject, icalendar, aiosmtpd, vdirsyncer' >&2
test -x "$dir/venv/bin/vdirsyncer"
test -f "$here/node_modules/ical.js/dist/ical.js"

echo "export KITH_ORACLE_PYTHON=$dir/venv/bin/python"
echo "export KITH_ORACLE_NODE_MODULES=$here/node_modules"
