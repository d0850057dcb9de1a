# The two commands a newcomer needs: `make run` (demo on SQLite) and `make test` (PostgreSQL).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
ADDR ?= 127.0.0.1:8000
TEST_DATABASE_URL ?= postgres://postgres:postgres@127.0.0.1:5432/community_safety
PYTEST_ARGS ?=
# pytest-xdist workers: one per CPU core (`auto`: 2 on a 2-core machine). Each worker has its
# own test database (pytest-django adds _gw0, _gw1 ... to its name). TEST_WORKERS=0: serial.
TEST_WORKERS ?= auto

.PHONY: run test test-fast fuzz drill drill-faults drill-restart bench bench-imports bench-uploads load lint format messages compilemessages setup clean backup restore

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

## The full test suite, browser tests included, on PostgreSQL, in parallel (TEST_WORKERS).
test: compilemessages
	@scripts/ensure-system-packages.sh /usr/bin/chromium:chromium /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:fonts-noto-cjk
	@scripts/ensure-postgres.sh
	DATABASE_URL=$(TEST_DATABASE_URL) $(VENV)/bin/pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

## Everything but the browser.
test-fast: compilemessages
	@scripts/ensure-postgres.sh
	DATABASE_URL=$(TEST_DATABASE_URL) $(VENV)/bin/pytest -n $(TEST_WORKERS) -m "not browser" $(PYTEST_ARGS)

## Every hostile input as every role (the suite samples; this takes ~10 minutes).
fuzz: compilemessages
	@scripts/ensure-postgres.sh
	DATABASE_URL=$(TEST_DATABASE_URL) FUZZ_FULL=1 $(VENV)/bin/pytest -n $(TEST_WORKERS) -q tests/core/fuzz $(PYTEST_ARGS)

## The fault drills (docs/drills.md): a worker killed (SIGKILL) mid-import and mid-escalation,
## the upload disk full, the mail server refusing, the database unreachable (the tests,
## `make drill-faults`, about 3 minutes); then PostgreSQL restarted under signed-in users
## (`make drill-restart`, on DRILL_DB: it restarts the whole cluster, every other database
## on the machine included, so it is run on purpose, never by `make test` or CI).
DRILL_TESTS ?= tests/core/test_worker.py tests/grievances/services/test_escalation_worker_killed.py \
  tests/core/test_uploadhandlers.py tests/dashboard/test_tasks.py tests/core/test_errors.py
DRILL_DB ?= community_safety_drill
drill: drill-faults drill-restart

drill-faults: compilemessages
	@scripts/ensure-postgres.sh
	DATABASE_URL=$(TEST_DATABASE_URL) $(VENV)/bin/pytest -n 0 -q -s -p no:randomly -k "not demo_city" $(DRILL_TESTS)

drill-restart: compilemessages
	@scripts/ensure-postgres.sh
	DRILL_DB=$(DRILL_DB) scripts/drill-postgres-restart.sh

## The page benchmark (docs/scale.md) on generated cities of 1/10 and full size with
## BENCH_YEARS years, each in a scratch PostgreSQL database; tables, and JSON in bench-results/.
## `make bench-imports`: the import timings of issue 14 (docs/scale.md, "Imports") on the
## generated city's files; `make bench-uploads`: the older import and upload-limit timings.
BENCH_DB ?= postgres://postgres:postgres@127.0.0.1:5432
BENCH_SIZES ?= tenth city
BENCH_YEARS ?= 5
BENCH_REPEAT ?= 20
bench: $(VENV)/.installed
	@scripts/ensure-postgres.sh
	mkdir -p bench-results
	for size in $(BENCH_SIZES); do \
	  psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS community_safety_bench_$$size" -c "CREATE DATABASE community_safety_bench_$$size" && \
	  DATABASE_URL=$(BENCH_DB)/community_safety_bench_$$size DEBUG=false ALLOWED_HOSTS=localhost $(PY) manage.py migrate --noinput -v 0 && \
	  DATABASE_URL=$(BENCH_DB)/community_safety_bench_$$size DEBUG=false ALLOWED_HOSTS=localhost $(PY) manage.py bench --scale $$size --years $(BENCH_YEARS) --repeat $(BENCH_REPEAT) --json bench-results/$$size.json || exit 1; \
	done

BENCH_IMPORTS_DB ?= community_safety_bench_imports
bench-imports: $(VENV)/.installed
	@scripts/ensure-postgres.sh
	mkdir -p bench-results
	psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS $(BENCH_IMPORTS_DB)" -c "CREATE DATABASE $(BENCH_IMPORTS_DB)"
	DATABASE_URL=$(BENCH_DB)/$(BENCH_IMPORTS_DB) DEBUG=false ALLOWED_HOSTS=localhost $(PY) manage.py migrate --noinput -v 0
	DATABASE_URL=$(BENCH_DB)/$(BENCH_IMPORTS_DB) DEBUG=false ALLOWED_HOSTS=localhost $(PY) manage.py bench_imports --json bench-results/imports.json

bench-uploads: $(VENV)/.installed
	@scripts/ensure-postgres.sh
	psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS community_safety_bench" -c "CREATE DATABASE community_safety_bench"
	DATABASE_URL=$(BENCH_DB)/community_safety_bench DEBUG=false ALLOWED_HOSTS=localhost $(PY) manage.py migrate --noinput -v 0
	DATABASE_URL=$(BENCH_DB)/community_safety_bench DEBUG=false ALLOWED_HOSTS=localhost $(PY) manage.py bench

## The load run (README, "Load run"): two gunicorn instances with production settings and
## locust at 20 and 50 users for DURATION each, on the database `make bench` made of SIZE.
LOAD_SIZE ?= city
DURATION ?= 3m
load: $(VENV)/.installed
	@scripts/ensure-postgres.sh
	psql -q -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname = 'community_safety_bench_$(LOAD_SIZE)'" | grep -q 1 || psql -q -h 127.0.0.1 -U postgres -c "CREATE DATABASE community_safety_bench_$(LOAD_SIZE)"
	LOAD_DATABASE_URL=$(BENCH_DB)/community_safety_bench_$(LOAD_SIZE) LOAD_SIZE=$(LOAD_SIZE) DURATION=$(DURATION) scripts/load/run.sh

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
	$(PY) manage.py makemessages -l zh_Hans --ignore=$(VENV) --ignore=staticfiles --ignore=tests --no-obsolete

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
