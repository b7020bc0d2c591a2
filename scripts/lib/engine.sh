# shellcheck shell=bash
# Functions shared by scripts/engine-*.sh, scripts/images/build.sh and
# scripts/demo-app.sh. Source this file; it only defines functions.
#
# A "private engine" is a dockerd whose whole state lives under one directory
# (PHEDDS_ENGINE_DIR, default ${TMPDIR:-/tmp}/phedds-engine):
#   DIR/data          --data-root   (images, containers, volumes)
#   DIR/exec          --exec-root   (runtime state, the managed containerd)
#   DIR/docker.sock   -H unix://DIR/docker.sock
#   DIR/docker.pid    --pidfile
#   DIR/dockerd.log   daemon output (appended on every start)
#   DIR/dockerd.args  the dockerd flags, one per line. Written only by
#                     engine-up.sh; it marks the engine as one that the
#                     engine scripts started, so engine-down.sh and
#                     engine-restart.sh never act on an engine they did not start.
#
# Environment read here:
#   PHEDDS_ENGINE_DIR    engine directory (see above)
#   PHEDDS_DOCKERD_ARGS  extra dockerd flags, split on whitespace (no quoting)
#   PHEDDS_DOCKER_CLI    docker client (default /usr/bin/docker when present:
#                        it matches the daemon of Debian's docker.io)
#   PHEDDS_BUSYBOX       a statically linked busybox to use instead of
#                        Debian's busybox-static

ENGINE_LOG_TAG=${ENGINE_LOG_TAG:-engine}

engine_log() {
  printf '%s [%s] %s\n' "$(date +%H:%M:%S.%3N)" "$ENGINE_LOG_TAG" "$*" >&2
}

# engine_die CODE MESSAGE...
engine_die() {
  local code=$1
  shift
  engine_log "error: $*"
  exit "$code"
}

engine_now_ms() { date +%s%3N; }

# engine_since START_MS -> "1.23s"
engine_since() {
  local ms=$(($(engine_now_ms) - $1))
  printf '%d.%02ds' $((ms / 1000)) $((ms % 1000 / 10))
}

# engine_phase_done NAME START_MS
engine_phase_done() { engine_log "phase '$1' took $(engine_since "$2")"; }

# ---------------------------------------------------------------- tools

# Prints the docker client to use.
engine_docker_cli() {
  if [[ -n ${PHEDDS_DOCKER_CLI:-} ]]; then
    printf '%s\n' "$PHEDDS_DOCKER_CLI"
  elif [[ -x /usr/bin/docker ]]; then
    printf '%s\n' /usr/bin/docker
  else
    command -v docker
  fi
}

# Prints the path of a statically linked busybox (fails when there is none).
engine_static_busybox() {
  if [[ -n ${PHEDDS_BUSYBOX:-} ]]; then
    [[ -x $PHEDDS_BUSYBOX ]] || return 1
    printf '%s\n' "$PHEDDS_BUSYBOX"
    return 0
  fi
  # shellcheck disable=SC2016 # ${Status} is a dpkg-query field, not a shell variable
  if [[ $(dpkg-query -W -f='${Status}' busybox-static 2>/dev/null || true) == *' installed' ]] &&
    [[ -x /bin/busybox ]]; then
    printf '%s\n' /bin/busybox
    return 0
  fi
  return 1
}

# Prints the Debian packages a private engine needs that are missing.
engine_missing_packages() {
  command -v dockerd >/dev/null 2>&1 || echo docker.io
  engine_static_busybox >/dev/null || echo busybox-static
  # curl asks the engine for GET /_ping. Debian's container images and
  # minimal installs do not ship it.
  command -v curl >/dev/null 2>&1 || echo curl
  # ip creates the own bridge when another dockerd shares the network namespace
  command -v ip >/dev/null 2>&1 || echo iproute2
}

# engine_apt_install PACKAGE... (no-op without arguments)
engine_apt_install() {
  (($#)) || return 0
  local t
  if [[ $(id -u) -ne 0 ]]; then
    engine_die 1 "missing packages: $*." \
      "Install them as root (apt-get install -y --no-install-recommends $*) or run this script as root."
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    engine_die 1 "missing: $* and apt-get is not available." \
      "Install a Docker Engine, a static busybox (set PHEDDS_BUSYBOX) and curl yourself."
  fi
  t=$(engine_now_ms)
  engine_log "installing $* with apt-get"
  # The docker.io package does not start a daemon here: without systemd,
  # nothing runs its service.
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 ||
    engine_die 1 "apt-get update failed (see above): check the apt sources and the network."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2 ||
    engine_die 1 "apt-get install $* failed (see above)."
  engine_phase_done "install $*" "$t"
}

# engine_ping DOCKER_HOST_VALUE: succeeds when an engine answers there.
engine_ping() {
  local host=$1 cli sock
  if [[ $host == unix://* ]]; then
    sock=${host#unix://}
    [[ -S $sock ]] || return 1
    if command -v curl >/dev/null 2>&1; then
      [[ $(curl -sf --max-time 3 --unix-socket "$sock" http://localhost/_ping 2>/dev/null) == OK ]]
      return
    fi
  fi
  cli=$(engine_docker_cli) || return 1
  DOCKER_HOST=$host timeout 5 "$cli" version --format '{{.Server.APIVersion}}' >/dev/null 2>&1
}

engine_can_ping() {
  command -v curl >/dev/null 2>&1 || engine_docker_cli >/dev/null 2>&1
}

# ---------------------------------------------------------------- processes

# engine_pids_by_comm NAME: pids whose command name is NAME (no procps needed).
engine_pids_by_comm() {
  local d comm
  for d in /proc/[0-9]*; do
    { read -r comm <"$d/comm"; } 2>/dev/null || continue
    [[ $comm == "$1" ]] && printf '%s\n' "${d#/proc/}"
  done
  return 0
}

# engine_proc_has_arg PID OPTION VALUE: the process was started with
# "OPTION VALUE" or "OPTION=VALUE".
engine_proc_has_arg() {
  local pid=$1 opt=$2 val=$3 i
  local -a argv=()
  mapfile -d '' -t argv 2>/dev/null <"/proc/$pid/cmdline" || return 1
  for ((i = 0; i < ${#argv[@]}; i++)); do
    [[ ${argv[i]} == "$opt=$val" ]] && return 0
    [[ ${argv[i]} == "$opt" && ${argv[i + 1]:-} == "$val" ]] && return 0
  done
  return 1
}

# engine_alive PID: the process exists and is not a zombie.
engine_alive() {
  local stat
  { read -r stat <"/proc/$1/stat"; } 2>/dev/null || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}

# engine_wait_exit PID SECONDS: succeeds once PID is gone.
engine_wait_exit() {
  local pid=$1 deadline=$(($(engine_now_ms) + $2 * 1000))
  while engine_alive "$pid"; do
    (($(engine_now_ms) < deadline)) || return 1
    sleep 0.1
  done
}

# ---------------------------------------------------------------- engine dir

# engine_init: sets ENGINE_* paths from PHEDDS_ENGINE_DIR.
engine_init() {
  local dir=${PHEDDS_ENGINE_DIR:-${TMPDIR:-/tmp}/phedds-engine}
  if [[ $dir =~ [[:space:]] ]]; then
    engine_die 2 "PHEDDS_ENGINE_DIR must not contain whitespace: '$dir'"
  fi
  ENGINE_DIR=$(realpath -m -- "$dir")
  [[ $ENGINE_DIR != / ]] || engine_die 2 "PHEDDS_ENGINE_DIR must not be /"
  ENGINE_SOCK=$ENGINE_DIR/docker.sock
  ENGINE_HOST=unix://$ENGINE_SOCK
  ENGINE_PIDFILE=$ENGINE_DIR/docker.pid
  ENGINE_LOG=$ENGINE_DIR/dockerd.log
  ENGINE_ARGS_FILE=$ENGINE_DIR/dockerd.args
  ENGINE_CONTAINERD_SOCK=$ENGINE_DIR/exec/containerd/containerd.sock
  # A unix socket path holds at most 107 bytes; containerd's is the longest.
  if ((${#ENGINE_CONTAINERD_SOCK} > 100)); then
    engine_die 2 "PHEDDS_ENGINE_DIR is too long for unix socket paths ($ENGINE_DIR): choose a shorter directory."
  fi
}

# engine_lock: serialise the engine scripts on one directory (fd 9). The
# directory itself is locked, so the lock goes away with it.
engine_lock() {
  exec 9<"$ENGINE_DIR"
  flock -w 180 9 || engine_die 1 "another engine script holds $ENGINE_DIR for more than 180 s; try again later."
}

# engine_pid: prints the pid of the dockerd that uses ENGINE_DIR.
engine_pid() {
  local pid
  for pid in $(engine_pids_by_comm dockerd); do
    if engine_proc_has_arg "$pid" --exec-root "$ENGINE_DIR/exec"; then
      printf '%s\n' "$pid"
      return 0
    fi
  done
  return 1
}

# engine_is_ours: ENGINE_DIR holds an engine started by engine-up.sh.
engine_is_ours() { [[ -f $ENGINE_ARGS_FILE ]]; }

# The engine's flags, bridge and forwarding rule: engine-net.sh.
# shellcheck source=scripts/lib/engine-net.sh
source "$(dirname "${BASH_SOURCE[0]}")/engine-net.sh"

# engine_wait_ready PID SECONDS: wait for GET /_ping; fails early if PID exits.
engine_wait_ready() {
  local pid=$1 deadline=$(($(engine_now_ms) + $2 * 1000))
  until engine_ping "$ENGINE_HOST"; do
    engine_alive "$pid" || return 1
    (($(engine_now_ms) < deadline)) || return 1
    sleep 0.1
  done
}

# engine_start: start dockerd with ENGINE_ARGS in the background (own
# session, output appended to ENGINE_LOG) and wait until it answers.
engine_start() {
  local dockerd pid t
  dockerd=$(command -v dockerd) ||
    engine_die 1 "dockerd not found: install docker.io (apt-get install -y --no-install-recommends docker.io)."
  mkdir -p "$ENGINE_DIR"
  printf '%s\n' "${ENGINE_ARGS[@]}" >"$ENGINE_ARGS_FILE"
  engine_net_up
  printf '\n=== %s: %s %s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$dockerd" "${ENGINE_ARGS[*]}" >>"$ENGINE_LOG"
  t=$(engine_now_ms)
  # 9>&-: the daemon must not inherit the lock of engine_lock.
  setsid "$dockerd" "${ENGINE_ARGS[@]}" >>"$ENGINE_LOG" 2>&1 </dev/null 9>&- &
  pid=$!
  if ! engine_wait_ready "$pid" 60; then
    if engine_alive "$pid"; then
      engine_log "dockerd (pid $pid) did not answer GET /_ping within 60 s; stopping it"
      kill -TERM "$pid" 2>/dev/null || true
      engine_wait_exit "$pid" 20 || kill -KILL "$pid" 2>/dev/null || true
    else
      engine_log "dockerd exited during start"
    fi
    engine_net_down
    engine_log "last lines of $ENGINE_LOG:"
    tail -n 40 "$ENGINE_LOG" >&2 || true
    engine_die 1 "the private engine did not start (see the log above and $ENGINE_LOG)."
  fi
  engine_log "dockerd pid $pid answers at $ENGINE_HOST"
  engine_phase_done "dockerd start" "$t"
}

# engine_stop [SECONDS]: SIGTERM the dockerd of ENGINE_DIR and wait for it to
# exit (it stops its containers and its containerd first); SIGKILL after
# SECONDS (default 60).
engine_stop() {
  local pid wait_s=${1:-60} t
  pid=$(engine_pid) || return 0
  t=$(engine_now_ms)
  engine_log "stopping dockerd pid $pid (SIGTERM)"
  kill -TERM "$pid" 2>/dev/null || true
  if ! engine_wait_exit "$pid" "$wait_s"; then
    engine_log "dockerd pid $pid still runs after ${wait_s} s: sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    engine_wait_exit "$pid" 10 || engine_die 1 "dockerd pid $pid does not exit."
  fi
  engine_phase_done "dockerd stop" "$t"
}

# engine_kill_leftovers: processes the engine leaves behind when dockerd was
# killed: its containerd, the shims of that containerd and their containers;
# then the containers' empty cgroups.
engine_kill_leftovers() {
  local pid child ppid stat i cg
  local -a victims=() ids=() argv=()
  for pid in $(engine_pids_by_comm containerd-shim); do
    engine_proc_has_arg "$pid" -address "$ENGINE_CONTAINERD_SOCK" || continue
    mapfile -d '' -t argv 2>/dev/null <"/proc/$pid/cmdline" || continue
    for ((i = 0; i < ${#argv[@]}; i++)); do
      [[ ${argv[i]} == -id ]] && ids+=("${argv[i + 1]:-}")
    done
    # the container processes (children of the shim) first
    for child in /proc/[0-9]*; do
      { read -r stat <"$child/stat"; } 2>/dev/null || continue
      stat=${stat##*) }
      read -r _ ppid _ <<<"$stat"
      [[ $ppid == "$pid" ]] && victims+=("${child#/proc/}")
    done
    victims+=("$pid")
  done
  for pid in $(engine_pids_by_comm containerd); do
    engine_proc_has_arg "$pid" --config "$ENGINE_DIR/exec/containerd/containerd.toml" && victims+=("$pid")
  done
  ((${#victims[@]})) || return 0
  engine_log "killing leftover processes of $ENGINE_DIR: ${victims[*]}"
  kill -KILL "${victims[@]}" 2>/dev/null || true
  for pid in "${victims[@]}"; do engine_wait_exit "$pid" 5 || true; done
  for i in "${ids[@]}"; do
    [[ $i =~ ^[0-9a-f]{64}$ ]] || continue
    for cg in /sys/fs/cgroup/*/docker/"$i" /sys/fs/cgroup/docker/"$i" /sys/fs/cgroup/system.slice/docker-"$i".scope; do
      [[ -d $cg ]] && { rmdir "$cg" 2>/dev/null || true; }
    done
  done
  return 0
}

# engine_unmount_leftovers: lazily unmount whatever is still mounted below
# ENGINE_DIR (overlay mounts, network namespace files, shm), deepest first.
engine_unmount_leftovers() {
  local mnt
  local -a mounts=()
  # field 5 of mountinfo is the mount point (ENGINE_DIR has no whitespace)
  mapfile -t mounts < <(awk -v d="$ENGINE_DIR/" 'index($5, d) == 1 { print $5 }' /proc/self/mountinfo | sort -r)
  for mnt in "${mounts[@]}"; do
    umount -l "$mnt" 2>/dev/null || engine_log "could not unmount $mnt"
  done
}
