#!/usr/bin/env bash
# `make run`: the web server, the task worker and the scheduler, in one command.
# The worker and the scheduler run in the background; leaving (Ctrl-C, or the server
# stopping) stops them too. Production runs them as services instead (README, "Jobs").
set -euo pipefail
PY=${PY:-.venv/bin/python}
ADDR=${1:-127.0.0.1:8000}
pids=()
stop() {
    trap - EXIT INT TERM
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait "${pids[@]}" 2>/dev/null || true
}
trap stop EXIT
trap 'exit 130' INT TERM
"$PY" manage.py worker --interval 2 --queue-name '*' & pids+=($!)
"$PY" manage.py scheduler --interval 30 & pids+=($!)
"$PY" manage.py runserver "$ADDR"
