#!/usr/bin/env bash
# Starts Redis and PostgreSQL when they are not already answering, then waits until both do.
set -euo pipefail

redis_up() { redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; }
postgres_up() { pg_isready -q -h 127.0.0.1 -p 5432 >/dev/null 2>&1; }

if ! redis_up; then
  echo "ensure-backing-services: starting redis-server on 127.0.0.1:6379"
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
fi
if ! postgres_up; then
  echo "ensure-backing-services: starting PostgreSQL on 127.0.0.1:5432"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start
fi

for _ in $(seq 1 60); do
  if redis_up && postgres_up; then exit 0; fi
  sleep 0.5
done
redis_up || echo "ensure-backing-services: Redis did not answer on 127.0.0.1:6379" >&2
postgres_up || echo "ensure-backing-services: PostgreSQL did not answer on 127.0.0.1:5432" >&2
exit 1
