#!/usr/bin/env bash
# A small demo application on the engine at $DOCKER_HOST (the docker client's
# default when unset), labelled like a Compose project so consoles group it:
#
#   network    phedds-demo
#   web        phedds-demo-web-1..3     phedds/web:local, hostname = name,
#                                       PHEDDS_NAME = name, host ports 8081..8083
#   lb         phedds-demo-lb-1         phedds/balancer:local: HAProxy, round robin
#                                       over web-1..3, host port 8080; each answer
#                                       names its back end (X-Served-By)
#   client     phedds-demo-client-1     busybox:local; every 2 s fetches
#                                       /cgi-bin/whoami from web-1, -2, -3 in turn
#                                       and prints the answer (its logs)
#
#   scripts/demo-app.sh up [--wait]   create what is missing (or made from an older
#                                     image), start what is stopped;
#                                     --wait: until the web containers are healthy
#   scripts/demo-app.sh down          remove the containers and the network
#   scripts/demo-app.sh status        list them
#
# Environment:
#   PHEDDS_DEMO_PORT_BASE  web-N publishes host port BASE+N, the balancer BASE
#                          (default 8080)
#   PHEDDS_DEMO_BIND       host address for the ports (default: all addresses)
#
# `up` builds the images first when they are missing (scripts/images/build.sh
# --balancer; the balancer's Debian package is fetched once and cached).
# Containers have restart policy unless-stopped: they come back after the
# engine restarts. Progress goes to stderr; `status` prints to stdout.
#
# Exit codes: 0 ok (status: all five running); 1 failure; 2 bad usage;
#             3 status: the demo is not (fully) running.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ENGINE_LOG_TAG=demo-app
# shellcheck source-path=SCRIPTDIR source=lib/engine.sh
. "$here/lib/engine.sh"

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

PROJECT=phedds-demo
NETWORK=phedds-demo
WEB_IMAGE=phedds/web:local
CLIENT_IMAGE=busybox:local
LB_IMAGE=phedds/balancer:local
WEB_COUNT=3
port_base=${PHEDDS_DEMO_PORT_BASE:-8080}
bind=${PHEDDS_DEMO_BIND:-}
if ! [[ $port_base =~ ^[0-9]{1,5}$ ]] || ((port_base + WEB_COUNT > 65535)); then
  engine_die 2 "PHEDDS_DEMO_PORT_BASE must be a port number below $((65535 - WEB_COUNT)) (got '$port_base')."
fi

cli=$(engine_docker_cli) ||
  engine_die 1 "no docker client: install docker.io (apt-get install -y --no-install-recommends docker.io)."
dk() { "$cli" "$@"; }

# What the client runs: one request every 2 s, to web-1, web-2, web-3 in turn.
# The trap makes it stop at once on SIGTERM (it is PID 1 in its container).
# shellcheck disable=SC2016 # expanded by the container's shell
CLIENT_SCRIPT='
trap "exit 0" TERM INT
n='"$WEB_COUNT"'
while :; do
  i=1
  while [ "$i" -le "$n" ]; do
    h='"$PROJECT"'-web-$i
    r=$(printf "GET /cgi-bin/whoami HTTP/1.0\r\nHost: %s\r\n\r\n" "$h" | nc -w 2 "$h" 80 2>&1 |
      tr -d "\r" | awk "body { print } /^\$/ { body = 1 }")
    echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) $h: ${r:-no answer}"
    i=$((i + 1))
    sleep 2 & wait $!
  done
done'

require_engine() {
  dk version --format '{{.Server.Version}}' >/dev/null 2>&1 ||
    engine_die 1 "no engine answers at ${DOCKER_HOST:-the docker default}:" \
      "start one with scripts/engine-up.sh and export the DOCKER_HOST it prints."
}

state_of() { dk container inspect -f '{{.State.Status}}' "$1" 2>/dev/null || true; }

# labels NAME SERVICE NUMBER -> --label arguments in the array LABELS
labels() {
  LABELS=(
    --label "com.docker.compose.project=$PROJECT"
    --label "com.docker.compose.service=$2"
    --label "com.docker.compose.container-number=$3"
    --label com.docker.compose.oneoff=False
  )
}

# ensure NAME IMAGE docker-run-arguments...: create NAME when missing or
# made from an older IMAGE, start it when stopped.
ensure() {
  local name=$1 image=$2 state current want
  shift 2
  state=$(state_of "$name")
  if [[ -n $state ]]; then
    current=$(dk container inspect -f '{{.Image}}' "$name" 2>/dev/null || true)
    want=$(dk image inspect -f '{{.Id}}' "$image")
    if [[ $current != "$want" ]]; then
      engine_log "$name runs an older $image: recreating it"
      dk rm -f "$name" >/dev/null
      state=
    fi
  fi
  case $state in
    running | restarting) engine_log "$name is $state" ;;
    paused)
      engine_log "$name is paused: unpausing"
      dk unpause "$name" >/dev/null
      ;;
    created | exited)
      engine_log "$name is $state: starting it"
      dk start "$name" >/dev/null || engine_die 1 "could not start $name (see above)." \
        "If a host port is taken, remove it (scripts/demo-app.sh down) and set PHEDDS_DEMO_PORT_BASE."
      ;;
    '')
      engine_log "creating $name"
      if ! dk run -d --name "$name" "$@" >/dev/null; then
        dk rm -f "$name" >/dev/null 2>&1 || true
        engine_die 1 "could not run $name (see above). If a host port is in use," \
          "choose other ones with PHEDDS_DEMO_PORT_BASE (web-N gets BASE+N)."
      fi
      ;;
    *)
      engine_log "$name is $state: recreating it"
      dk rm -f "$name" >/dev/null
      ensure "$name" "$image" "$@"
      ;;
  esac
}

wait_healthy() {
  local deadline=$(($(engine_now_ms) + 60000)) name health pending
  while :; do
    pending=
    for name in "${HEALTHY_NAMES[@]}"; do
      health=$(dk container inspect -f '{{if .State.Health}}{{.State.Health.Status}}{{end}}' \
        "$name" 2>/dev/null || true)
      [[ $health == healthy ]] || pending+=" $name(${health:-?})"
    done
    [[ -z $pending ]] && return 0
    (($(engine_now_ms) < deadline)) || engine_die 1 "not healthy after 60 s:$pending." \
      "See: docker inspect --format '{{json .State.Health}}' NAME"
    sleep 0.5
  done
}

cmd_up() {
  local wait=0 t i name publish
  local -a LABELS
  case ${1:-} in
    '') ;;
    --wait) wait=1 ;;
    *) usage >&2; engine_die 2 "unknown argument for up: $1" ;;
  esac
  t=$(engine_now_ms)
  "$here/images/build.sh" --balancer >&2

  if ! dk network inspect "$NETWORK" >/dev/null 2>&1; then
    engine_log "creating network $NETWORK"
    dk network create \
      --label "com.docker.compose.project=$PROJECT" \
      --label "com.docker.compose.network=$NETWORK" \
      "$NETWORK" >/dev/null
  fi

  for ((i = 1; i <= WEB_COUNT; i++)); do
    name=$PROJECT-web-$i
    publish=$((port_base + i)):80
    [[ -z $bind ]] || publish=$bind:$publish
    labels "$name" web "$i"
    ensure "$name" "$WEB_IMAGE" "${LABELS[@]}" \
      --hostname "$name" \
      --env "PHEDDS_NAME=$name" \
      --network "$NETWORK" --network-alias web \
      --publish "$publish" \
      --restart unless-stopped \
      "$WEB_IMAGE"
  done

  # The balancer: one published port whose answers come from each web in turn.
  local backends=() lb_publish=$port_base:80
  for ((i = 1; i <= WEB_COUNT; i++)); do backends+=("$PROJECT-web-$i:80"); done
  [[ -z $bind ]] || lb_publish=$bind:$lb_publish
  name=$PROJECT-lb-1
  labels "$name" lb 1
  ensure "$name" "$LB_IMAGE" "${LABELS[@]}" \
    --hostname "$name" \
    --env "PHEDDS_BACKENDS=${backends[*]}" \
    --network "$NETWORK" --network-alias lb \
    --publish "$lb_publish" \
    --restart unless-stopped \
    "$LB_IMAGE"

  name=$PROJECT-client-1
  labels "$name" client 1
  ensure "$name" "$CLIENT_IMAGE" "${LABELS[@]}" \
    --hostname "$name" \
    --network "$NETWORK" --network-alias client \
    --restart unless-stopped \
    "$CLIENT_IMAGE" sh -c "$CLIENT_SCRIPT"

  if ((wait)); then
    HEALTHY_NAMES=("$PROJECT-lb-1")
    for ((i = 1; i <= WEB_COUNT; i++)); do HEALTHY_NAMES+=("$PROJECT-web-$i"); done
    wait_healthy
    engine_log "web containers and the balancer are healthy"
  fi
  engine_phase_done "demo up" "$t"
  cmd_status >&2 || true
}

cmd_down() {
  local t
  local -a ids
  t=$(engine_now_ms)
  mapfile -t ids < <(dk ps -aq --filter "label=com.docker.compose.project=$PROJECT")
  if ((${#ids[@]})); then
    engine_log "removing ${#ids[@]} container(s)"
    dk rm -f "${ids[@]}" >/dev/null
  fi
  if dk network inspect "$NETWORK" >/dev/null 2>&1; then
    engine_log "removing network $NETWORK"
    dk network rm "$NETWORK" >/dev/null
  fi
  engine_phase_done "demo down" "$t"
}

cmd_status() {
  local running
  dk ps -a --filter "label=com.docker.compose.project=$PROJECT" \
    --format 'table {{.Names}}\t{{.Image}}\t{{.Status}}\t{{.Ports}}'
  if dk network inspect "$NETWORK" >/dev/null 2>&1; then
    echo "network $NETWORK: $(dk network inspect -f '{{range .IPAM.Config}}{{.Subnet}} {{end}}' "$NETWORK")"
  else
    echo "network $NETWORK: missing"
  fi
  running=$(dk ps -q --filter "label=com.docker.compose.project=$PROJECT" --filter status=running | wc -l)
  ((running == WEB_COUNT + 2)) || return 3
}

case ${1:-} in
  up) require_engine; shift; cmd_up "$@" ;;
  down) require_engine; cmd_down ;;
  status) require_engine; cmd_status ;;
  -h | --help) usage ;;
  *) usage >&2; engine_die 2 "expected up, down or status" ;;
esac
