#!/usr/bin/env bash
# Make sure a Docker engine is available for tests and the demo, and print
# where it is.
#
#   scripts/engine-up.sh [--no-images]
#
# 1. Unless PHEDDS_PRIVATE_ENGINE=1: if an engine answers at $DOCKER_HOST (or
#    at /var/run/docker.sock when DOCKER_HOST is unset), use it.
# 2. Otherwise start (or reuse) a private dockerd whose whole state lives under
#    $PHEDDS_ENGINE_DIR (default ${TMPDIR:-/tmp}/phedds-engine), installing
#    docker.io, busybox-static and curl with apt-get first when they are
#    missing (Debian, root).
# 3. Build the local images (scripts/images/build.sh) when they are missing,
#    unless --no-images is given.
#
# Progress goes to stderr. The last line on stdout is the engine address:
#   DOCKER_HOST=unix:///tmp/phedds-engine/docker.sock
# so callers can do:  export "$(scripts/engine-up.sh | tail -n 1)"
#
# Exit codes: 0 ready; 1 failure (the message says what to do); 2 bad usage.
# Stop the private engine with scripts/engine-down.sh.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ENGINE_LOG_TAG=engine-up
# shellcheck source-path=SCRIPTDIR source=lib/engine.sh
. "$here/lib/engine.sh"

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

build_images=1
while (($#)); do
  case $1 in
    --no-images) build_images=0 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; engine_die 2 "unknown argument: $1" ;;
  esac
  shift
done

t_total=$(engine_now_ms)
host=

if [[ ${PHEDDS_PRIVATE_ENGINE:-} != 1 ]]; then
  candidate=${DOCKER_HOST:-unix:///var/run/docker.sock}
  if ! engine_can_ping && [[ $(id -u) -eq 0 ]]; then
    engine_apt_install curl
  fi
  t=$(engine_now_ms)
  if engine_ping "$candidate"; then
    host=$candidate
    engine_log "using the engine that answers at $host (set PHEDDS_PRIVATE_ENGINE=1 for a private one)"
  else
    engine_log "no engine answers at $candidate: using a private engine"
  fi
  engine_phase_done "probe $candidate" "$t"
fi

if [[ -z $host ]]; then
  engine_init
  host=$ENGINE_HOST
  mkdir -p "$ENGINE_DIR"
  engine_lock
  t=$(engine_now_ms)
  if pid=$(engine_pid); then
    engine_is_ours || engine_log "note: the dockerd at $ENGINE_DIR (pid $pid) was not started by engine-up.sh;" \
      "using it, but engine-down.sh and engine-restart.sh will leave it alone"
    engine_log "dockerd pid $pid already runs at $ENGINE_DIR; waiting for it to answer"
    engine_wait_ready "$pid" 60 || engine_die 1 "the dockerd at $ENGINE_DIR (pid $pid) does not answer GET /_ping;" \
      "see $ENGINE_LOG, or stop it with scripts/engine-down.sh and run this again."
    engine_phase_done "reuse running engine" "$t"
  elif engine_ping "$ENGINE_HOST"; then
    # e.g. a daemon in another pid namespace that serves this socket
    engine_log "an engine already answers at $ENGINE_HOST; using it"
  else
    # shellcheck disable=SC2046 # one package name per line
    engine_apt_install $(engine_missing_packages)
    engine_decide_args
    engine_start
  fi
fi

export DOCKER_HOST=$host
if ((build_images)); then
  t=$(engine_now_ms)
  "$here/images/build.sh" >&2 9>&-
  engine_phase_done images "$t"
fi

engine_phase_done total "$t_total"
printf 'DOCKER_HOST=%s\n' "$host"
