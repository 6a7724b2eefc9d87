#!/usr/bin/env bash
# A real Kubernetes API server (v1.20.2, built from Debian's source package) plus
# etcd (Debian etcd-server), both on 127.0.0.1 only, for tests.
#
# Usage: test/realparts/kube-apiserver.sh start|stop|env|status DIR
#
#   start   builds/locates kube-apiserver (build-kube-apiserver.sh: cached binary,
#           seconds; cold build ~5-7 min) unless KUBE_APISERVER_BIN is set; starts
#           etcd on free 127.0.0.1 ports, then kube-apiserver on a free 127.0.0.1
#           secure port with token auth (TOKEN,admin,admin,system:masters), RBAC,
#           and service-account keys made with openssl; waits for /readyz and the
#           `default` namespace (KUBE_APISERVER_START_TIMEOUT, default 90 s);
#           writes DIR/kubeconfig (context shipshape-test, namespace default,
#           bearer token) and prints
#             export KUBECONFIG=DIR/kubeconfig
#           If an API server from an earlier `start DIR` still answers, it is reused.
#   stop    stops the API server first and waits for it, then etcd (the other order
#           makes the API server take ~14 s to exit). Leaves no processes. Safe to repeat.
#   env     prints the export line only.
#   status  exit 0 if the API server under DIR is ready, 1 otherwise.
#
# Files in DIR: kubeconfig, token, tokens.csv, sa.key, sa.pub, certs/ (apiserver's
# self-signed cert), etcd-data/, etcd.log, kube-apiserver.log, *.pid, ports.env.
# Nothing listens on anything but 127.0.0.1.
set -euo pipefail

cmd=${1:-}; dir=${2:-}
if [[ -z "$cmd" || -z "$dir" ]]; then
  echo "usage: $0 start|stop|env|status DIR" >&2; exit 2
fi
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
mkdir -p "$dir"
DIR=$(cd "$dir" && pwd -P)
KUBECONFIG_PATH="$DIR/kubeconfig"
START_TIMEOUT=${KUBE_APISERVER_START_TIMEOUT:-90}
CONTEXT=shipshape-test

log() { echo "kube-apiserver: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Alive = exists and is not a zombie (PID 1 here may reap late; kill -0 succeeds on zombies).
pid_alive() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null || return 1
  local st
  st=$(awk '{ sub(/^.*\) /, ""); print $1 }' 2>/dev/null < "/proc/$1/stat") || return 1
  [[ -n "$st" && "$st" != Z && "$st" != X ]]
}
read_pid() { [[ -s "$1" ]] && tr -dc 0-9 < "$1" || true; }
cmdline_has() { # pid string
  tr '\0' ' ' 2>/dev/null < "/proc/$1/cmdline" | grep -qF -- "$2"
}

# Processes whose command line mentions DIR/ (our etcd and kube-apiserver).
pids_under_dir() {
  local p cl
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    [[ "$p" == "$$" || "$p" == "$BASHPID" ]] && continue
    cl=$(tr '\0' ' ' 2>/dev/null < "/proc/$p/cmdline") || continue
    case "$cl" in
      *"--data-dir $DIR/etcd-data"*|*"--cert-dir=$DIR/certs"*) echo "$p" ;;
    esac
  done
}

stop_pid() { # pid timeout_s name
  local pid=$1 t=$(( $2 * 10 ))
  pid_alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  while pid_alive "$pid" && (( t-- > 0 )); do sleep 0.1; done
  if pid_alive "$pid"; then
    log "$3 ($pid) did not exit in $2 s; SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    t=50; while pid_alive "$pid" && (( t-- > 0 )); do sleep 0.1; done
  fi
}

port_free() {
  local p=$1
  if command -v ss >/dev/null; then
    [[ -z "$(ss -Hltn "sport = :$p" 2>/dev/null)" ]] || return 1
  fi
  ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null
}
# Below the kernel's ephemeral range (32768+) so outgoing connections don't take them.
pick_port() {
  local p i
  for i in $(seq 1 300); do
    p=$(( 20000 + RANDOM % 12000 ))
    [[ " ${USED_PORTS:-} " == *" $p "* ]] && continue
    if port_free "$p"; then USED_PORTS="${USED_PORTS:-} $p"; echo "$p"; return 0; fi
  done
  return 1
}

ready() { # uses SECURE_PORT and TOKEN
  [[ -n "${SECURE_PORT:-}" && -n "${TOKEN:-}" ]] || return 1
  local out
  out=$(curl -s --max-time 3 --noproxy '*' --cacert "$DIR/certs/apiserver.crt" \
    -H "Authorization: Bearer $TOKEN" "https://127.0.0.1:$SECURE_PORT/readyz" 2>/dev/null) || return 1
  [[ "$out" == ok ]] || return 1
  # kubectl apply into `default` needs the namespace, created just after startup.
  curl -sf --max-time 3 --noproxy '*' --cacert "$DIR/certs/apiserver.crt" -o /dev/null \
    -H "Authorization: Bearer $TOKEN" "https://127.0.0.1:$SECURE_PORT/api/v1/namespaces/default" 2>/dev/null
}

load_state() {
  SECURE_PORT=""; TOKEN=""
  if [[ -f "$DIR/ports.env" ]]; then
    # shellcheck disable=SC1091
    source "$DIR/ports.env"
  fi
  [[ -s "$DIR/token" ]] && TOKEN=$(cat "$DIR/token")
  return 0
}

print_env() { echo "export KUBECONFIG=$KUBECONFIG_PATH"; }

do_stop() {
  local apid epid
  apid=$(read_pid "$DIR/kube-apiserver.pid")
  epid=$(read_pid "$DIR/etcd.pid")
  if [[ -n "$apid" ]] && cmdline_has "$apid" "--cert-dir=$DIR/certs"; then
    stop_pid "$apid" 30 kube-apiserver
  fi
  if [[ -n "$epid" ]] && cmdline_has "$epid" "--data-dir $DIR/etcd-data"; then
    stop_pid "$epid" 15 etcd
  fi
  # Anything else from this DIR (e.g. pidfile lost after a crash): API server(s) first.
  local p
  for p in $(pids_under_dir); do
    cmdline_has "$p" "--cert-dir=$DIR/certs" && stop_pid "$p" 30 kube-apiserver
  done
  for p in $(pids_under_dir); do stop_pid "$p" 15 etcd; done
  rm -f "$DIR/kube-apiserver.pid" "$DIR/etcd.pid"
}

fail_start() { # name logfile
  log "$1 failed to start; last lines of $2:"
  tail -n 30 "$2" >&2 || true
  do_stop
  exit 1
}

start_etcd() {
  local attempt epid t
  for attempt in 1 2 3; do
    ETCD_CLIENT_PORT=$(pick_port) || die "no free port for etcd"
    ETCD_PEER_PORT=$(pick_port) || die "no free port for etcd"
    : > "$DIR/etcd.log"
    setsid etcd --name shipshape \
      --data-dir "$DIR/etcd-data" \
      --listen-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
      --advertise-client-urls "http://127.0.0.1:$ETCD_CLIENT_PORT" \
      --listen-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
      --initial-advertise-peer-urls "http://127.0.0.1:$ETCD_PEER_PORT" \
      --initial-cluster "shipshape=http://127.0.0.1:$ETCD_PEER_PORT" \
      --initial-cluster-state new \
      </dev/null >>"$DIR/etcd.log" 2>&1 9>&- &
    epid=$!
    echo "$epid" > "$DIR/etcd.pid"
    t=$(( 30 * 10 ))
    while (( t-- > 0 )); do
      if curl -s --max-time 2 --noproxy '*' "http://127.0.0.1:$ETCD_CLIENT_PORT/health" 2>/dev/null | grep -q '"health":"true"'; then
        return 0
      fi
      pid_alive "$epid" || break
      sleep 0.1
    done
    if pid_alive "$epid"; then fail_start etcd "$DIR/etcd.log"; fi
    if grep -q 'address already in use' "$DIR/etcd.log"; then
      log "etcd port taken (race); retrying with other ports"
      continue
    fi
    fail_start etcd "$DIR/etcd.log"
  done
  fail_start etcd "$DIR/etcd.log"
}

start_apiserver() {
  local attempt apid deadline
  for attempt in 1 2 3; do
    SECURE_PORT=$(pick_port) || die "no free port for kube-apiserver"
    printf 'ETCD_CLIENT_PORT=%s\nETCD_PEER_PORT=%s\nSECURE_PORT=%s\n' \
      "$ETCD_CLIENT_PORT" "$ETCD_PEER_PORT" "$SECURE_PORT" > "$DIR/ports.env"
    : > "$DIR/kube-apiserver.log"
    # --service-cluster-ip-range is bookkeeping only (ClusterIPs stored in etcd):
    # no kube-proxy, no interfaces, no routes, nothing ever sends to it.
    setsid "$APISERVER_BIN" \
      --etcd-servers="http://127.0.0.1:$ETCD_CLIENT_PORT" \
      --bind-address=127.0.0.1 \
      --advertise-address=127.0.0.1 \
      --secure-port="$SECURE_PORT" \
      --cert-dir="$DIR/certs" \
      --token-auth-file="$DIR/tokens.csv" \
      --authorization-mode=RBAC \
      --service-account-issuer=https://kubernetes.default.svc \
      --service-account-key-file="$DIR/sa.pub" \
      --service-account-signing-key-file="$DIR/sa.key" \
      --service-cluster-ip-range=10.0.0.0/24 \
      --disable-admission-plugins=ServiceAccount \
      --profiling=false \
      </dev/null >>"$DIR/kube-apiserver.log" 2>&1 9>&- &
    apid=$!
    echo "$apid" > "$DIR/kube-apiserver.pid"
    deadline=$(( $(date +%s) + START_TIMEOUT ))
    while :; do
      if [[ -s "$DIR/certs/apiserver.crt" ]] && ready; then return 0; fi
      if ! pid_alive "$apid"; then
        if grep -q 'address already in use' "$DIR/kube-apiserver.log"; then
          log "secure port taken (race); retrying with another port"
          continue 2
        fi
        fail_start kube-apiserver "$DIR/kube-apiserver.log"
      fi
      if (( $(date +%s) >= deadline )); then
        log "not ready within ${START_TIMEOUT}s"
        fail_start kube-apiserver "$DIR/kube-apiserver.log"
      fi
      sleep 0.2
    done
  done
  fail_start kube-apiserver "$DIR/kube-apiserver.log"
}

write_kubeconfig() {
  # certificate-authority: the API server's own self-signed serving cert
  # (DIR/certs/apiserver.crt holds the cert and the CA that signed it; it covers
  # IP 127.0.0.1, not the name localhost, hence the server URL below). TLS is
  # verified; no insecure-skip-tls-verify.
  (umask 077; cat > "$KUBECONFIG_PATH.tmp") <<EOF
apiVersion: v1
kind: Config
clusters:
- name: $CONTEXT
  cluster:
    server: https://127.0.0.1:$SECURE_PORT
    certificate-authority: $DIR/certs/apiserver.crt
users:
- name: shipshape-admin
  user:
    token: $TOKEN
contexts:
- name: $CONTEXT
  context:
    cluster: $CONTEXT
    user: shipshape-admin
    namespace: default
current-context: $CONTEXT
preferences: {}
EOF
  mv -f "$KUBECONFIG_PATH.tmp" "$KUBECONFIG_PATH"
}

do_start() {
  [[ $(id -u) -eq 0 ]] || log "warning: not root (fine for etcd/kube-apiserver, but build/install need root)"
  command -v etcd >/dev/null || die "etcd not found (apt-get install etcd-server)"
  command -v openssl >/dev/null || die "openssl not found"
  command -v curl >/dev/null || die "curl not found"

  load_state
  local apid
  apid=$(read_pid "$DIR/kube-apiserver.pid")
  if pid_alive "$apid" && cmdline_has "$apid" "--cert-dir=$DIR/certs" && ready; then
    write_kubeconfig
    print_env
    return 0
  fi
  do_stop   # stale state from a crash

  if [[ -n "${KUBE_APISERVER_BIN:-}" ]]; then
    APISERVER_BIN=$KUBE_APISERVER_BIN
  else
    APISERVER_BIN=$("$HERE/build-kube-apiserver.sh" 9>&-) || die "could not build/locate kube-apiserver"
  fi
  [[ -x "$APISERVER_BIN" ]] || die "kube-apiserver binary not executable: $APISERVER_BIN"

  # Credentials (kept across restarts of the same DIR).
  if [[ ! -s "$DIR/token" ]]; then
    (umask 077; openssl rand -hex 24 > "$DIR/token")
  fi
  TOKEN=$(cat "$DIR/token")
  (umask 077; echo "$TOKEN,admin,admin,system:masters" > "$DIR/tokens.csv")
  if [[ ! -s "$DIR/sa.key" || ! -s "$DIR/sa.pub" ]]; then
    (umask 077; openssl genrsa -out "$DIR/sa.key" 2048 2>/dev/null)
    openssl rsa -in "$DIR/sa.key" -pubout -out "$DIR/sa.pub" 2>/dev/null
  fi
  mkdir -p "$DIR/certs" "$DIR/etcd-data"
  chmod 700 "$DIR/etcd-data"

  local t0; t0=$(date +%s.%N)
  USED_PORTS=""
  start_etcd
  start_apiserver
  log "etcd :$ETCD_CLIENT_PORT, kube-apiserver :$SECURE_PORT ready in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"
  write_kubeconfig
  print_env
}

case "$cmd" in
  start)
    exec 9>"$DIR/.kube-apiserver.lock"; flock -w 300 9 || die "lock busy: $DIR/.kube-apiserver.lock"
    do_start ;;
  stop)
    exec 9>"$DIR/.kube-apiserver.lock"; flock -w 300 9 || die "lock busy: $DIR/.kube-apiserver.lock"
    do_stop ;;
  env) print_env ;;
  status) load_state; ready ;;
  *) echo "usage: $0 start|stop|env|status DIR" >&2; exit 2 ;;
esac
