#!/usr/bin/env bash
# Checks the JSON API against its own OpenAPI document with schemathesis: generated requests for
# every operation (examples, coverage, fuzzing, stateful sequences), and for each answer: never a
# server error, a documented status code and content type, and a body that matches the schema.
#
# Usage: scripts/check-api.sh [VENV_DIR]   (default target/schemathesis; built once, then reused)
# Needs python3 with venv (schemathesis comes from PyPI) and a built kith (cargo build -p kith).
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${1:-target/schemathesis}
kith=${KITH_BIN:-target/debug/kith}

[ -x "$kith" ] || cargo build -q -p kith
if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r crates/kith-web/tests/schema/requirements.txt
fi

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
log=$(mktemp)
"$kith" --today 2026-12-03 serve --demo --addr "127.0.0.1:$port" 2>"$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
  curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { echo "kith serve did not start:" >&2; cat "$log" >&2; exit 1; }
  sleep 0.1
done

"$venv/bin/schemathesis" run "http://127.0.0.1:$port/api/v1/openapi.json" \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples 40 --workers 2 --seed 7 --suppress-health-check all
if grep -q "kith serve:" "$log"; then
  echo "FAIL: kith serve logged failures during the run:" >&2
  grep "kith serve:" "$log" >&2
  exit 1
fi
