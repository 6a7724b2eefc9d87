#!/usr/bin/env bash
# Installs the Debian packages the real-parts harness needs (Docker engine, etcd,
# Go toolchain + helpers to build kube-apiserver, kubectl if none is on PATH, shellcheck, pre-commit and
# Neovim for the tests of the CLI package and of a second editor).
# Idempotent: when everything is present it exits in well under a second without
# touching apt. Needs root (apt-get). Only Debian's package mirrors are used.
#
# Usage: test/realparts/install-deps.sh [--check]
#   --check   only report what is missing (exit 1 if anything is), install nothing.
set -euo pipefail

PKGS=(
  docker.io          # dockerd + containerd + runc (Debian 20.10)
  busybox-static     # /bin/busybox -> base image shipshape-busybox:local
  golang-go          # Go 1.19 to build kube-apiserver
  rsync jq make patch tar xz-utils gzip  # used by the kubernetes build / unpack
  golang-github-modern-go-reflect2-dev   # reflect2 1.0.2 sources (vendored 1.0.1 crashes under Go>=1.18)
  etcd-server        # etcd for the API server
  openssl curl ca-certificates           # keys, readiness probe
  procps util-linux iproute2  # ps, umount, flock, ss (free ports); util-linux's `script` gives the CLI a terminal
  pre-commit nodeenv # the CLI package's pre-commit hook, run by the real pre-commit (nodeenv: its node environments)
  neovim             # Neovim 0.7, the second LSP editor the tests drive headless
  shellcheck         # ShellCheck 0.9 for the shell of Dockerfile RUNs (test/unit/shellcheck-*, test/lsp/shellcheck*)
)

missing=()
for p in "${PKGS[@]}"; do
  st=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$st" == "install ok installed" ]] || missing+=("$p")
done
# kubectl: keep whatever kubectl is already on PATH (e.g. the image's 1.32);
# otherwise take Debian's kubernetes-client (1.20.2, same version as the API server).
if ! command -v kubectl >/dev/null 2>&1; then
  missing+=(kubernetes-client)
fi

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all present"
  exit 0
fi

if [[ "${1:-}" == "--check" ]]; then
  echo "install-deps: missing: ${missing[*]}"
  exit 1
fi

if [[ $(id -u) -ne 0 ]]; then
  echo "install-deps: missing ${missing[*]} and not root: cannot apt-get install" >&2
  exit 2
fi

export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}"
# apt-get update once per run (and only when something is missing).
apt-get update -qq
# Never let the packages' maintainer scripts start the system services: a system
# dockerd would create the default docker0 bridge (a private-range network) and
# a system etcd would take port 2379. invoke-rc.d / deb-systemd-invoke honour
# /usr/sbin/policy-rc.d exiting 101; put one in place for the install only if the
# machine has none.
tmp_policy=""
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  tmp_policy=/usr/sbin/policy-rc.d
  printf '#!/bin/sh\n# temporary, from shipshape test/realparts/install-deps.sh\nexit 101\n' > "$tmp_policy"
  chmod +x "$tmp_policy"
  trap 'rm -f "$tmp_policy"' EXIT
fi
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
