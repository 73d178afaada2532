# Sourced by scripts/test.sh and scripts/bench.sh: the browser tests drive Debian's Chromium (never a browser
# Playwright downloads). A fresh machine gets it from the system's package manager; CHROMIUM_PATH overrides.
CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ ! -x "$CHROMIUM_PATH" ]; then
  echo "[setup] installing Debian's chromium with apt-get (the browser tests need it)"
  SUDO=""
  [ "$(id -u)" = "0" ] || SUDO="sudo"
  $SUDO apt-get update -qq >/dev/null &&
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null ||
    { echo "[setup] could not install chromium with apt-get" >&2; return 1 2>/dev/null || exit 1; }
fi
export CHROMIUM_PATH
