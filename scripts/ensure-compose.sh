#!/usr/bin/env bash
# Makes sure Debian's docker-compose (1.29, the Python one) is installed: the stack tests check
# that what Phedds deploys is what `docker-compose ps` sees, and that projects it started appear
# in Phedds. Installs the distribution's package only, non-interactively; runs `apt-get update`
# and tries again when the first install fails (a fresh machine has no package lists yet).
#
#   scripts/ensure-compose.sh
#
# Prints the path of docker-compose as its last line on stdout; progress goes to stderr.
# Exit codes: 0 installed; 1 missing and not installable here.
set -euo pipefail
COMPOSE=${PHEDDS_DOCKER_COMPOSE:-/usr/bin/docker-compose}
if [[ -x $COMPOSE ]]; then
  printf '%s\n' "$COMPOSE"
  exit 0
fi
if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null 2>&1; then
  echo "docker-compose is missing at $COMPOSE and cannot be installed here (needs root on Debian)." >&2
  echo "Install it (apt-get install docker-compose) or set PHEDDS_DOCKER_COMPOSE to its path." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
install() { apt-get install -y -qq --no-install-recommends docker-compose >/dev/null; }
echo "installing docker-compose with apt-get" >&2
if ! install; then
  apt-get update -qq >&2
  install || {
    echo "apt-get install docker-compose failed (see above)." >&2
    exit 1
  }
fi
[[ -x $COMPOSE ]] || {
  echo "docker-compose was installed but $COMPOSE is not there; set PHEDDS_DOCKER_COMPOSE." >&2
  exit 1
}
echo "docker-compose installed: $("$COMPOSE" version --short 2>/dev/null || echo present)" >&2
printf '%s\n' "$COMPOSE"
