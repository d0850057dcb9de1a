#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 for the tests.
# Starts the machine's cluster when it is down; installs and starts one when there is none.
set -euo pipefail
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if command -v pg_isready >/dev/null 2>&1 && ready; then exit 0; fi
if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /etc/postgresql 2>/dev/null)" ]; then
  scripts/ensure-system-packages.sh pg_ctlcluster:postgresql
  fresh=1
fi
version=$(ls /etc/postgresql | sort -V | tail -n 1)
echo "Starting PostgreSQL $version"
pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
for _ in $(seq 1 30); do ready && break; sleep 1; done
if ! ready; then echo "PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1; fi
if [ "${fresh:-0}" = 1 ]; then
  # A new cluster asks for a password over TCP: give the test user the one DATABASE_URL uses.
  runuser -u postgres -- psql -q -c "ALTER USER postgres PASSWORD 'postgres'"
fi
