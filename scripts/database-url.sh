# shellcheck shell=bash
# Sourced by backup.sh and restore.sh: which PostgreSQL database they work on.
# BACKUP_DATABASE_URL wins over DATABASE_URL, so backups can use their own role (or a
# scratch database for a restore drill) without touching the application's setting.

database_url() {
  local url=${BACKUP_DATABASE_URL:-${DATABASE_URL:-}}
  if [[ -z $url ]]; then
    echo "$1: set DATABASE_URL (or BACKUP_DATABASE_URL) to the PostgreSQL database," >&2
    echo "$1: e.g. DATABASE_URL=postgres://safety:PASSWORD@db.internal:5432/safety" >&2
    exit 2
  fi
  case $url in
    postgres://* | postgresql://*) ;;
    *)
      echo "$1: $(redacted "$url") is not a PostgreSQL URL (postgres://...);" >&2
      echo "$1: pg_dump and pg_restore back up PostgreSQL only." >&2
      exit 2
      ;;
  esac
  printf '%s\n' "$url"
}

# The URL without its password, for messages.
redacted() {
  sed -E 's#^([a-z]+://[^:/@]*):[^@]*@#\1:***@#' <<<"$1"
}

require_tools() {
  local tool
  for tool in "${@:2}"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "$1: $tool is not on PATH; install the PostgreSQL client (apt-get install postgresql-client)" >&2
      exit 2
    fi
  done
}
