#!/usr/bin/env bash
# Start a private OpenLDAP server (slapd) for the LDAP tests and for trying
# directory sign-in, with a few users and groups, and print how to reach it.
#
#   scripts/ldap-up.sh
#
# Everything lives under $PHEDDS_LDAP_DIR (default ${TMPDIR:-/tmp}/phedds-ldap):
# a static slapd.conf, the database, a test CA and server certificate, the
# pid file and the log. slapd listens on 127.0.0.1 only:
#   ldap://127.0.0.1:$PHEDDS_LDAP_PORT   (default 3389; StartTLS offered)
#   ldaps://127.0.0.1:$PHEDDS_LDAPS_PORT (default 3636)
# It never reads or changes /etc/ldap or a system slapd. Debian's slapd and
# ldap-utils are installed with apt-get when missing (root).
#
# Directory (suffix dc=phedds,dc=test; every password is the uid + "-pass-123"):
#   cn=phedds-svc,ou=services  the service account the console binds as
#                              (password svc-pass-123)
#   uid=alice   in cn=phedds-admins      uid=oscar  in cn=phedds-operators
#   uid=vera    in cn=phedds-viewers     uid=nora   in no group
#   uid=olga    in operators and admins
# Groups are groupOfNames under ou=groups; users carry memberOf (overlay).
#
# Running it again while that slapd runs reuses it. The last lines on stdout
# are KEY=VALUE pairs (also written to $PHEDDS_LDAP_DIR/env):
#   LDAP_URL LDAPS_URL LDAP_BASE LDAP_BIND_DN LDAP_BIND_PASSWORD LDAP_CA_FILE
#   LDAP_ROOT_DN LDAP_ROOT_PASSWORD (the directory's own admin, to change it in tests)
# Stop it with scripts/ldap-down.sh.
#
# Exit codes: 0 ready; 1 failure (the message says what to do).
set -euo pipefail

log() { printf '%s [ldap-up] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

case ${1:-} in
  -h | --help)
    sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "${BASH_SOURCE[0]}"
    exit 0
    ;;
  '') ;;
  *) die "unknown argument: $1 (see --help)" ;;
esac

dir=${PHEDDS_LDAP_DIR:-${TMPDIR:-/tmp}/phedds-ldap}
port=${PHEDDS_LDAP_PORT:-3389}
sport=${PHEDDS_LDAPS_PORT:-3636}
suffix=dc=phedds,dc=test
rootdn="cn=admin,$suffix"
rootpw=root-pass-123
svcdn="cn=phedds-svc,ou=services,$suffix"
svcpw=svc-pass-123

slapd_bin() { command -v slapd || { [[ -x /usr/sbin/slapd ]] && echo /usr/sbin/slapd; }; }

install_packages() {
  local need=()
  slapd_bin >/dev/null || need+=(slapd)
  command -v ldapadd >/dev/null || need+=(ldap-utils)
  command -v openssl >/dev/null || need+=(openssl)
  ((${#need[@]})) || return 0
  [[ $(id -u) -eq 0 ]] || die "missing ${need[*]}: install them (apt-get install ${need[*]}) or run this as root"
  log "installing ${need[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-get install -y --no-install-recommends "${need[@]}" >&2; then
    apt-get update >&2 || die "apt-get update failed; check the network and the apt sources"
    apt-get install -y --no-install-recommends "${need[@]}" >&2 || die "could not install ${need[*]}"
  fi
}

print_env() {
  cat >"$dir/env" <<EOF
LDAP_URL=ldap://127.0.0.1:$port
LDAPS_URL=ldaps://127.0.0.1:$sport
LDAP_BASE=$suffix
LDAP_BIND_DN=$svcdn
LDAP_BIND_PASSWORD=$svcpw
LDAP_CA_FILE=$dir/tls/ca.pem
LDAP_ROOT_DN=$rootdn
LDAP_ROOT_PASSWORD=$rootpw
EOF
  log "slapd answers at ldap://127.0.0.1:$port and ldaps://127.0.0.1:$sport (base $suffix); stop it with scripts/ldap-down.sh"
  cat "$dir/env"
}

answers() { ldapsearch -x -H "ldap://127.0.0.1:$port" -D "$svcdn" -w "$svcpw" -b "$suffix" -s base '(objectClass=*)' dn >/dev/null 2>&1; }

our_pid() {
  [[ -f $dir/slapd.pid ]] || return 1
  local pid
  pid=$(<"$dir/slapd.pid")
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$dir/slapd.conf" && echo "$pid"
}

install_packages
mkdir -p "$dir"

if pid=$(our_pid) && answers; then
  log "reusing slapd pid $pid at $dir"
  print_env
  exit 0
fi
if pid=$(our_pid); then
  log "slapd pid $pid at $dir does not answer; restarting it"
  kill "$pid" 2>/dev/null || true
  sleep 0.5
fi

rm -rf "$dir/db" "$dir/tls"
mkdir -p "$dir/db" "$dir/tls"

# A CA and a server certificate for 127.0.0.1, so tests can check that TLS is verified.
openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj '/CN=Phedds test CA' \
  -keyout "$dir/tls/ca.key" -out "$dir/tls/ca.pem" >/dev/null 2>&1 || die "openssl could not make the test CA"
openssl req -newkey rsa:2048 -nodes -subj '/CN=127.0.0.1' -keyout "$dir/tls/server.key" -out "$dir/tls/server.csr" >/dev/null 2>&1
printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$dir/tls/ext.cnf"
openssl x509 -req -in "$dir/tls/server.csr" -CA "$dir/tls/ca.pem" -CAkey "$dir/tls/ca.key" -CAcreateserial -days 30 \
  -extfile "$dir/tls/ext.cnf" -out "$dir/tls/server.pem" >/dev/null 2>&1 || die "openssl could not sign the test certificate"

cat >"$dir/slapd.conf" <<EOF
include /etc/ldap/schema/core.schema
include /etc/ldap/schema/cosine.schema
include /etc/ldap/schema/inetorgperson.schema
include /etc/ldap/schema/nis.schema

pidfile $dir/slapd.pid
argsfile $dir/slapd.args
modulepath /usr/lib/ldap
moduleload back_mdb
moduleload memberof

TLSCACertificateFile $dir/tls/ca.pem
TLSCertificateFile $dir/tls/server.pem
TLSCertificateKeyFile $dir/tls/server.key

# Like Active Directory, accept a bind with a DN and an empty password as an anonymous bind:
# the console must refuse empty passwords itself, and the tests show that it does.
allow bind_anon_dn

database mdb
maxsize 104857600
suffix "$suffix"
rootdn "$rootdn"
rootpw $rootpw
directory $dir/db

overlay memberof
memberof-group-oc groupOfNames
memberof-member-ad member
memberof-memberof-ad memberOf
memberof-refint true

# Passwords: users may bind with theirs; nobody reads them.
access to attrs=userPassword
  by self write
  by anonymous auth
  by * none
# The service account reads the directory; users read their own entry.
access to *
  by dn.exact="$svcdn" read
  by self read
  by * none
EOF

slaptest -f "$dir/slapd.conf" -u >/dev/null 2>&1 || die "slaptest refused $dir/slapd.conf: run slaptest -f $dir/slapd.conf -d 1 to see why"
log "starting slapd on 127.0.0.1:$port and :$sport"
"$(slapd_bin)" -h "ldap://127.0.0.1:$port/ ldaps://127.0.0.1:$sport/" -f "$dir/slapd.conf" >>"$dir/slapd.log" 2>&1 ||
  die "slapd did not start (is port $port or $sport in use? set PHEDDS_LDAP_PORT / PHEDDS_LDAPS_PORT); see $dir/slapd.log"

hash() { slappasswd -h '{SSHA}' -s "$1"; }
user() {
  cat <<EOF
dn: uid=$1,ou=people,$suffix
objectClass: inetOrgPerson
uid: $1
cn: $2
sn: ${2##* }
mail: $1@phedds.test
userPassword: $(hash "$1-pass-123")

EOF
}

for _ in $(seq 1 50); do
  ldapsearch -x -H "ldap://127.0.0.1:$port" -D "$rootdn" -w "$rootpw" -b '' -s base >/dev/null 2>&1 && break
  sleep 0.1
done

{
  cat <<EOF
dn: $suffix
objectClass: dcObject
objectClass: organization
dc: phedds
o: Phedds test directory

dn: ou=people,$suffix
objectClass: organizationalUnit
ou: people

dn: ou=groups,$suffix
objectClass: organizationalUnit
ou: groups

dn: ou=services,$suffix
objectClass: organizationalUnit
ou: services

dn: $svcdn
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: phedds-svc
userPassword: $(hash "$svcpw")

EOF
  user alice 'Alice Admin'
  user oscar 'Oscar Operator'
  user vera 'Vera Viewer'
  user nora 'Nora Nobody'
  user olga 'Olga Both'
  cat <<EOF
dn: cn=phedds-admins,ou=groups,$suffix
objectClass: groupOfNames
cn: phedds-admins
member: uid=alice,ou=people,$suffix
member: uid=olga,ou=people,$suffix

dn: cn=phedds-operators,ou=groups,$suffix
objectClass: groupOfNames
cn: phedds-operators
member: uid=oscar,ou=people,$suffix
member: uid=olga,ou=people,$suffix

dn: cn=phedds-viewers,ou=groups,$suffix
objectClass: groupOfNames
cn: phedds-viewers
member: uid=vera,ou=people,$suffix
EOF
} >"$dir/data.ldif"

ldapadd -x -H "ldap://127.0.0.1:$port" -D "$rootdn" -w "$rootpw" -f "$dir/data.ldif" >>"$dir/slapd.log" 2>&1 ||
  die "loading $dir/data.ldif failed; see $dir/slapd.log"
answers || die "slapd started but the service account cannot search; see $dir/slapd.log"
print_env
