#!/usr/bin/env bash
# Installs what the hub needs on a Debian machine with Node 20, only what is missing:
# Debian's redis-server (unless REDIS_URL is set), the npm packages from the lockfile, and the build.
set -euo pipefail
cd "$(dirname "$0")/.."

node_major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$node_major" -lt 20 ]; then
  echo "Node 20 or newer is required (found $(node --version))" >&2
  exit 1
fi

if [ -z "${REDIS_URL:-}" ] && ! command -v redis-server >/dev/null 2>&1 && [ ! -x /usr/bin/redis-server ]; then
  echo "==> installing Debian's redis-server"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  # The package's own service (port 6379) is not used: the hub starts its own redis-server on another port.
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends redis-server >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> installing npm packages from the lockfile"
  npm ci --no-audit --no-fund
fi

echo "==> building"
npm run -s build
