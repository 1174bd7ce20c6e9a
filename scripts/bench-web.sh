#!/usr/bin/env bash
# Whole-server figures for kith serve on the 100,000-contact demo network (issue targets):
#   - dashboard and contact page: p99 latency under 20 ms at 64 concurrent connections, no errors;
#   - throughput at least 0.3x what nginx achieves serving the same rendered page as a static file,
#     on the same machine in the same run;
#   - server memory (RSS) under 64 MB after that load.
# Contact pages are requested for random contacts (the database is really read: every request misses
# the page cache) and for one contact again and again (what nginx serves: the same rendered page).
# Usage: scripts/bench-web.sh [CONTACTS] [SECONDS]   (defaults: 100000, 15)
# Needs wrk and nginx (apt-get install wrk nginx-light); builds kith in release mode.
set -euo pipefail
cd "$(dirname "$0")/.."
contacts=${1:-100000}
seconds=${2:-15}
today=2026-11-22
for tool in wrk nginx curl python3; do
  command -v "$tool" >/dev/null || { echo "$tool is needed (apt-get install wrk nginx-light curl)" >&2; exit 1; }
done
cargo build --release -q -p kith
kith=$PWD/target/release/kith
# shellcheck source=lib/serve.sh
source scripts/lib/serve.sh

echo "== demo network of $contacts contacts"
"$kith" --db "$work/kith.db" --today "$today" demo --contacts "$contacts"

kport=$(port)
"$kith" --db "$work/kith.db" --today "$today" serve --addr "127.0.0.1:$kport" 2>"$work/serve.log" &
kpid=$!
pids+=("$kpid")
wait_for "http://127.0.0.1:$kport/healthz"
contact=$(curl -fs "http://127.0.0.1:$kport/api/v1/contacts?circle=close&limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["id"])')
t0=$(date +%s.%N)
curl -fs "http://127.0.0.1:$kport/" -o "$work/dashboard.html"
echo "first dashboard (computes the network's reports): $(python3 -c "print(f'{($(date +%s.%N) - $t0) * 1000:.0f} ms')")"
curl -fs "http://127.0.0.1:$kport/contacts/$contact" -o "$work/contact.html"
echo "kith RSS before load: $(awk '/VmRSS/ {print $2 / 1024 " MB"}' /proc/$kpid/status)"

# nginx serving the same rendered pages as static files.
mkdir -p "$work/www" "$work/nginx"
# nginx workers run as another user: they must be able to read the copies.
chmod 755 "$work" "$work/www"
cp "$work/dashboard.html" "$work/www/dashboard.html"
cp "$work/contact.html" "$work/www/contact.html"
nport=$(port)
cat > "$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/nginx; proxy_temp_path $work/nginx; fastcgi_temp_path $work/nginx;
  uwsgi_temp_path $work/nginx; scgi_temp_path $work/nginx;
  server { listen 127.0.0.1:$nport; root $work/www; default_type text/html; }
}
CONF
nginx -c "$work/nginx/nginx.conf" -g 'daemon off;' &
pids+=("$!")
wait_for "http://127.0.0.1:$nport/dashboard.html"

# Contact pages for random contacts; the dashboard as it is.
cat > "$work/random-contact.lua" <<LUA
math.randomseed(7)
request = function() return wrk.format("GET", "/contacts/" .. math.random(1, $contacts)) end
LUA

run() { # name url [script]
  local out
  out=$(wrk -t2 -c64 -d"${seconds}s" --latency ${3:+-s "$3"} -H "Host: 127.0.0.1:$kport" "$2")
  python3 - "$1" "$out" <<'PY'
import re, sys
name, out = sys.argv[1], sys.argv[2]
def ms(v):
    n, unit = float(re.match(r"[\d.]+", v).group()), re.search(r"[a-z]+", v).group()
    return n * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
p99 = ms(re.search(r"99%\s+(\S+)", out).group(1))
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
errors = sum(int(x) for x in re.findall(r"(?:Non-2xx or 3xx responses|Socket errors: connect|read|write|timeout)\D+(\d+)", out))
bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
sock = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
errors = (int(bad.group(1)) if bad else 0) + (sum(int(g) for g in sock.groups()) if sock else 0)
print(f"{name:<34} {rps:>9.0f} req/s   p99 {p99:6.2f} ms   errors {errors}")
with open(f"/tmp/kith-bench-{name.split()[0]}.rps", "w") as f:
    f.write(str(rps))
PY
}

echo "== wrk: 2 threads, 64 connections, ${seconds} s each (kith and nginx share this machine's cores)"
run "kith-dashboard /" "http://127.0.0.1:$kport/"
run "nginx-dashboard (static copy)" "http://127.0.0.1:$nport/dashboard.html"
run "kith-contact /contacts/<random>" "http://127.0.0.1:$kport/" "$work/random-contact.lua"
run "kith-contact-same /contacts/<one>" "http://127.0.0.1:$kport/contacts/$contact"
run "nginx-contact (static copy)" "http://127.0.0.1:$nport/contact.html"
python3 - <<'PY'
r = {k: float(open(f"/tmp/kith-bench-{k}.rps").read()) for k in ["kith-dashboard", "nginx-dashboard", "kith-contact", "kith-contact-same", "nginx-contact"]}
print(f"throughput vs nginx: dashboard {r['kith-dashboard'] / r['nginx-dashboard']:.2f}x, "
      f"contact page (random contacts) {r['kith-contact'] / r['nginx-contact']:.2f}x, "
      f"contact page (one contact) {r['kith-contact-same'] / r['nginx-contact']:.2f}x (target >= 0.3x)")
PY
echo "kith RSS after load: $(awk '/VmRSS/ {print $2 / 1024 " MB"}' /proc/$kpid/status) (target < 64 MB)"
if grep -q "kith serve:" "$work/serve.log"; then echo "kith serve logged failures:"; grep "kith serve:" "$work/serve.log"; exit 1; fi
