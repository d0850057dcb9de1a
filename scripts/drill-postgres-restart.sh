#!/usr/bin/env bash
# `make drill`, last step: restart PostgreSQL under signed-in users (scripts/drill/
# postgres_restart.py). It restarts the WHOLE cluster: every other database and test on
# this machine loses its connections for a few seconds. Run it on purpose, never in CI.
# DRILL_DB (a scratch database with the demo city, made on the first run and kept: the next
# runs start in seconds), DRILL_PORT, DRILL_RESTART=0 (the same load without the restart),
# DRILL_RESTART_COMMAND (e.g. systemctl restart postgresql).
set -euo pipefail
cd "$(dirname "$0")/.."
DRILL_DB=${DRILL_DB:-community_safety_drill}
export DRILL_PORT=${DRILL_PORT:-8031}
psql -q -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = '$DRILL_DB'" | grep -q 1 \
  || psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE $DRILL_DB"
export DJANGO_SETTINGS_MODULE=config.settings.production
export DATABASE_URL=postgres://postgres:postgres@127.0.0.1:5432/$DRILL_DB
export SECRET_KEY=${SECRET_KEY:-drill-secret-key-not-for-production-0123456789}
export ALLOWED_HOSTS=127.0.0.1,localhost
export SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false
.venv/bin/python manage.py migrate --noinput -v 0
if [ "$(.venv/bin/python manage.py shell -c 'from districts.models import User; print(User.objects.filter(username="wulidian").exists())' 2>/dev/null | tail -n 1)" != True ]; then
  .venv/bin/python manage.py seed_demo > /dev/null
fi
.venv/bin/python manage.py collectstatic --noinput -v 0
mkdir -p drill-results
# the server's log (each 503 is logged with its cause) goes to a file, not the terminal
.venv/bin/gunicorn config.wsgi --bind 127.0.0.1:$DRILL_PORT --workers 2 \
  > drill-results/gunicorn.log 2>&1 &
server=$!
cleanup() {
  kill "$server" 2>/dev/null || true
  wait "$server" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$DRILL_PORT/accounts/login/" && break; sleep 0.2; done
echo "PostgreSQL restart under load (gunicorn, 2 workers, production settings):"
.venv/bin/python scripts/drill/postgres_restart.py
