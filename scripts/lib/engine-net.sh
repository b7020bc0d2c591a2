# shellcheck shell=bash
# Network and flag decisions of a private engine, sourced by engine.sh: which
# dockerd flags an engine gets, and its own bridge and forwarding rule when
# another dockerd shares the network namespace. Only defines functions.

# engine_other_dockerds: pids of other dockerd processes in this network
# namespace (the engine of ENGINE_DIR excluded).
engine_other_dockerds() {
  local pid own self_ns
  self_ns=$(readlink /proc/self/ns/net)
  own=$(engine_pid || true)
  for pid in $(engine_pids_by_comm dockerd); do
    [[ $pid == "$own" ]] && continue
    engine_alive "$pid" || continue
    [[ $(readlink "/proc/$pid/ns/net" 2>/dev/null || true) == "$self_ns" ]] || continue
    printf '%s\n' "$pid"
  done
}

# engine_bridge_name: the default bridge of ENGINE_DIR's engine when another
# dockerd shares the network namespace ("phd" + 8 hex digits, < 16 bytes).
engine_bridge_name() { printf 'phd%.8s\n' "$(printf '%s' "$ENGINE_DIR" | sha256sum)"; }

# engine_decide_args: sets ENGINE_ARGS, the dockerd flags for ENGINE_DIR.
engine_decide_args() {
  local others
  local -a extra=()
  ENGINE_ARGS=(
    --data-root "$ENGINE_DIR/data"
    --exec-root "$ENGINE_DIR/exec"
    --pidfile "$ENGINE_PIDFILE"
    -H "$ENGINE_HOST"
  )
  others=$(engine_other_dockerds | tr '\n' ' ')
  if [[ -z $others ]] && engine_ping unix:///var/run/docker.sock; then
    others='(the one at /var/run/docker.sock)'
  fi
  if [[ -n $others ]]; then
    # Another dockerd shares this network namespace, so this one must leave
    # the host network set-up of the other alone:
    # - --iptables=false: with iptables on, a second daemon deletes and
    #   recreates the DOCKER chains at start, which breaks the published ports
    #   and isolation rules of the first. Published ports still work here:
    #   docker-proxy serves them without iptables.
    # - --bridge=<own bridge>: the default docker0 belongs to the other daemon
    #   (both would hand out the same addresses on it). --bridge=none is NOT
    #   safe: at start, a daemon with the bridge disabled deletes the docker0
    #   interface, which is the other daemon's. A bridge of our own, created
    #   before the start (dockerd creates only docker0 itself), keeps the
    #   default network working; dockerd gives it a free subnet.
    # - no --default-address-pool: with it, a restarting daemon deletes
    #   docker0 too. Without it, dockerd picks subnets that no host route
    #   covers, so they do not overlap the other daemon's networks.
    # See engine_net_up for the forwarding rule this set-up needs.
    ENGINE_ARGS+=(--iptables=false "--bridge=$(engine_bridge_name)")
    engine_log "another dockerd runs in this network namespace (pid ${others% }):" \
      "starting with --iptables=false --bridge=$(engine_bridge_name)"
  fi
  if [[ -n ${PHEDDS_DOCKERD_ARGS:-} ]]; then
    read -r -a extra <<<"$PHEDDS_DOCKERD_ARGS"
    ENGINE_ARGS+=("${extra[@]}")
  fi
}

# The rule engine_net_up adds: bridged traffic (between containers on the
# same network) that nothing before it accepted or dropped.
engine_forward_rule() {
  ENGINE_FORWARD_RULE=(FORWARD -m physdev --physdev-is-bridged
    -m comment --comment "phedds private engine $ENGINE_DIR" -j ACCEPT)
}

# engine_net_up: host network set-up for ENGINE_ARGS, before dockerd starts.
engine_net_up() {
  local bridge=
  [[ " ${ENGINE_ARGS[*]} " == *" --iptables=false "* ]] || return 0
  bridge=$(engine_bridge_name)
  if [[ " ${ENGINE_ARGS[*]} " == *" --bridge=$bridge "* ]] && [[ ! -e /sys/class/net/$bridge ]]; then
    command -v ip >/dev/null 2>&1 ||
      engine_die 1 "'ip' not found: install iproute2 (apt-get install -y --no-install-recommends iproute2)."
    ip link add "$bridge" type bridge || engine_die 1 "could not create the bridge $bridge (see above)."
    ip link set "$bridge" up
    engine_log "created bridge $bridge for the default network"
  fi
  # With br_netfilter active, traffic between two containers on one bridge
  # goes through the FORWARD chain, whose policy the other daemon set to
  # DROP; it accepts only its own bridges. Without iptables this daemon adds
  # no rules, so its containers could not reach each other. This rule is
  # appended: the other daemon's rules (inserted at the top, including its
  # isolation and icc=false drops) still come first, and routed traffic
  # between networks stays dropped.
  if [[ $(cat /proc/sys/net/bridge/bridge-nf-call-iptables 2>/dev/null || true) == 1 ]] &&
    command -v iptables >/dev/null 2>&1 &&
    iptables -S FORWARD 2>/dev/null | grep -qx -- '-P FORWARD DROP'; then
    engine_forward_rule
    if ! iptables -C "${ENGINE_FORWARD_RULE[@]}" 2>/dev/null; then
      iptables -A "${ENGINE_FORWARD_RULE[@]}" ||
        engine_log "warning: could not add the FORWARD rule: containers may not reach each other"
    fi
  fi
}

# engine_net_down: undo engine_net_up and delete the bridges of this
# engine's networks that a killed daemon left behind (the daemon must be
# stopped; a running one would recreate them). The bridges are those named in
# its own network store, minus docker0 (it may serve another daemon) and
# minus any bridge that still has ports.
engine_net_down() {
  local bridge db
  local -a bridges=()
  bridges=("$(engine_bridge_name)")
  db=$ENGINE_DIR/data/network/files/local-kv.db
  if [[ -f $db ]]; then
    mapfile -t -O 1 bridges < <(grep -ao '"BridgeName":"[^"]*"' "$db" | sed -e 's/^"BridgeName":"//' -e 's/"$//' | sort -u)
  fi
  for bridge in "${bridges[@]}"; do
    [[ $bridge != docker0 && -d /sys/class/net/$bridge/bridge ]] || continue
    if [[ -n $(ls -A "/sys/class/net/$bridge/brif" 2>/dev/null) ]]; then
      engine_log "bridge $bridge still has ports: leaving it"
      continue
    fi
    ip link del "$bridge" 2>/dev/null || engine_log "could not delete the bridge $bridge"
  done
  if command -v iptables >/dev/null 2>&1; then
    engine_forward_rule
    while iptables -C "${ENGINE_FORWARD_RULE[@]}" 2>/dev/null; do
      iptables -D "${ENGINE_FORWARD_RULE[@]}" || break
    done
  fi
  return 0
}
