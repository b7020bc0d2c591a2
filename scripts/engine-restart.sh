#!/usr/bin/env bash
# Restart the private dockerd that scripts/engine-up.sh started under
# $PHEDDS_ENGINE_DIR (default ${TMPDIR:-/tmp}/phedds-engine), keeping its data:
# SIGTERM, wait for it to exit (it stops its containers), start it again with
# the same flags, wait until it answers GET /_ping. Containers survive as
# containers; those with a restart policy are started again by the daemon.
# A stopped engine (engine-down.sh --keep-data) is simply started.
#
#   scripts/engine-restart.sh
#
# Progress goes to stderr; the last line on stdout is DOCKER_HOST=unix://…/docker.sock
#
# Exit codes: 0 restarted; 1 failure; 2 bad usage;
#             3 no engine started by engine-up.sh at that directory.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ENGINE_LOG_TAG=engine-restart
# shellcheck source-path=SCRIPTDIR source=lib/engine.sh
. "$here/lib/engine.sh"

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

case ${1:-} in
  '') ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; engine_die 2 "unknown argument: $1" ;;
esac

engine_init
t_total=$(engine_now_ms)

if [[ ! -d $ENGINE_DIR ]] || ! engine_is_ours; then
  if [[ -d $ENGINE_DIR ]] && pid=$(engine_pid); then
    engine_die 3 "the dockerd at $ENGINE_DIR (pid $pid) was not started by engine-up.sh" \
      "(no $ENGINE_ARGS_FILE); not restarting it."
  fi
  engine_die 3 "no private engine at $ENGINE_DIR: start one with" \
    "PHEDDS_PRIVATE_ENGINE=1 PHEDDS_ENGINE_DIR=$ENGINE_DIR scripts/engine-up.sh"
fi

engine_lock
mapfile -t ENGINE_ARGS <"$ENGINE_ARGS_FILE"
((${#ENGINE_ARGS[@]})) || engine_die 1 "$ENGINE_ARGS_FILE is empty: run scripts/engine-down.sh, then scripts/engine-up.sh."

if engine_pid >/dev/null; then
  engine_stop 60
else
  engine_log "the engine at $ENGINE_DIR is not running: starting it"
fi
engine_kill_leftovers
engine_start

engine_phase_done total "$t_total"
printf 'DOCKER_HOST=%s\n' "$ENGINE_HOST"
