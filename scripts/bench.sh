#!/usr/bin/env bash
# npm run bench [-- --quick]: event store and end-to-end benchmarks, as ratios to raw PostgreSQL, and the
# console's weight and readiness in Debian's Chromium (Keycloak and Chromium are started or installed here).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
node scripts/infra.mjs up --with-idp
source scripts/ensure-chromium.sh
npm run --silent build
node dist/bench/run.js "$@"
