#!/usr/bin/env bash
# Starts the server as a new user would (embedded database, fresh data folder), checks
# /health, logs in with a demo login, creates one record through the API, shuts down.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=$(mktemp -d)
PORT=${SMOKE_PORT:-3399}
VIKNO_DATA_DIR="$DATA" PORT=$PORT npm start > "$DATA/server.log" 2>&1 &
PID=$!
trap 'kill -INT $PID 2>/dev/null || true; sleep 2; kill -9 $PID 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/health" > "$DATA/health.json" 2>/dev/null && break
  sleep 1
done
cat "$DATA/health.json"; echo
grep -q '"ok":true' "$DATA/health.json"
PASS=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$DATA/demo-logins.json','utf8')).admin)")
CSRF=$(curl -sf -c "$DATA/cookies" -H 'content-type: application/json' \
  -d "{\"login\":\"admin\",\"password\":\"$PASS\"}" "http://127.0.0.1:$PORT/api/v1/auth/login" \
  | node -e "process.stdin.on('data',d=>console.log(JSON.parse(d).csrfToken))")
curl -sf -b "$DATA/cookies" -H "x-csrf-token: $CSRF" -H 'content-type: application/json' \
  -d '{"full_name":"Смоук Тест","phone":"0671234567"}' "http://127.0.0.1:$PORT/api/v1/records/contact" > "$DATA/created.json"
grep -q '"+380671234567"' "$DATA/created.json"
echo "smoke: health ok, record created"
kill -INT $PID
wait $PID || true
trap - EXIT
if [ -e "$DATA/db/pg.lock" ]; then echo "smoke: lock file left behind after shutdown"; exit 1; fi
echo "smoke: clean shutdown"
