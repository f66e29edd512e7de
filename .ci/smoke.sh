#!/usr/bin/env bash
# Starts the server as a new user would (`npm start`, embedded database, fresh data folder),
# checks /health, logs in with a demo login, creates one record through the API, and shuts
# down with SIGINT, expecting a clean exit that releases the database lock.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=$(mktemp -d)
PORT=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
# its own process group, so the signal reaches node and not only npm
HEALTH_TOKEN=smoke-health VIKNO_DATA_DIR="$DATA" PORT=$PORT HOST=127.0.0.1 VIKNO_DEMO_ACCOUNTS=${SMOKE_ACCOUNTS:-1000} setsid npm start > "$DATA/server.log" 2>&1 &
PGID=$!
stop() { kill -INT -- -"$PGID" 2>/dev/null || true; }
trap 'stop; sleep 3; kill -9 -- -"$PGID" 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf -H "authorization: Bearer smoke-health" "http://127.0.0.1:$PORT/health" > "$DATA/health.json" 2>/dev/null && break
  sleep 1
done
cat "$DATA/health.json"; echo
grep -q '"mode":"embedded"' "$DATA/health.json"
# anonymous callers learn only up or down
[ "$(curl -sf "http://127.0.0.1:$PORT/health")" = '{"ok":true}' ]
grep -q 'Demo logins' "$DATA/server.log"
PASS=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$DATA/demo-logins.json','utf8')).admin)")
CSRF=$(curl -sf -c "$DATA/cookies" -H 'content-type: application/json' \
  -d "{\"login\":\"admin\",\"password\":\"$PASS\"}" "http://127.0.0.1:$PORT/api/v1/auth/login" \
  | node -e "process.stdin.on('data',d=>console.log(JSON.parse(d).csrfToken))")
curl -sf -b "$DATA/cookies" -H "x-csrf-token: $CSRF" -H 'content-type: application/json' \
  -d '{"full_name":"Смоук Тест","phone":"0671234567"}' "http://127.0.0.1:$PORT/api/v1/records/contact" > "$DATA/created.json"
grep -q '"+380671234567"' "$DATA/created.json"
echo "smoke: health ok, demo login ok, record created"
stop
for _ in $(seq 1 30); do kill -0 -- -"$PGID" 2>/dev/null || break; sleep 1; done
trap - EXIT
if kill -0 -- -"$PGID" 2>/dev/null; then echo "smoke: server did not stop on SIGINT"; kill -9 -- -"$PGID"; exit 1; fi
if [ -e "$DATA/db/pg.lock" ]; then echo "smoke: lock file left behind after shutdown"; exit 1; fi
echo "smoke: clean shutdown"
