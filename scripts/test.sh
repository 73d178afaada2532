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
# The checks, builds and specs run as Nx targets of each project (docs/adr/0008-nx-targets-and-caching.md):
# a task whose inputs are unchanged since a run on this machine is a cache hit (.nx/, git-ignored), so a
# developer's rerun only runs what changed; a fresh clone (CI) has no cache and runs everything.
nx_run() { nx run-many --outputStyle=static "$@"; }
stage "typecheck (the services, the tests and the console)"
nx_run -t typecheck --parallel=2
stage "lint (ESLint with type information, Nx module boundaries) and format"
nx_run -t lint --parallel=2
prettier --check apps libs tests bench scripts --log-level warn
stage "build"
nx_run -t build --parallel=2
# @nestjs/* 12 ship as ES modules; Jest loads them through the VM modules API (the Nx targets of the specs
# set it too, for a developer who runs one of them alone).
export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning"
# Each project's Jest results land in .local/jest/<level>/<project>.json (restored from the cache on a hit);
# jest-merge.mjs merges them into .local/jest-<level>.json for the summary.
stage "unit"
rm -rf .local/jest/unit
nx_run -t test --parallel=2
node scripts/jest-merge.mjs unit
stage "integration (real PostgreSQL and Kafka)"
rm -rf .local/jest/integration
nx_run -t integration --parallel=1
node scripts/jest-merge.mjs integration
stage "end-to-end (the three services over HTTP and Kafka)"
nx run tests:e2e --outputStyle=static
stage "browser (Playwright: the console, Keycloak's sign-in and the services)"
nx run tests:browser --outputStyle=static
stage ""
echo "[test] all passed in $(( $(date +%s) - started )) s:"
for i in "${!stage_names[@]}"; do printf '[test]   %5d s  %s\n' "${stage_secs[$i]}" "${stage_names[$i]}"; done
node scripts/test-summary.mjs
