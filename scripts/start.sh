#!/usr/bin/env bash
# Starts the whole stack: infrastructure (if not reachable), Keycloak, build, the three services (which run
# their migrations at boot) and the console on http://localhost:4200. Ctrl-C stops the services; `npm run infra -- down` stops the local Kafka broker
# and Keycloak.
#
# Identity: the services verify Keycloak's tokens (OIDC, the realm child-protection; docs/identity.md). They
# still run in development mode for everything else (published development keys of the topics, checkpoints
# and personal data), but a shared-secret token (`npm run token`) is refused while OIDC_ISSUER is set.
# CP_NO_IDP=1 npm start runs without Keycloak, with the shared-secret tokens of development mode instead.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
if [ "${CP_NO_IDP:-0}" = "1" ]; then
  node scripts/infra.mjs up
  OIDC_ENV=()
else
  node scripts/infra.mjs up --with-idp
  # Browsers reach Keycloak on the console's origin (the issuer); the services fetch its keys directly.
  OIDC_ENV=(
    OIDC_ISSUER="${OIDC_ISSUER:-http://localhost:4200/auth/realms/child-protection}"
    OIDC_JWKS_URL="${OIDC_JWKS_URL:-http://127.0.0.1:8180/auth/realms/child-protection/protocol/openid-connect/certs}"
    OIDC_AUDIENCE="${OIDC_AUDIENCE:-cp-api}"
    OIDC_ROLES_CLAIM=roles
    OIDC_UNITS_CLAIM=units
  )
fi
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
  env "${OIDC_ENV[@]}" CP_DEVELOPMENT=1 DATABASE_URL="$APP_SERVER_URL/cp_${app}" \
    MIGRATION_DATABASE_URL="$SERVER_URL/cp_${app}" PORT="${PORTS[$app]}" \
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
# The console and its one origin (vite preview of the built console, docs/console.md): the browser reaches the
# console, the three APIs under /api/intake|casework|reporting and Keycloak under /auth on http://localhost:4200.
if [ ${#OIDC_ENV[@]} -gt 0 ]; then
  node node_modules/vite/bin/vite.js preview --config apps/console/vite.config.mts >.local/logs/console.log 2>&1 &
  pids+=($!)
  for _ in $(seq 1 30); do
    curl -fs "http://localhost:4200/" >/dev/null 2>&1 && break
    sleep 1
  done
  curl -fs "http://localhost:4200/" >/dev/null || { echo "[start] the console did not start; see .local/logs/console.log"; tail -20 .local/logs/console.log; exit 1; }
  echo "[start] console is up:  http://localhost:4200"
fi
cat <<TXT

The stack is running. Logs: .local/logs/<service>.log, Keycloak .local/keycloak/keycloak.log
  Intake (Hotline 111)   http://localhost:3001/api/docs
  Casework (Decree 56)   http://localhost:3002/api/docs
  Reporting              http://localhost:3003/api/docs
TXT
if [ ${#OIDC_ENV[@]} -gt 0 ]; then
  cat <<'TXT'

  ▶ The console:         http://localhost:4200   (sign in as counsellor / dev-only-password)

  Keycloak (identity)    http://localhost:4200/auth/admin/child-protection/console/   (docs/identity.md)
Development users of the realm child-protection — DEVELOPMENT ONLY, password dev-only-password for all:
  counsellor            hotline_counsellor   VN
  supervisor            hotline_supervisor   VN
  worker.tuky           commune_worker       11074 Xã Tứ Kỳ (Hải Phòng)
  worker.daison-tanky   commune_worker       11086 Xã Đại Sơn, 11113 Xã Tân Kỳ (Hải Phòng)
  chair.tuky            commune_chair        11074 Xã Tứ Kỳ
  officer.haiphong      provincial_officer   31 Thành phố Hải Phòng
  inspector             inspector            VN
  admin                 admin                VN (also manages the realm's users in the admin console)
The services accept Keycloak's tokens only (CP_NO_IDP=1 npm start for the shared-secret tokens of npm run token).
Press Ctrl-C to stop.
TXT
else
  echo "Without Keycloak there is no console (it signs in with Keycloak); the APIs take shared-secret tokens."
  echo "Get a token:  npm run token -- --role hotline_counsellor"
  echo "Press Ctrl-C to stop."
fi
wait
