#!/usr/bin/env bash
# npm run demo: bring up an engine (the one at DOCKER_HOST when it answers, else a private one),
# start the demo application on it (three web containers behind a balancer), build the web app
# when its sources changed, start the console.
#   PHEDDS_LISTEN   where the console listens (default 127.0.0.1:7007). There are no accounts yet:
#                   anyone who can reach this address controls the engine, so keep it on loopback.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

line=$(bash scripts/engine-up.sh | tail -n 1)
case $line in
  DOCKER_HOST=*) export DOCKER_HOST=${line#DOCKER_HOST=} ;;
  *) echo "demo: the engine did not come up (see above)" >&2; exit 1 ;;
esac

bash scripts/demo-app.sh up

# Rebuild the page only when a source file is newer than the last build.
dist=packages/web/dist/index.html
if [ ! -f "$dist" ] || [ -n "$(find packages/web/src packages/web/index.html packages/shared/src -newer "$dist" -print -quit)" ]; then
  echo "demo: building the web app…" >&2
  npm run --silent build >/dev/null
fi

cat >&2 <<TXT

  Demo application (a compose-style project "phedds-demo" on network phedds-demo):
    http://localhost:8080/   a balancer (HAProxy) taking turns over the three web containers
    http://localhost:8081/  http://localhost:8082/  http://localhost:8083/   (each page names its container)
  In the console, switch a quadrant (its ▦ button) to Web preview: the strip shows who answered.
  Try, in another terminal:   export $line
    docker stop phedds-demo-web-2        docker run -d --name hello busybox:local sleep 600
  Stop everything: Ctrl-C here, then  npm run engine:down  (private engine only)

TXT
exec node packages/server/bin/phedds.js --listen "${PHEDDS_LISTEN:-127.0.0.1:7007}"
