#!/usr/bin/env bash
# Makes this machine ready for `npm test`: starts Redis and PostgreSQL when they are not answering (and waits for
# both), and installs Debian's Chromium for the dashboard's browser test when it is missing.
set -euo pipefail

redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; }
postgres_up() { pg_isready -q -h 127.0.0.1 -p 5432 >/dev/null 2>&1; }

if ! redis_up; then
  echo "prepare-test-machine: starting redis-server on 127.0.0.1:6379"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
fi
if ! postgres_up; then
  echo "prepare-test-machine: starting PostgreSQL on 127.0.0.1:5432"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
fi

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "prepare-test-machine: installing Debian's chromium for the browser test"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/tmp/sluice-chromium-install.log 2>&1 \
      || echo "prepare-test-machine: chromium install failed (see /tmp/sluice-chromium-install.log); the browser test will skip"
  else
    echo "prepare-test-machine: /usr/bin/chromium is missing and cannot be installed here; the browser test will skip"
  fi
fi

for _ in $(seq 1 60); do
  if redis_up && postgres_up; then exit 0; fi
  sleep 0.5
done
redis_up || echo "prepare-test-machine: Redis did not answer on 127.0.0.1:6379" >&2
postgres_up || echo "prepare-test-machine: PostgreSQL did not answer on 127.0.0.1:5432" >&2
exit 1
