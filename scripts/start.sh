#!/usr/bin/env bash
# Starts the whole stack: infrastructure (if not reachable), build, the three services (which run their
# migrations at boot). Ctrl-C stops the services; `npm run infra -- down` stops the local Kafka broker.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
node scripts/infra.mjs up
echo "[start] building"
npm run --silent build
mkdir -p .local/logs
# DATABASE_URL names the server as its owner (the migrations run as it); each service gets its own database
# on it (cp_intake, ...) and works as the restricted role cp_app that `infra up` created (APP_DATABASE_USER /
# APP_DATABASE_PASSWORD to use another): it may not update or delete the event store.
SERVER_URL=$(node -e 'const u=new URL(process.argv[1]); u.pathname=""; process.stdout.write(u.toString().replace(/\/$/, ""))' "${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}")
APP_SERVER_URL=$(node -e 'const u=new URL(process.argv[1]); u.pathname=""; u.username=process.argv[2]; u.password=process.argv[3]; process.stdout.write(u.toString().replace(/\/$/, ""))' "$SERVER_URL" "${APP_DATABASE_USER:-cp_app}" "${APP_DATABASE_PASSWORD:-cp_app}")
pids=()
stop() { echo; echo "[start] stopping services"; kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop INT TERM EXIT
declare -A PORTS=([intake]=3001 [casework]=3002 [reporting]=3003)
for app in intake casework reporting; do
  # Development mode: the published development keys and shared-secret tokens (never in production).
  CP_DEVELOPMENT=1 DATABASE_URL="$APP_SERVER_URL/cp_${app}" MIGRATION_DATABASE_URL="$SERVER_URL/cp_${app}" \
    PORT="${PORTS[$app]}" \
    node "dist/apps/$app/src/main.js" >".local/logs/$app.log" 2>&1 &
  pids+=($!)
done
for app in intake casework reporting; do
  port=${PORTS[$app]}
  for _ in $(seq 1 60); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -fs "http://127.0.0.1:$port/health" >/dev/null || { echo "[start] $app did not become healthy; see .local/logs/$app.log"; tail -20 ".local/logs/$app.log"; exit 1; }
  echo "[start] $app is up:   http://localhost:$port/api/docs   (health http://localhost:$port/health)"
done
cat <<TXT

The stack is running. Logs: .local/logs/<service>.log
  Intake (Hotline 111)   http://localhost:3001/api/docs
  Casework (Decree 56)   http://localhost:3002/api/docs
  Reporting              http://localhost:3003/api/docs
Get a token:  npm run token -- --role hotline_counsellor
Press Ctrl-C to stop.
TXT
wait
