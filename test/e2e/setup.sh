#!/usr/bin/env bash
# Installs what the end-to-end tests need, offline except for Debian's mirrors and the npm registry, and is
# idempotent (about 0.3 s when everything is there). See test/e2e/README.md ("Why this way, and the pitfalls") for the pitfalls handled:
#   1. Debian packages: chromium (the browser playwright-core drives), libkrb5-dev (code-server's kerberos module
#      compiles from source), ripgrep (seeds @vscode/ripgrep, whose postinstall would download rg).
#   2. @vscode/ripgrep's download cache is seeded with Debian's rg.
#   3. npm_config_yes (node-pty's postinstall runs `npx node-gyp`), npm_config_unsafe_perm (code-server refuses to
#      install as root otherwise).
# Usage: test/e2e/setup.sh [--check]   (--check: exit 1 if anything is missing, install nothing)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
check_only=false
[ "${1:-}" = "--check" ] && check_only=true

# Pinned with code-server 4.100.3: lib/vscode/npm-shrinkwrap.json has @vscode/ripgrep 1.15.11, whose postinstall
# fetches ripgrep v13.0.0-10. Change both when code-server changes.
RIPGREP_PACKAGE_VERSION=1.15.11
RIPGREP_BINARY_VERSION=v13.0.0-10

debian_packages=(chromium libkrb5-dev ripgrep)
missing=()
for package in "${debian_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done

lock_hash=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
stamp="$here/node_modules/.shipshape-e2e-installed"
npm_ok=false
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ] && [ -f "$here/node_modules/code-server/out/node/entry.js" ]; then
  npm_ok=true
fi

if $check_only; then
  status=0
  [ ${#missing[@]} -eq 0 ] || { echo "e2e setup: missing Debian packages: ${missing[*]}" >&2; status=1; }
  $npm_ok || { echo "e2e setup: test/e2e/node_modules is missing or older than package-lock.json" >&2; status=1; }
  exit $status
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "e2e setup: missing Debian packages (${missing[*]}); run as root or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  echo "e2e setup: apt-get install ${missing[*]}"
  # The package lists may be absent or stale on a fresh machine: update once before installing.
  DEBIAN_FRONTEND=noninteractive apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! $npm_ok; then
  # @vscode/ripgrep looks in <os.tmpdir()>/vscode-ripgrep-cache-<version>/ before downloading; a tar.gz with rg at its
  # root is all it needs. os.tmpdir() follows TMPDIR, so resolve it the way Node does.
  tmp=$(node -p 'require("os").tmpdir()')
  cache="$tmp/vscode-ripgrep-cache-$RIPGREP_PACKAGE_VERSION"
  archive="$cache/ripgrep-$RIPGREP_BINARY_VERSION-$(uname -m)-unknown-linux-musl.tar.gz"
  if [ ! -s "$archive" ]; then
    mkdir -p "$cache"
    tar -czf "$archive.partial" -C "$(dirname "$(command -v rg)")" rg
    mv "$archive.partial" "$archive"
  fi
  echo "e2e setup: npm ci in test/e2e (native builds, about a minute)"
  started=$(date +%s)
  (cd "$here" && npm_config_yes=true npm_config_unsafe_perm=true npm ci --no-audit --no-fund --loglevel=error)
  echo "$lock_hash" > "$stamp"
  echo "e2e setup: npm ci took $(( $(date +%s) - started )) s"
fi
# The servers of the extensions Shipshape lives beside (the `others` run): their own small lockfile.
others="$here/others"
others_hash=$(sha256sum "$others/package-lock.json" | cut -d' ' -f1)
if [ "$(cat "$others/node_modules/.shipshape-lock-hash" 2>/dev/null)" != "$others_hash" ]; then
  echo "e2e setup: npm ci in test/e2e/others"
  (cd "$others" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$others_hash" > "$others/node_modules/.shipshape-lock-hash"
fi
echo "e2e setup: ready (chromium $(chromium --version 2>/dev/null | awk '{print $2}'), code-server $(node -p 'require(process.argv[1]).version' "$here/node_modules/code-server/package.json"))"
