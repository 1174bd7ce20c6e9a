# Sourced by the scripts that serve kith and load it (bench-web.sh, load-web.sh), not run.
# Gives $work (a temp folder), $pids (servers to stop: append to it) and their cleanup on exit,
# `port` (a free local port) and `wait_for URL` (until it answers, at most 60 s).
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_for() { for _ in $(seq 1 600); do curl -fs "$1" >/dev/null 2>&1 && return 0; sleep 0.1; done; echo "no answer at $1" >&2; exit 1; }
