#!/bin/bash
# make load: two gunicorn instances (production settings) on two ports, then locust
# headless at each number of users in USERS for DURATION, round robin over both servers.
# The database is LOAD_DATABASE_URL; when it holds no city yet, the generated city of
# LOAD_SIZE (city) with 5 years is seeded into it first (seed_demo --scale, a few minutes).
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${LOAD_DATABASE_URL:?set LOAD_DATABASE_URL to a database seeded with seed_demo --scale}"
WORKERS=${WORKERS:-3}          # per instance: the README's --workers 3
DURATION=${DURATION:-3m}
USERS=${USERS:-"20 50"}
# users arriving per second: people sign in over a few seconds, not all in the same one
SPAWN_RATE=${SPAWN_RATE:-5}
OUT=${OUT:-load-results}
mkdir -p "$OUT"
export DJANGO_SETTINGS_MODULE=config.settings.production
export DATABASE_URL=$LOAD_DATABASE_URL
export SECRET_KEY=${SECRET_KEY:-load-run-secret-key-not-for-production-0123456789}
export ALLOWED_HOSTS=127.0.0.1,localhost
# plain HTTP on the loopback: the TLS of a real deployment is the balancer's
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
.venv/bin/python manage.py migrate --noinput -v 0
if [ "$(.venv/bin/python manage.py shell -c 'from districts.models import Community; print(Community.objects.exists())' 2>/dev/null | tail -n 1)" != True ]; then
  .venv/bin/python manage.py seed_demo --scale "${LOAD_SIZE:-city}" --years 5
fi
.venv/bin/python manage.py collectstatic --noinput -v 0
pids=()
for port in 8001 8002; do
  .venv/bin/gunicorn config.wsgi --bind 127.0.0.1:$port --workers "$WORKERS" \
    --pid "$OUT/gunicorn-$port.pid" --error-logfile "$OUT/gunicorn-$port.log" \
    --control-socket "$OUT/gunicorn-$port.ctl" &
  pids+=($!)
done
trap 'kill "${pids[@]}" 2>/dev/null || true' EXIT
sleep 5
for users in $USERS; do
  LOAD_HOSTS=http://127.0.0.1:8001,http://127.0.0.1:8002 .venv/bin/locust \
    -f scripts/load/locustfile.py --headless -u "$users" -r "$SPAWN_RATE" -t "$DURATION" \
    --csv "$OUT/users-$users" --only-summary 2>&1 | tail -5 || true
  .venv/bin/python scripts/load/table.py "$OUT/users-${users}_stats.csv"
  failures=$(awk -F, '$2=="Aggregated" {print $4}' "$OUT/users-${users}_stats.csv")
  if [ "${failures:-1}" != 0 ]; then echo "load run: $failures failed requests at $users users" >&2; status=1; fi
done
exit "${status:-0}"
