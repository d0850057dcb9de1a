"""The PostgreSQL restart drill (`make drill`, docs/drills.md): the site served by gunicorn
with production settings, signed-in users clicking, and the database cluster restarted
under them. Measures what the users saw: requests answered during the outage (a 503 page
that says so, never a 500), and that once the database is back every request succeeds
(each gunicorn worker's kept connection replaced: CONN_HEALTH_CHECKS).

Run by scripts/drill-postgres-restart.sh, which prepares the drill database; the
environment names the server (DRILL_PORT) and the restart (DRILL_RESTART_COMMAND;
DRILL_RESTART=0 runs the same load without restarting, to check the harness)."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass

import requests

BASE = f"http://127.0.0.1:{os.environ.get('DRILL_PORT', '8031')}"
PASSWORD = "demo-2010-safe"  # seed_demo's logins
USERS = {
    "wulidian": ["/", "/grievances/", "/reviews/"],
    "jiangbei": ["/", "/grievances/figures/", "/grievances/"],
    "city": ["/", "/rankings/league/"],
}
WARM_UP, AFTER = 5.0, 10.0  # seconds of load before the restart and after it returned
SERVICE_UNAVAILABLE = "The database is unavailable for a moment"


@dataclass
class Hit:
    user: str
    path: str
    start: float
    end: float
    status: int  # 0: no answer (connection refused or timed out)
    said_so: bool  # a 503 that is the project's page, not a proxy's or a traceback


def sign_in(username: str) -> requests.Session:
    session = requests.Session()
    page = session.get(f"{BASE}/accounts/login/", timeout=10).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token, "no CSRF token on the login form"
    response = session.post(
        f"{BASE}/accounts/login/",
        {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token[1]},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302, f"{username} could not sign in"
    return session


def click(
    username: str, paths: list[str], t0: float, hits: list[Hit], stop: threading.Event
) -> None:
    session = sign_in(username)
    n = 0
    while not stop.is_set():
        path = paths[n % len(paths)]
        n += 1
        start = time.monotonic() - t0
        try:
            response = session.get(BASE + path, timeout=30, allow_redirects=False)
            status, said = response.status_code, SERVICE_UNAVAILABLE in response.text
        except requests.RequestException:
            status, said = 0, False
        hits.append(Hit(username, path, start, time.monotonic() - t0, status, said))
        time.sleep(0.05)


def restart() -> tuple[float, float]:
    command = os.environ.get("DRILL_RESTART_COMMAND")
    if not command:
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        command = f"pg_ctlcluster --skip-systemctl-redirect {version} main restart"
    started = time.monotonic()
    if os.environ.get("DRILL_RESTART", "1") != "0":
        subprocess.run(shlex.split(command), check=True)  # noqa: S603
    return started, time.monotonic()


def main() -> int:
    hits: list[Hit] = []
    stop = threading.Event()
    t0 = time.monotonic()
    threads = [
        threading.Thread(target=click, args=(u, p, t0, hits, stop), daemon=True)
        for u, p in USERS.items()
    ]
    for thread in threads:
        thread.start()
    time.sleep(WARM_UP)
    began, returned = (t - t0 for t in restart())
    time.sleep(AFTER)
    stop.set()
    for thread in threads:
        thread.join(timeout=35)

    failed = [h for h in hits if h.status != 200]
    after = [h for h in hits if h.start >= returned]
    summary = {
        "requests": len(hits),
        "ok": sum(h.status == 200 for h in hits),
        "503 saying so": sum(h.status == 503 and h.said_so for h in hits),
        "500": sum(h.status == 500 for h in hits),
        "other failures": sum(h.status not in (200, 503, 500) for h in hits)
        + sum(h.status == 503 and not h.said_so for h in hits),
        "restart took s": round(returned - began, 2),
        "users saw errors for s": round(
            max(h.end for h in failed) - min(h.start for h in failed), 2
        )
        if failed
        else 0,
        "first 200 after the restart began, s": round(
            min(
                (h.end for h in hits if h.status == 200 and h.start > began and h.end > returned),
                default=float("nan"),
            )
            - began,
            2,
        ),
        "requests after the database returned": len(after),
        "failed after the database returned": sum(h.status != 200 for h in after),
    }
    os.makedirs("drill-results", exist_ok=True)
    with open("drill-results/postgres-restart.json", "w") as out:
        json.dump({"summary": summary, "hits": [asdict(h) for h in hits]}, out, indent=1)
    width = max(len(k) for k in summary)
    for key, value in summary.items():
        print(f"  {key:<{width}}  {value}")
    ok = summary["500"] == 0 and summary["other failures"] == 0
    ok = ok and summary["failed after the database returned"] == 0 and len(after) > 0
    print("postgres restart drill:", "PASSED" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
