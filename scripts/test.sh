#!/usr/bin/env bash
# The whole test suite against real PostgreSQL and a real Kafka broker:
# static checks, unit specs, integration specs, end-to-end specs through the running services, and the
# console's browser tests (Playwright driving Debian's Chromium through Keycloak's sign-in page).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
started=$(date +%s)
# Each stage says how long it took; the summary at the end lists them all.
stage_names=()
stage_secs=()
stage_start=$started
stage_name=""
stage() {
  local now
  now=$(date +%s)
  if [ -n "$stage_name" ]; then
    stage_names+=("$stage_name")
    stage_secs+=($((now - stage_start)))
    echo "[test] $stage_name: $((now - stage_start)) s"
  fi
  stage_name="$1"
  stage_start=$now
  [ -n "$1" ] && echo "[test] $1"
  return 0
}
stage "infrastructure (PostgreSQL, Kafka, Keycloak, Chromium)"
# Keycloak is started once for the whole run: the end-to-end specs and the browser tests share it.
node scripts/infra.mjs up --with-idp
source scripts/ensure-chromium.sh
stage "typecheck (the services, the tests and the console)"
npm run --silent typecheck
stage "lint (ESLint with type information, Nx module boundaries) and format"
# The module-boundaries rule reads the Nx project graph; compute it first (a fresh clone has none).
nx show projects >/dev/null
eslint . --max-warnings 0
prettier --check apps libs tests bench scripts --log-level warn
stage "build"
npm run --silent build
# @nestjs/* 12 ship as ES modules; Jest loads them through the VM modules API.
export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning"
stage "unit"
jest --selectProjects unit --ci --json --outputFile=.local/jest-unit.json
stage "integration (real PostgreSQL and Kafka)"
jest --selectProjects integration --ci --runInBand --json --outputFile=.local/jest-integration.json
stage "end-to-end (the three services over HTTP and Kafka)"
jest --selectProjects e2e --ci --runInBand --json --outputFile=.local/jest-e2e.json
stage "browser (Playwright: the console, Keycloak's sign-in and the services)"
playwright test -c tests/browser/playwright.config.ts
stage ""
echo "[test] all passed in $(( $(date +%s) - started )) s:"
for i in "${!stage_names[@]}"; do printf '[test]   %5d s  %s\n' "${stage_secs[$i]}" "${stage_names[$i]}"; done
node scripts/test-summary.mjs
