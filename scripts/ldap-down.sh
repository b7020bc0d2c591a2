#!/usr/bin/env bash
# Stop the private slapd that scripts/ldap-up.sh started under $PHEDDS_LDAP_DIR
# (default ${TMPDIR:-/tmp}/phedds-ldap) and delete that folder.
#
#   scripts/ldap-down.sh
#
# It only stops a slapd whose command line names that folder's slapd.conf, so a
# system slapd is never touched. Nothing to do is a success.
#
# Exit codes: 0 done or nothing to do; 1 failure.
set -euo pipefail

log() { printf '%s [ldap-down] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

case ${1:-} in
  -h | --help)
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
    exit 0
    ;;
esac

dir=${PHEDDS_LDAP_DIR:-${TMPDIR:-/tmp}/phedds-ldap}
[[ -d $dir ]] || exit 0
[[ -f $dir/slapd.conf ]] || {
  log "$dir holds no slapd.conf: not a folder made by ldap-up.sh, left alone"
  exit 1
}

if [[ -f $dir/slapd.pid ]]; then
  pid=$(<"$dir/slapd.pid")
  if [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$dir/slapd.conf"; then
    kill "$pid"
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
    log "stopped slapd pid $pid"
  fi
fi
rm -rf "$dir"
