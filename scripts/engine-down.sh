#!/usr/bin/env bash
# Stop the private engine that scripts/engine-up.sh started under
# $PHEDDS_ENGINE_DIR (default ${TMPDIR:-/tmp}/phedds-engine) and delete it.
#
#   scripts/engine-down.sh [--keep-data]
#
# Removes the engine's containers and unused networks, stops dockerd
# (SIGTERM, then SIGKILL after 60 s), kills what a killed daemon may leave
# behind (its containerd, shims and their containers), lazily unmounts what is
# still mounted below the directory, removes the host bridge and FORWARD rule
# it may have added (see scripts/lib/engine.sh), and deletes the directory.
# With --keep-data (or PHEDDS_KEEP_DATA=1) it only stops the daemon: containers,
# images and the directory stay, and engine-up.sh starts it again with them.
#
# It never touches an engine it did not start: a directory without the
# dockerd.args file written by engine-up.sh is left alone (exit 3).
# Idempotent: nothing to do (no directory) is a success.
#
# Exit codes: 0 done or nothing to do; 1 failure; 2 bad usage;
#             3 the directory does not hold an engine started by engine-up.sh.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ENGINE_LOG_TAG=engine-down
# shellcheck source-path=SCRIPTDIR source=lib/engine.sh
. "$here/lib/engine.sh"

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

keep=${PHEDDS_KEEP_DATA:-0}
while (($#)); do
  case $1 in
    --keep-data) keep=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; engine_die 2 "unknown argument: $1" ;;
  esac
  shift
done

engine_init
t_total=$(engine_now_ms)

if [[ ! -d $ENGINE_DIR ]]; then
  engine_log "no engine directory at $ENGINE_DIR: nothing to do"
  exit 0
fi
if ! engine_is_ours; then
  if pid=$(engine_pid); then
    engine_die 3 "the dockerd at $ENGINE_DIR (pid $pid) was not started by engine-up.sh" \
      "(no $ENGINE_ARGS_FILE); leaving it alone. Stop it the way it was started."
  fi
  engine_die 3 "$ENGINE_DIR was not created by engine-up.sh (no $ENGINE_ARGS_FILE); leaving it alone." \
    "Delete it yourself if it is not needed."
fi

engine_lock

if pid=$(engine_pid) && [[ $keep != 1 ]]; then
  t=$(engine_now_ms)
  cli=$(engine_docker_cli) || cli=
  if [[ -n $cli ]] && engine_ping "$ENGINE_HOST"; then
    dk=("$cli" -H "$ENGINE_HOST")
    if [[ $("${dk[@]}" info --format '{{.Swarm.LocalNodeState}}' 2>/dev/null || true) == active ]]; then
      "${dk[@]}" swarm leave --force >/dev/null 2>&1 || engine_log "could not leave the swarm"
    fi
    mapfile -t ids < <("${dk[@]}" ps -aq 2>/dev/null || true)
    if ((${#ids[@]})); then
      engine_log "removing ${#ids[@]} container(s)"
      "${dk[@]}" rm -f "${ids[@]}" >/dev/null 2>&1 || engine_log "some containers could not be removed"
    fi
    # unused user-defined networks: removes their bridges from the host
    "${dk[@]}" network prune -f >/dev/null 2>&1 || engine_log "could not remove the networks"
  fi
  engine_phase_done "remove containers" "$t"
fi

engine_stop 60
engine_kill_leftovers
engine_unmount_leftovers
engine_net_down

if [[ $keep == 1 ]]; then
  engine_log "engine stopped; data kept in $ENGINE_DIR"
else
  t=$(engine_now_ms)
  rm -rf -- "$ENGINE_DIR" || engine_die 1 "could not delete $ENGINE_DIR (see above); something may still use it."
  engine_phase_done "delete $ENGINE_DIR" "$t"
fi
engine_phase_done total "$t_total"
