#!/usr/bin/env bash
# Builds kube-apiserver (Kubernetes v1.20.2) from Debian's `kubernetes` source
# package with Debian's Go, offline (GOPROXY=off, vendored dependencies), and
# caches the binary OUTSIDE the repo, keyed by the Debian source version:
#
#   ${SHIPSHAPE_CACHE:-$HOME/.cache/shipshape}/kube-apiserver-<debian-version>
#
# Prints the binary's path on stdout (and nothing else); progress goes to stderr.
# A second run finds the cached binary and returns in well under a second.
# Everything it writes (apt lists, source tarballs, build tree, Go caches, log)
# lives under the cache dir; nothing is written to the repo or to the system's
# apt state. Needs: test/realparts/install-deps.sh (golang-go, rsync, jq, make,
# patch, golang-github-modern-go-reflect2-dev). Cold build: ~5 min on 2 cores (measured 5m03s).
#
# Env:
#   SHIPSHAPE_CACHE     cache dir (default $HOME/.cache/shipshape)
#   KUBE_DEB_VERSION    Debian source version to build
#                       (default 1.20.5+really1.20.2-1.1+deb12u1; if the mirror no
#                       longer has it, the newest `kubernetes` source is used)
#   KEEP_BUILD_TREE=1   keep the unpacked/built source tree (default: removed)
set -euo pipefail

CACHE=${SHIPSHAPE_CACHE:-$HOME/.cache/shipshape}
PINNED=1.20.5+really1.20.2-1.1+deb12u1
VERSION=${KUBE_DEB_VERSION:-$PINNED}
# Upstream tag/commit of v1.20.2 (what `make` stamps into the binary; no git here).
KUBE_GIT_VERSION=v1.20.2
KUBE_GIT_COMMIT=faecb196815e248d3ecfb03c680a4507229c2a56

log() { echo "build-kube-apiserver: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

cached_ok() { # $1 = binary path
  [[ -x "$1" ]] && "$1" --version 2>/dev/null | grep -q "Kubernetes $KUBE_GIT_VERSION"
}

bin_for() { echo "$CACHE/kube-apiserver-$1"; }

# Fast path: no lock, no network.
if cached_ok "$(bin_for "$VERSION")"; then
  bin_for "$VERSION"
  exit 0
fi

mkdir -p "$CACHE"
# One build at a time (parallel test suites may all ask for the binary).
exec 9>"$CACHE/build.lock"
if ! flock -w 1800 9; then die "timed out waiting for $CACHE/build.lock"; fi
if cached_ok "$(bin_for "$VERSION")"; then
  bin_for "$VERSION"
  exit 0
fi

for tool in go make rsync jq patch tar flock apt-get; do
  command -v "$tool" >/dev/null || die "$tool not found: run test/realparts/install-deps.sh"
done
REFLECT2_SRC=/usr/share/gocode/src/github.com/modern-go/reflect2
[[ -d "$REFLECT2_SRC" ]] || die "$REFLECT2_SRC missing: apt-get install golang-github-modern-go-reflect2-dev"

# ---- 1. Source download through a private apt config (deb-src entries) ----
APTDIR="$CACHE/apt"
mkdir -p "$APTDIR/sources.list.d" "$APTDIR/lists/partial" "$APTDIR/cache/archives/partial"
# Derive deb-src entries from the machine's own Debian sources (same mirror).
srcfile="$APTDIR/sources.list.d/shipshape-src.sources"
: > "$srcfile.new"
shopt -s nullglob
for f in /etc/apt/sources.list.d/*.sources; do
  # Keep only stanzas that point at Debian's archive, turned into deb-src.
  awk 'BEGIN{RS=""; ORS="\n\n"} /URIs:[^\n]*debian/ { sub(/Types:[^\n]*/, "Types: deb-src"); print }' "$f" >> "$srcfile.new"
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [[ -f "$f" ]] || continue
  grep -E '^deb[[:space:]].*debian' "$f" | sed -E 's/^deb[[:space:]]/deb-src /' >> "$APTDIR/sources.list.d/shipshape-src.list.new" || true
done
shopt -u nullglob
mv "$srcfile.new" "$srcfile"
if [[ -s "$APTDIR/sources.list.d/shipshape-src.list.new" ]]; then
  mv "$APTDIR/sources.list.d/shipshape-src.list.new" "$APTDIR/sources.list.d/shipshape-src.list"
else
  rm -f "$APTDIR/sources.list.d/shipshape-src.list.new" "$APTDIR/sources.list.d/shipshape-src.list"
fi
[[ -s "$srcfile" || -s "$APTDIR/sources.list.d/shipshape-src.list" ]] || die "no Debian entry found in /etc/apt/sources.list*"

APT_OPTS=(
  -o Dir::Etc::sourcelist=/dev/null
  -o "Dir::Etc::sourceparts=$APTDIR/sources.list.d"
  -o "Dir::State::Lists=$APTDIR/lists"
  -o "Dir::Cache=$APTDIR/cache"
  -o APT::Sandbox::User=root
)

SRCDIR="$CACHE/src"
mkdir -p "$SRCDIR"
have_tarballs() { # $1 = version
  local up=${1%-*}
  compgen -G "$SRCDIR/kubernetes_${1}.debian.tar.*" >/dev/null &&
    compgen -G "$SRCDIR/kubernetes_${up}.orig.tar.*" >/dev/null
}

if ! have_tarballs "$VERSION"; then
  log "apt-get update (private deb-src lists in $APTDIR)"
  apt-get "${APT_OPTS[@]}" update -qq >&2 || die "apt-get update for deb-src failed"
  log "downloading source kubernetes=$VERSION"
  if ! (cd "$SRCDIR" && apt-get "${APT_OPTS[@]}" source --download-only "kubernetes=$VERSION" >&2); then
    if [[ -n "${KUBE_DEB_VERSION:-}" ]]; then
      die "source kubernetes=$VERSION not available"
    fi
    log "pinned version $VERSION not on the mirror; taking the newest kubernetes source"
    (cd "$SRCDIR" && apt-get "${APT_OPTS[@]}" source --download-only kubernetes >&2) ||
      die "apt-get source kubernetes failed"
    dsc=$(ls -t "$SRCDIR"/kubernetes_*.dsc | head -1)
    VERSION=$(basename "$dsc" .dsc); VERSION=${VERSION#kubernetes_}
    log "using $VERSION"
    if cached_ok "$(bin_for "$VERSION")"; then bin_for "$VERSION"; exit 0; fi
  fi
fi
have_tarballs "$VERSION" || die "source tarballs for $VERSION not found in $SRCDIR"
UPSTREAM=${VERSION%-*}
ORIG=$(compgen -G "$SRCDIR/kubernetes_${UPSTREAM}.orig.tar.*" | head -1)
DEBTAR=$(compgen -G "$SRCDIR/kubernetes_${VERSION}.debian.tar.*" | head -1)

# ---- 2. Unpack, apply Debian patches, swap reflect2 ----
BUILDROOT="$CACHE/build"
TREE="$BUILDROOT/kubernetes-$VERSION"
rm -rf "$TREE" && mkdir -p "$TREE"
log "unpacking $(basename "$ORIG")"
tar -xf "$ORIG" -C "$TREE" --strip-components=1
tar -xf "$DEBTAR" -C "$TREE"
if [[ -f "$TREE/debian/patches/series" ]]; then
  while read -r p opts; do
    [[ -z "$p" || "$p" == \#* ]] && continue
    log "patch $p"
    # shellcheck disable=SC2086
    patch -d "$TREE" -p1 --forward --batch ${opts:-} < "$TREE/debian/patches/$p" >&2 || die "patch $p failed"
  done < "$TREE/debian/patches/series"
fi
# Pitfall: vendored modern-go/reflect2 v1.0.1 crashes the API server under Go >= 1.18
# (first CRD create). Use Debian's 1.0.2 sources instead.
V_R2="$TREE/vendor/github.com/modern-go/reflect2"
rm -rf "$V_R2" && mkdir -p "$V_R2"
cp -a "$REFLECT2_SRC"/. "$V_R2"/
find "$V_R2" -name '*_test.go' -delete
rm -rf "$V_R2/tests" "$V_R2/test"

# ---- 3. Build with caches in the cache dir ----
# hack/lib/golang.sh forces GOPATH=_output/local/go and GOCACHE=$GOPATH/cache inside
# the tree; point that cache at $CACHE/go-build so it survives the tree's removal
# (a rebuild of another Debian revision then takes ~1-2 min instead of ~6).
mkdir -p "$CACHE/go-build" "$TREE/_output/local/go"
ln -sfn "$CACHE/go-build" "$TREE/_output/local/go/cache"
LOGF="$CACHE/build-kube-apiserver-$VERSION.log"
log "building (log: $LOGF); cold build takes ~5-7 min on 2 cores"
start=$(date +%s)
if ! (
  cd "$TREE"
  export GOPATH="$CACHE/gopath" GOCACHE="$CACHE/go-build" GOMODCACHE="$CACHE/gopath/pkg/mod"
  export GOPROXY=off GOFLAGS= GO111MODULE= GOTOOLCHAIN=local CGO_ENABLED=0 GOSUMDB=off
  export HOME="$CACHE/home"; mkdir -p "$HOME"
  export KUBE_GIT_VERSION KUBE_GIT_COMMIT KUBE_GIT_TREE_STATE=clean
  export PATH="/usr/lib/go/bin:$PATH"
  make WHAT=cmd/kube-apiserver
) >"$LOGF" 2>&1; then
  tail -n 40 "$LOGF" >&2
  die "make WHAT=cmd/kube-apiserver failed (full log: $LOGF)"
fi
log "built in $(( $(date +%s) - start )) s"

OUT="$TREE/_output/bin/kube-apiserver"
[[ -x "$OUT" ]] || OUT=$(find "$TREE/_output" -type f -name kube-apiserver -perm -u+x | head -1)
[[ -x "$OUT" ]] || die "no _output/bin/kube-apiserver after make"
BIN=$(bin_for "$VERSION")
cp "$OUT" "$BIN.tmp.$$" && mv -f "$BIN.tmp.$$" "$BIN"
cached_ok "$BIN" || die "$BIN does not report Kubernetes $KUBE_GIT_VERSION"
if [[ "${KEEP_BUILD_TREE:-0}" != 1 ]]; then
  rm -rf "$TREE"
fi
echo "$BIN"
