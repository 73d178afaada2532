# Sourced by the other scripts: puts Node.js 24 (pinned in package.json) first on PATH and installs
# the dependencies when they are missing or stale. A fresh machine needs nothing installed by hand.
NODE_PIN="24.21.0"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -x "$ROOT/node_modules/.bin/node" ] && [ "$("$ROOT/node_modules/.bin/node" --version)" = "v$NODE_PIN" ]; then
  export PATH="$ROOT/node_modules/.bin:$PATH"
elif [ "$(node --version 2>/dev/null)" != "v$NODE_PIN" ]; then
  if [ ! -x "$ROOT/.local/node/node_modules/.bin/node" ]; then
    echo "[setup] fetching Node.js $NODE_PIN from the npm registry (package 'node')"
    npm install --prefix "$ROOT/.local/node" --no-save --no-audit --no-fund --allow-scripts=node "node@$NODE_PIN" >/dev/null
  fi
  export PATH="$ROOT/.local/node/node_modules/.bin:$PATH"
fi
if [ ! -f "$ROOT/node_modules/.package-lock.json" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
  echo "[setup] installing dependencies (npm ci) with Node $(node --version)"
  (cd "$ROOT" && npm ci --no-audit --no-fund)
fi
export PATH="$ROOT/node_modules/.bin:$PATH"
