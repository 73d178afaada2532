#!/usr/bin/env bash
# npm run bench [-- --quick]: event store and end-to-end benchmarks, as ratios to raw PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ensure-node.sh
node scripts/infra.mjs up
npm run --silent build
node dist/bench/run.js "$@"
