#!/usr/bin/env bash
# The whole test suite against real PostgreSQL and a real Kafka broker:
# static checks, unit specs, integration specs, end-to-end specs through the running services.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
started=$(date +%s)
node scripts/infra.mjs up
echo "[test] typecheck"
tsc -p tsconfig.json --noEmit
echo "[test] lint (ESLint with type information, Nx module boundaries) and format"
# The module-boundaries rule reads the Nx project graph; compute it first (a fresh clone has none).
nx show projects >/dev/null
eslint . --max-warnings 0
prettier --check apps libs tests bench scripts --log-level warn
echo "[test] build"
npm run --silent build
# @nestjs/* 12 ship as ES modules; Jest loads them through the VM modules API.
export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules --no-warnings=ExperimentalWarning"
echo "[test] unit"
jest --selectProjects unit --ci --json --outputFile=.local/jest-unit.json
echo "[test] integration (real PostgreSQL and Kafka)"
jest --selectProjects integration --ci --runInBand --json --outputFile=.local/jest-integration.json
echo "[test] end-to-end (the three services over HTTP and Kafka)"
jest --selectProjects e2e --ci --runInBand --json --outputFile=.local/jest-e2e.json
echo "[test] all passed in $(( $(date +%s) - started )) s"
node -e '
  const r = ["unit", "integration", "e2e"].map((l) => require(`./.local/jest-${l}.json`));
  const sum = (k) => r.reduce((n, x) => n + x[k], 0);
  process.stdout.write(`tests: ${sum("numPassedTests")} passed, ${sum("numFailedTests")} failed\n`);
'
