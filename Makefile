# The two commands a newcomer needs: `make run` (demo on SQLite) and `make test` (PostgreSQL).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
ADDR ?= 127.0.0.1:8000
TEST_DATABASE_URL ?= postgres://postgres:postgres@127.0.0.1:5432/community_safety
PYTEST_ARGS ?=

.PHONY: run test test-fast fuzz bench lint format messages compilemessages setup clean backup restore

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip
	$(VENV)/bin/pip install -q ".[dev]"
	touch $@

setup: $(VENV)/.installed

compilemessages: $(VENV)/.installed
	@scripts/ensure-system-packages.sh msgfmt:gettext
	$(PY) manage.py compilemessages --ignore=$(VENV) -v 0

## Serve the demo city on SQLite at http://$(ADDR)/ (logins are printed first), with the
## task worker and the scheduler (escalation, digests; mail printed here).
run: compilemessages
	$(PY) manage.py migrate --noinput -v 0
	$(PY) manage.py seed_demo
	PY=$(PY) scripts/run-demo.sh $(ADDR)

## The full test suite, browser tests included, on PostgreSQL.
test: compilemessages
	@scripts/ensure-system-packages.sh /usr/bin/chromium:chromium /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:fonts-noto-cjk
	@scripts/ensure-postgres.sh
	DATABASE_URL=$(TEST_DATABASE_URL) $(VENV)/bin/pytest $(PYTEST_ARGS)

## Everything but the browser.
test-fast: compilemessages
	@scripts/ensure-postgres.sh
	DATABASE_URL=$(TEST_DATABASE_URL) $(VENV)/bin/pytest -m "not browser" $(PYTEST_ARGS)

## Every hostile input as every role (the suite samples; this takes ~10 minutes).
fuzz: compilemessages
	@scripts/ensure-postgres.sh
	DATABASE_URL=$(TEST_DATABASE_URL) FUZZ_FULL=1 $(VENV)/bin/pytest -q tests/core/test_fuzz.py $(PYTEST_ARGS)

## Time imports and pages at the city's real size on a scratch PostgreSQL database.
BENCH_DATABASE_URL ?= postgres://postgres:postgres@127.0.0.1:5432/community_safety_bench
bench: $(VENV)/.installed
	@scripts/ensure-postgres.sh
	psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS community_safety_bench" -c "CREATE DATABASE community_safety_bench"
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=false ALLOWED_HOSTS=localhost $(PY) manage.py migrate --noinput -v 0
	DATABASE_URL=$(BENCH_DATABASE_URL) DEBUG=false ALLOWED_HOSTS=localhost $(PY) manage.py bench

## Back up the database (BACKUP_DATABASE_URL, else DATABASE_URL) with pg_dump to BACKUP_FILE.
BACKUP_FILE ?= backups/community-safety-$(shell date -u +%Y%m%dT%H%M%SZ).dump
backup:
	scripts/backup.sh "$(BACKUP_FILE)"

## Restore BACKUP_FILE into an empty database (FORCE=1: into one that is not).
restore:
ifeq ($(origin BACKUP_FILE),file)
	@echo "restore: say which backup, e.g. make restore BACKUP_FILE=backups/NAME.dump" >&2
	@ls -1t backups/*.dump 2>/dev/null | head -n 5 | sed 's/^/  /' >&2 || true
	@exit 2
endif
	scripts/restore.sh "$(BACKUP_FILE)"

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## Re-extract the translatable strings into locale/zh_Hans/LC_MESSAGES/django.po
messages: $(VENV)/.installed
	@scripts/ensure-system-packages.sh msgfmt:gettext
	$(PY) manage.py makemessages -l zh_Hans --ignore=$(VENV) --ignore=staticfiles --no-obsolete

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
