#!/bin/sh
# Entry point of phedds/web: write /www/index.html naming this container
# (hostname, $PHEDDS_NAME, addresses, start time), then serve /www with
# busybox httpd in the foreground. /cgi-bin/whoami answers per request.
set -eu

html() { sed -e 's/&/\&amp;/g' -e 's/</\&lt;/g' -e 's/>/\&gt;/g' -e 's/"/\&quot;/g'; }

host=$(hostname)
name=${PHEDDS_NAME:-}
started=$(date -u '+%Y-%m-%dT%H:%M:%SZ')
addrs=$(ip -o addr show scope global 2>/dev/null | awk '{ sub(/\/.*/, "", $4); printf "%s%s", sep, $4; sep = " " }')

h=$(printf '%s' "$host" | html)
n=$(printf '%s' "$name" | html)
a=$(printf '%s' "$addrs" | html)
cat >/www/index.html <<HTML
<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>phedds-web ${n:-$h}</title></head>
<body>
<h1>Served by <span id="hostname">$h</span></h1>
<dl>
<dt>name</dt><dd id="name">$n</dd>
<dt>addresses</dt><dd id="addresses">$a</dd>
<dt>started</dt><dd id="started">$started</dd>
</dl>
<p>Per request: <a href="/cgi-bin/whoami">/cgi-bin/whoami</a></p>
</body>
</html>
HTML

set +e
httpd -f -v -p 80 -h /www &
pid=$!
# PID 1 ignores SIGTERM unless it handles it: stop httpd and exit promptly.
trap 'kill "$pid" 2>/dev/null; wait "$pid"; exit 0' TERM INT
wait "$pid"
