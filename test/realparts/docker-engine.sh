#!/usr/bin/env bash
# A private, real Docker engine (Debian docker.io's dockerd) for tests.
#
# Usage: test/realparts/docker-engine.sh start|stop|env|status DIR
#
#   start   starts dockerd with its own data root, exec root, pidfile, config and
#           socket under DIR, and NO networking (--iptables=false --bridge=none:
#           no docker0, no private-range network, nothing but a unix socket);
#           waits until `docker version` answers (DOCKERD_START_TIMEOUT, default
#           60 s), imports a busybox base image as shipshape-busybox:local (from
#           /bin/busybox, since no registry can be reached), then prints
#             export DOCKER_HOST=unix://DIR/docker.sock
#           If a dockerd from an earlier `start DIR` is still answering, it is reused.
#   stop    stops that dockerd (SIGTERM to its pid, wait, SIGKILL after
#           DOCKERD_STOP_TIMEOUT, default 20 s), kills any process still running
#           from DIR (containerd, shims), unmounts what it left under DIR
#           (netns/default, overlays). Leaves no processes. Safe to repeat.
#   env     prints the export line only (does not start anything).
#   status  exit 0 if the engine under DIR answers, 1 otherwise.
#
# Needs root and: docker.io busybox-static (test/realparts/install-deps.sh).
# DIR should be short (unix socket paths are limited to 107 bytes).
set -euo pipefail

cmd=${1:-}; dir=${2:-}
if [[ -z "$cmd" || -z "$dir" ]]; then
  echo "usage: $0 start|stop|env|status DIR" >&2; exit 2
fi
mkdir -p "$dir"
DIR=$(cd "$dir" && pwd -P)
SOCK="$DIR/docker.sock"
PIDFILE="$DIR/dockerd.pid"
LOGF="$DIR/dockerd.log"
IMAGE=shipshape-busybox:local
START_TIMEOUT=${DOCKERD_START_TIMEOUT:-60}
STOP_TIMEOUT=${DOCKERD_STOP_TIMEOUT:-20}

log() { echo "docker-engine: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Docker client: whatever `docker` is on PATH (the image's 28.x, or Debian's 20.10).
dk() { DOCKER_CONFIG="$DIR/client-config" docker -H "unix://$SOCK" "$@"; }

# Alive = exists and is not a zombie (PID 1 here may reap late; kill -0 succeeds on zombies).
pid_alive() {
  [[ -n "${1:-}" ]] && kill -0 "$1" 2>/dev/null || return 1
  local st
  st=$(awk '{ sub(/^.*\) /, ""); print $1 }' 2>/dev/null < "/proc/$1/stat") || return 1
  [[ -n "$st" && "$st" != Z && "$st" != X ]]
}
read_pid() { [[ -s "$PIDFILE" ]] && tr -dc 0-9 < "$PIDFILE" || true; }
is_our_dockerd() { # pid -> is a dockerd whose command line names our socket
  local pid=$1
  pid_alive "$pid" || return 1
  tr '\0' ' ' 2>/dev/null < "/proc/$pid/cmdline" | grep -qF -- "unix://$SOCK"
}

# Processes whose command line mentions DIR (dockerd, its containerd, shims).
pids_under_dir() {
  local p cl
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    [[ "$p" == "$$" || "$p" == "$BASHPID" ]] && continue
    cl=$(tr '\0' ' ' 2>/dev/null < "/proc/$p/cmdline") || continue
    case "$cl" in
      *"$DIR/dexec/"*|*"unix://$SOCK"*) echo "$p" ;;
    esac
  done
}

unmount_under_dir() {
  # Deepest first. /proc/self/mountinfo escapes spaces as \040; DIR has none in practice.
  local m
  while read -r m; do
    umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null || log "could not unmount $m"
  done < <(awk -v d="$DIR/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r)
}

answers() { dk version --format '{{.Server.Version}}' >/dev/null 2>&1; }

print_env() { echo "export DOCKER_HOST=unix://$SOCK"; }

do_stop() {
  local pid t
  pid=$(read_pid)
  [[ -n "$pid" ]] || pid=$(cat "$DIR/dockerd.spawn.pid" 2>/dev/null || true)
  if is_our_dockerd "$pid"; then
    # Kill running containers first: on SIGTERM dockerd would give each one its
    # 10 s stop timeout (a `sleep` as PID 1 ignores SIGTERM), making stop slow.
    local ids
    ids=$(timeout 10 env DOCKER_CONFIG="$DIR/client-config" docker -H "unix://$SOCK" ps -q 2>/dev/null || true)
    if [[ -n "$ids" ]]; then
      # shellcheck disable=SC2086
      timeout 15 env DOCKER_CONFIG="$DIR/client-config" docker -H "unix://$SOCK" kill $ids >/dev/null 2>&1 || true
    fi
    kill -TERM "$pid" 2>/dev/null || true
    t=$(( STOP_TIMEOUT * 10 ))
    while pid_alive "$pid" && (( t-- > 0 )); do sleep 0.1; done
    if pid_alive "$pid"; then
      log "dockerd $pid did not exit in ${STOP_TIMEOUT}s; SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.2
    fi
  fi
  # Whatever is left from this DIR (containerd if dockerd was killed, shims).
  local left
  left=$(pids_under_dir)
  if [[ -n "$left" ]]; then
    # shellcheck disable=SC2086
    kill -TERM $left 2>/dev/null || true
    t=50
    while [[ -n "$(pids_under_dir)" ]] && (( t-- > 0 )); do sleep 0.1; done
    left=$(pids_under_dir)
    # shellcheck disable=SC2086
    [[ -z "$left" ]] || kill -KILL $left 2>/dev/null || true
  fi
  unmount_under_dir
  rm -f "$PIDFILE" "$DIR/dockerd.spawn.pid" "$SOCK"
}

import_busybox() {
  if dk image inspect "$IMAGE" >/dev/null 2>&1; then return 0; fi
  local bb
  bb=$(command -v busybox || true)
  [[ -n "$bb" ]] || die "busybox not found (apt-get install busybox-static)"
  # A dynamically linked busybox would need its libraries in the image.
  if ! file_is_static "$bb"; then die "$bb is not statically linked (install busybox-static)"; fi
  local root="$DIR/busybox-rootfs"
  rm -rf "$root"
  mkdir -p "$root/bin" "$root/sbin" "$root/usr/bin" "$root/usr/sbin" "$root/tmp" "$root/etc" "$root/root"
  chmod 1777 "$root/tmp"
  cp "$bb" "$root/bin/busybox"
  local a
  while read -r a; do
    [[ -z "$a" || "$a" == bin/busybox ]] && continue
    mkdir -p "$root/$(dirname "$a")"
    ln -sf /bin/busybox "$root/$a"
  done < <("$bb" --list-full 2>/dev/null || "$bb" --list | sed 's|^|bin/|')
  [[ -e "$root/bin/sh" ]] || ln -sf /bin/busybox "$root/bin/sh"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' > "$root/etc/group"
  tar -C "$root" -c . | dk import -c 'CMD ["/bin/sh"]' - "$IMAGE" >/dev/null ||
    die "docker import of $IMAGE failed"
  rm -rf "$root"
}

file_is_static() { # ELF64 little-endian without a PT_INTERP program header => static
  local f=$1 phoff phentsize phnum i type
  phoff=$(od -An -t u8 -j 32 -N 8 "$f" | tr -d ' ')
  phentsize=$(od -An -t u2 -j 54 -N 2 "$f" | tr -d ' ')
  phnum=$(od -An -t u2 -j 56 -N 2 "$f" | tr -d ' ')
  for (( i = 0; i < phnum; i++ )); do
    type=$(od -An -t u4 -j $(( phoff + i * phentsize )) -N 4 "$f" | tr -d ' ')
    (( type == 3 )) && return 1
  done
  return 0
}

do_start() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (dockerd needs root)"
  command -v dockerd >/dev/null || die "dockerd not found (apt-get install docker.io)"
  command -v docker >/dev/null || die "docker CLI not found (apt-get install docker.io)"
  # containerd's ttrpc socket is the longest path dockerd creates under the exec root.
  local longest="$DIR/dexec/containerd/containerd.sock.ttrpc"
  (( ${#longest} <= 107 )) || die "DIR path too long for unix sockets (${#longest} > 107): use a shorter DIR"

  local pid
  pid=$(read_pid)
  if is_our_dockerd "$pid" && answers; then
    import_busybox
    print_env
    return 0
  fi
  # Stale state from a crashed run: clean it first.
  do_stop

  mkdir -p "$DIR/docker" "$DIR/dexec" "$DIR/client-config"
  [[ -f "$DIR/daemon.json" ]] || echo '{}' > "$DIR/daemon.json"
  : > "$LOGF"
  # NEVER enable docker's default bridge or any network: loopback-only machine.
  # --ip-forward/--ip-masq=false: do not touch the host's sysctls or NAT either.
  setsid dockerd \
    --config-file "$DIR/daemon.json" \
    --data-root "$DIR/docker" \
    --exec-root "$DIR/dexec" \
    --pidfile "$PIDFILE" \
    -H "unix://$SOCK" \
    --iptables=false --ip6tables=false --ip-forward=false --ip-masq=false \
    --bridge=none \
    --shutdown-timeout 2 \
    </dev/null >>"$LOGF" 2>&1 9>&- &   # 9>&-: dockerd must not inherit the lock
  pid=$!
  echo "$pid" > "$DIR/dockerd.spawn.pid"

  local t0 deadline
  t0=$(date +%s.%N); deadline=$(( $(date +%s) + START_TIMEOUT ))
  until answers; do
    if ! pid_alive "$pid"; then
      log "dockerd exited during startup; last lines of $LOGF:"
      tail -n 30 "$LOGF" >&2
      do_stop
      exit 1
    fi
    if (( $(date +%s) >= deadline )); then
      log "dockerd did not answer within ${START_TIMEOUT}s; last lines of $LOGF:"
      tail -n 30 "$LOGF" >&2
      do_stop
      exit 1
    fi
    sleep 0.1
  done
  log "dockerd $pid ready in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"
  import_busybox
  print_env
}

case "$cmd" in
  start)
    exec 9>"$DIR/.docker-engine.lock"; flock -w 120 9 || die "lock busy: $DIR/.docker-engine.lock"
    do_start ;;
  stop)
    exec 9>"$DIR/.docker-engine.lock"; flock -w 120 9 || die "lock busy: $DIR/.docker-engine.lock"
    do_stop ;;
  env) print_env ;;
  status) answers ;;
  *) echo "usage: $0 start|stop|env|status DIR" >&2; exit 2 ;;
esac
