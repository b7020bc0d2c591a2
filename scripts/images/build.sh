#!/usr/bin/env bash
# Build the local images used by the tests and the demo, offline (no registry),
# on the engine at $DOCKER_HOST (the docker client's default when unset):
#
#   busybox:local      Debian's static busybox with its applet links, /etc/passwd,
#                      /etc/group and /tmp (1777), made with `docker import`.
#   phedds/web:local   FROM busybox:local: busybox httpd on port 80 whose page names
#                      the container that served it (scripts/images/web/).
#   phedds/balancer:local  (with --balancer) FROM busybox:local: Debian's HAProxy
#                      in front of $PHEDDS_BACKENDS (scripts/images/balancer/).
#                      Its package is fetched with `apt-get download` (nothing is
#                      installed on the host) and cached in PHEDDS_CACHE_DIR
#                      (default ~/.cache/phedds), so a new engine rebuilds it offline.
#
#   scripts/images/build.sh [--force] [--balancer]
#
# An image is built only when it is missing, when phedds/web:local or
# phedds/balancer:local is older than the files of its folder (label
# phedds.source-sha256), or with --force. Installs busybox-static with apt-get
# when missing (root). Progress goes to stderr.
#
# Exit codes: 0 images ready; 1 failure; 2 bad usage.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ENGINE_LOG_TAG=images
# shellcheck source-path=SCRIPTDIR source=../lib/engine.sh
. "$here/../lib/engine.sh"

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"; }

force=0
balancer=0
while (($#)); do
  case $1 in
    -f | --force) force=1 ;;
    --balancer) balancer=1 ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; engine_die 2 "unknown argument: $1" ;;
  esac
  shift
done

BUSYBOX_IMAGE=busybox:local
WEB_IMAGE=phedds/web:local
WEB_DIR=$here/web
WEB_FILES=(Dockerfile start.sh whoami)
BALANCER_IMAGE=phedds/balancer:local
BALANCER_DIR=$here/balancer
BALANCER_FILES=(Dockerfile start.sh)
# haproxy and the libraries it needs that a Debian host with docker.io lacks;
# the others (libc, libssl, ...) are copied from the host, as ldd resolves them.
BALANCER_PACKAGES=(haproxy liblua5.3-0 libopentracing-c-wrapper0 libopentracing1)
cache_dir=${PHEDDS_CACHE_DIR:-${XDG_CACHE_HOME:-${HOME:-/root}/.cache}/phedds}

cli=$(engine_docker_cli) ||
  engine_die 1 "no docker client: install docker.io (apt-get install -y --no-install-recommends docker.io)."
export DOCKER_BUILDKIT=0 # the legacy builder: there is no buildx here
dk() { "$cli" "$@"; }

if ! dk version --format '{{.Server.Version}}' >/dev/null 2>&1; then
  engine_die 1 "no engine answers at ${DOCKER_HOST:-the docker default}:" \
    "start one with scripts/engine-up.sh and export the DOCKER_HOST it prints."
fi

tmp=$(mktemp -d)
trap 'rm -rf -- "$tmp"' EXIT

image_exists() { dk image inspect "$1" >/dev/null 2>&1; }

build_busybox() {
  local t busybox root applet
  t=$(engine_now_ms)
  if ! busybox=$(engine_static_busybox); then
    engine_apt_install busybox-static
    busybox=$(engine_static_busybox) || engine_die 1 "no static busybox after installing busybox-static."
  fi
  root=$tmp/rootfs
  mkdir -p "$root"/{bin,dev,etc,proc,root,sys,tmp,usr/bin,var}
  cp "$busybox" "$root/bin/busybox"
  # The applet links (/bin/sh -> /bin/busybox, ...). As root, busybox makes
  # them itself in a chroot (one process instead of ~270 ln).
  if [[ $(id -u) -eq 0 ]] && command -v chroot >/dev/null 2>&1 &&
    chroot "$root" /bin/busybox --install -s /bin 2>/dev/null; then
    :
  else
    for applet in $("$root/bin/busybox" --list); do
      [[ $applet == busybox || -e $root/bin/$applet ]] || ln -s busybox "$root/bin/$applet"
    done
  fi
  ln -s ../../bin/env "$root/usr/bin/env" # for "#!/usr/bin/env sh"
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' 'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' \
    >"$root/etc/passwd"
  printf '%s\n' 'root:x:0:' 'nogroup:x:65534:' >"$root/etc/group"
  chmod 1777 "$root/tmp"
  chmod 700 "$root/root"
  tar --numeric-owner --owner=0 --group=0 -C "$root" -cf "$tmp/rootfs.tar" .
  dk import \
    -c 'CMD ["sh"]' \
    -c 'ENV PATH=/bin' \
    -c 'LABEL org.opencontainers.image.title=busybox-local' \
    "$tmp/rootfs.tar" "$BUSYBOX_IMAGE" >/dev/null
  engine_phase_done "build $BUSYBOX_IMAGE" "$t"
}

web_source_hash() { (cd "$WEB_DIR" && cat -- "${WEB_FILES[@]}") | sha256sum | cut -d' ' -f1; }

build_web() {
  local t hash ctx f
  t=$(engine_now_ms)
  hash=$1
  # A copy of the context with executable scripts, so the image needs no RUN
  # step and does not depend on the file modes of the checkout.
  ctx=$tmp/web
  mkdir -p "$ctx"
  for f in "${WEB_FILES[@]}"; do cp -- "$WEB_DIR/$f" "$ctx/$f"; done
  chmod 755 "$ctx/start.sh" "$ctx/whoami"
  dk build -q --label "phedds.source-sha256=$hash" -t "$WEB_IMAGE" "$ctx" >/dev/null ||
    engine_die 1 "building $WEB_IMAGE failed (see above)."
  engine_phase_done "build $WEB_IMAGE" "$t"
}

# Fetches the balancer's Debian packages into the cache (once), prints the folder.
balancer_debs() {
  local dir=$cache_dir/balancer-debs pkg missing=()
  mkdir -p "$dir"
  for pkg in "${BALANCER_PACKAGES[@]}"; do
    compgen -G "$dir/${pkg}_*.deb" >/dev/null || missing+=("$pkg")
  done
  ((${#missing[@]})) || { printf '%s\n' "$dir"; return 0; }
  command -v apt-get >/dev/null 2>&1 ||
    engine_die 1 "apt-get is needed to fetch ${missing[*]} for $BALANCER_IMAGE (Debian or Ubuntu)."
  engine_log "fetching ${missing[*]} with apt-get download (into $dir)"
  if ! (cd "$dir" && apt-get -qq -o APT::Sandbox::User=root download "${missing[@]}" >&2 2>/dev/null); then
    # No package lists yet (a fresh machine): read them, then try again.
    [[ $(id -u) -eq 0 ]] || engine_die 1 "apt-get download ${missing[*]} failed; run apt-get update as root, then retry."
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || engine_die 1 "apt-get update failed (see above)."
    (cd "$dir" && apt-get -qq -o APT::Sandbox::User=root download "${missing[@]}" >&2) ||
      engine_die 1 "apt-get download ${missing[*]} failed (see above)."
  fi
  printf '%s\n' "$dir"
}

balancer_source_hash() {
  { (cd "$BALANCER_DIR" && cat -- "${BALANCER_FILES[@]}"); printf '%s\n' "${BALANCER_PACKAGES[@]}"; } | sha256sum | cut -d' ' -f1
}

# Copies a file to the same path under ROOT, following links (libfoo.so.1 -> libfoo.so.1.2.3).
copy_into() { mkdir -p "$1$(dirname "$2")" && cp -L "$2" "$1$2"; }

build_balancer() {
  local t hash=$1 debs ctx stage deb bin line lib missing=()
  t=$(engine_now_ms)
  debs=$(balancer_debs)
  ctx=$tmp/balancer
  stage=$tmp/balancer-stage
  mkdir -p "$ctx/rootfs" "$stage"
  for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$stage"; done
  bin=$stage/usr/sbin/haproxy
  [[ -x $bin ]] || engine_die 1 "the haproxy package has no usr/sbin/haproxy (see $debs)."
  mkdir -p "$ctx/rootfs/usr/sbin"
  cp "$bin" "$ctx/rootfs/usr/sbin/haproxy"
  # Each library where ldd finds it: the fetched ones first, else the host's.
  while read -r line; do
    case $line in
      *'=> not found'*) missing+=("${line%% *}") ;;
      *'=> '/*) lib=${line#*=> }; lib=${lib%% (*} ;;
      /*) lib=${line%% (*} ;;
      *) continue ;;
    esac
    [[ $line == *'not found'* ]] && continue
    if [[ $lib == "$stage"/* ]]; then
      mkdir -p "$ctx/rootfs$(dirname "${lib#"$stage"}")"
      cp -L "$lib" "$ctx/rootfs${lib#"$stage"}"
    else
      copy_into "$ctx/rootfs" "$lib"
    fi
  done < <(LD_LIBRARY_PATH=$(find "$stage" -name '*.so*' -printf '%h\n' | sort -u | paste -sd:) ldd "$bin")
  ((${#missing[@]} == 0)) ||
    engine_die 1 "haproxy needs libraries this host lacks: ${missing[*]}. Install them with apt-get, then retry."
  cp -- "$BALANCER_DIR/Dockerfile" "$BALANCER_DIR/start.sh" "$ctx/"
  chmod 755 "$ctx/start.sh"
  dk build -q --label "phedds.source-sha256=$hash" -t "$BALANCER_IMAGE" "$ctx" >/dev/null ||
    engine_die 1 "building $BALANCER_IMAGE failed (see above)."
  engine_phase_done "build $BALANCER_IMAGE" "$t"
}

rebuilt_busybox=0
if ((force)) || ! image_exists "$BUSYBOX_IMAGE"; then
  build_busybox
  rebuilt_busybox=1
else
  engine_log "$BUSYBOX_IMAGE exists"
fi

hash=$(web_source_hash)
have=$(dk image inspect -f '{{index .Config.Labels "phedds.source-sha256"}}' "$WEB_IMAGE" 2>/dev/null || true)
if ((force || rebuilt_busybox)) || [[ $have != "$hash" ]]; then
  [[ -z $have || $have == "$hash" ]] || engine_log "$WEB_IMAGE is older than $WEB_DIR: rebuilding"
  build_web "$hash"
else
  engine_log "$WEB_IMAGE exists and is up to date"
fi

if ((balancer)); then
  hash=$(balancer_source_hash)
  have=$(dk image inspect -f '{{index .Config.Labels "phedds.source-sha256"}}' "$BALANCER_IMAGE" 2>/dev/null || true)
  if ((force || rebuilt_busybox)) || [[ $have != "$hash" ]]; then
    [[ -z $have || $have == "$hash" ]] || engine_log "$BALANCER_IMAGE is older than $BALANCER_DIR: rebuilding"
    build_balancer "$hash"
  else
    engine_log "$BALANCER_IMAGE exists and is up to date"
  fi
fi
