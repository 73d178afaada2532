# Sourced by the other scripts: puts Node.js 24 (pinned in package.json) first on PATH and installs
# the dependencies when they are missing or stale. A fresh machine needs nothing installed by hand.
NODE_PIN="24.21.0"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -x "$ROOT/node_modules/.bin/node" ] && [ "$("$ROOT/node_modules/.bin/node" --version)" = "v$NODE_PIN" ]; then
  export PATH="$ROOT/node_modules/.bin:$PATH"
elif [ "$(node --version 2>/dev/null)" != "v$NODE_PIN" ]; then
  if [ ! -x "$ROOT/.local/node/node_modules/.bin/node" ]; then
    echo "[setup] fetching Node.js $NODE_PIN from the npm registry (package 'node')"
    mkdir -p "$ROOT/.local/node"
    # npm 11 runs a dependency's install script only when the project approves it.
    echo '{ "private": true, "allowScripts": { "node": true } }' >"$ROOT/.local/node/package.json"
    npm install --prefix "$ROOT/.local/node" --no-audit --no-fund "node@$NODE_PIN" >/dev/null ||
      { echo "[setup] could not install Node.js $NODE_PIN from the npm registry" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$ROOT/.local/node/node_modules/.bin:$PATH"
fi
if [ ! -f "$ROOT/node_modules/.package-lock.json" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
  echo "[setup] installing dependencies (npm ci) with Node $(node --version)"
  (cd "$ROOT" && npm ci --no-audit --no-fund) || { echo "[setup] npm ci failed" >&2; return 1 2>/dev/null || exit 1; }
fi
export PATH="$ROOT/node_modules/.bin:$PATH"
