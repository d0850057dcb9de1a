#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into the PostgreSQL database named by
# BACKUP_DATABASE_URL, else DATABASE_URL. The database must exist and be empty (createdb
# NAME); FORCE=1 restores into a database that is not, dropping the backup's tables
# there first. All or nothing: on any error the database is left as it was.
# Usage: scripts/restore.sh FILE      (make restore BACKUP_FILE=...)
set -euo pipefail
# shellcheck source=scripts/database-url.sh
source "$(dirname "$0")/database-url.sh"

file=${1:?usage: scripts/restore.sh FILE}
require_tools restore pg_restore psql
url=$(database_url restore)
target=$(redacted "$url")

if [[ ! -r $file ]]; then
  echo "restore: cannot read $file." >&2
  exit 1
fi
if ! pg_restore --list "$file" >/dev/null 2>&1; then
  echo "restore: $file is not a backup made by scripts/backup.sh (pg_dump custom format)." >&2
  exit 1
fi
if ! psql --no-psqlrc --quiet --dbname="$url" --command="select 1" >/dev/null; then
  echo "restore: cannot connect to $target; create the database first (createdb NAME)." >&2
  exit 1
fi

objects=$(psql --no-psqlrc --tuples-only --no-align --dbname="$url" --command="
  select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
    and n.nspname not in ('pg_catalog', 'information_schema')
    and n.nspname not like 'pg\_toast%' and n.nspname not like 'pg\_temp%'")
options=(--no-owner --no-privileges --exit-on-error --single-transaction)
if ((objects > 0)); then
  if [[ ${FORCE:-0} != 1 ]]; then
    echo "restore: $target is not empty ($objects tables, views and sequences); nothing was done." >&2
    echo "restore: restore into a new database (createdb NAME), or set FORCE=1 to drop" >&2
    echo "restore: the backup's tables there and replace them with the backup's." >&2
    exit 1
  fi
  echo "restore: FORCE=1: replacing the backup's tables in $target."
  options+=(--clean --if-exists)
fi

echo "restore: restoring $file into $target ..."
pg_restore "${options[@]}" --dbname="$url" "$file"
tables=$(psql --no-psqlrc --tuples-only --no-align --dbname="$url" \
  --command="select count(*) from pg_tables where schemaname = 'public'")
echo "restore: done, $tables tables. If the code is newer than the backup, run: python manage.py migrate"
