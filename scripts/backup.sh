#!/usr/bin/env bash
# Back up the PostgreSQL database to FILE with pg_dump's custom format (compressed; read
# back by scripts/restore.sh). The database is BACKUP_DATABASE_URL, else DATABASE_URL.
# Usage: scripts/backup.sh FILE      (make backup [BACKUP_FILE=...])
set -euo pipefail
# shellcheck source=scripts/database-url.sh
source "$(dirname "$0")/database-url.sh"

file=${1:?usage: scripts/backup.sh FILE}
require_tools backup pg_dump pg_restore
url=$(database_url backup)
if [[ -e $file ]]; then
  echo "backup: $file already exists; choose another name (BACKUP_FILE=...)." >&2
  exit 1
fi

# The dump holds residents' grievances and accounts: readable by its owner only.
umask 077
mkdir -p "$(dirname "$file")"
partial="$file.partial"
trap 'rm -f "$partial"' EXIT

echo "backup: dumping $(redacted "$url") ..."
pg_dump --format=custom --compress=6 --file="$partial" --dbname="$url"
# An archive pg_restore cannot list is no backup: check before calling it one.
entries=$(pg_restore --list "$partial" | { grep -vc '^;' || true; })
mv "$partial" "$file"
trap - EXIT
echo "backup: wrote $file ($(du -h "$file" | cut -f1), $entries entries)."
