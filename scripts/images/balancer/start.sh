#!/bin/sh
# Entry point of phedds/balancer: HAProxy in front of the back ends named in
# $PHEDDS_BACKENDS ("host:port host:port ..."), round robin, health-checked.
# Names are resolved through Docker's embedded DNS at run time, so a back end
# that is stopped, restarted or recreated (new address) is dropped and found
# again. Every answer names its back end in an X-Served-By header, and every
# request is logged on stdout (docker logs / the Logs pane).
set -eu

backends=${PHEDDS_BACKENDS:-}
if [ -z "$backends" ]; then
  echo 'phedds-balancer: set PHEDDS_BACKENDS to "host:port host:port ..."' >&2
  exit 2
fi
cfg=/tmp/haproxy.cfg
{
  cat <<'CFG'
global
  log stdout format raw local0
  maxconn 512

defaults
  mode http
  log global
  option httplog
  # A back end that just stopped refuses the connection before its health check
  # fails: try another one instead of answering 503.
  retries 2
  option redispatch 1
  # Back ends are on the same host: a connection that takes longer is to a stopped one.
  timeout connect 500ms
  timeout client 30s
  timeout server 30s

resolvers docker
  nameserver dns 127.0.0.11:53
  hold valid 2s
  hold nx 2s

frontend web
  bind :80
  monitor-uri /healthz
  default_backend backends
  http-response set-header X-Served-By %[srv_name]

backend backends
  balance roundrobin
  option httpchk GET /
  default-server inter 2s fall 2 rise 1 resolvers docker init-addr last,libc,none
CFG
  for b in $backends; do
    case $b in
      *[!A-Za-z0-9_.:-]* | :* | *: | *:*:*)
        echo "phedds-balancer: '$b' is not host:port" >&2
        exit 2
        ;;
    esac
    printf '  server %s %s check\n' "${b%%:*}" "$b"
  done
} >"$cfg"

exec /usr/sbin/haproxy -db -f "$cfg"
