"""``make bench-imports``: the import timings of issue 14 on the generated city.

Generates the city's files (``tools.scale``, 11,000 communities, seed 2010, three
years), imports the areas and the officials, then times, each as its own
``manage.py import_csv`` process (so the peak memory is that import's own):
the reviews of the three years (396,000 rows), the same file again unchanged, 50,000
grievances, and those again unchanged. Prints rows per second, seconds and peak memory as
a table, and writes them as JSON. Needs an empty, migrated database.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from tools import scale

# (step, kind, file, target in seconds or None, the step whose half it must stay under).
# Issue 14: 280,000 review rows in under 2 minutes, 50,000 grievances in under 30 s, an
# unchanged file again in under half of that; the reviews' re-import is held to half of
# the first import as measured in the same run.
STEPS = (
    ("areas", "areas", "areas.csv", None, None),
    ("officials", "officials", "officials.csv", None, None),
    ("reviews, 3 years, new", "reviews", "reviews.csv", None, None),
    ("reviews again, unchanged", "reviews", "reviews.csv", None, "reviews, 3 years, new"),
    ("grievances, new", "grievances", "grievances.csv", 30.0, None),
    ("grievances again, unchanged", "grievances", "grievances.csv", 15.0, None),
)
AGAIN_OF = {
    "reviews again, unchanged": "reviews, 3 years, new",
    "grievances again, unchanged": "grievances, new",
}
# issue 14: 280,000 review rows in under 2 minutes
REVIEWS_RATE = 280_000 / 120


class Command(BaseCommand):
    help = "Time the reviews and grievances imports of the generated city (issue 14)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--folder", default="bench-results/city-files")
        parser.add_argument("--json", default="bench-results/imports.json")
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--grievances", type=int, default=50_000)
        parser.add_argument("--seed", type=int, default=2010)
        parser.add_argument("--only-write-files", action="store_true", help=argparse.SUPPRESS)

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(options["folder"])
        folder.mkdir(parents=True, exist_ok=True)
        if options["only_write_files"]:
            city = scale.City(scale.SIZES["city"], seed=options["seed"])
            files = scale.write_files(city, folder, first_year=2009, years=options["years"])
            keep_first_rows(files["grievances"], options["grievances"])
            return
        # The files are written by a process of their own: a child's peak memory counts the
        # parent's size when it was started (Linux keeps the high-water mark across exec),
        # so this process stays small.
        started = time.perf_counter()
        subprocess.run(  # noqa: S603 - this command again
            [
                sys.executable,
                str(Path(settings.BASE_DIR) / "manage.py"),
                "bench_imports",
                "--only-write-files",
                f"--folder={folder}",
                f"--years={options['years']}",
                f"--grievances={options['grievances']}",
                f"--seed={options['seed']}",
            ],
            check=True,
        )
        self.stdout.write(f"city files written in {time.perf_counter() - started:.0f} s: {folder}")
        launcher_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

        results = self.time_imports(folder)
        self.stdout.write(table(results))
        load = os.getloadavg()
        Path(options["json"]).parent.mkdir(parents=True, exist_ok=True)
        Path(options["json"]).write_text(
            json.dumps(
                {
                    "machine": {
                        "cpus": os.cpu_count(),
                        "load_average_at_end": [round(x, 2) for x in load],
                        "python": platform.python_version(),
                        "system": platform.platform(),
                    },
                    "city": {
                        "communities": count_rows(folder / "areas.csv"),
                        "years": options["years"],
                        "seed": options["seed"],
                    },
                    "peak_memory_floor_mb": round(launcher_kb / 1024),
                    "imports": results,
                },
                indent=2,
            )
            + "\n"
        )
        self.stdout.write(
            f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; "
            f"JSON: {options['json']}"
        )

    def time_imports(self, folder: Path) -> list[dict[str, Any]]:
        """Each step of ``STEPS`` as an import of its own process: its rows, time, peak
        memory and target, and whether the target was met."""
        results: list[dict[str, Any]] = []
        for step, kind, name, target, half_of in STEPS:
            path = folder / name
            rows = count_rows(path)
            seconds, peak_kb, failed, output = run(kind, path)
            if failed:
                raise CommandError(f"{step}: the import failed:\n{output}")
            if kind == "reviews" and half_of is None:
                target = rows / REVIEWS_RATE
            if half_of is not None:
                target = next(r["seconds"] for r in results if r["step"] == half_of) / 2
            first = next((r for r in results if r["step"] == AGAIN_OF.get(step)), None)
            results.append(
                {
                    "step": step,
                    "share_of_first": None
                    if first is None
                    else round(seconds / first["seconds"], 2),
                    "rows": rows,
                    "seconds": round(seconds, 1),
                    "rows_per_s": round(rows / seconds),
                    "peak_mb": round(peak_kb / 1024),
                    "target_s": None if target is None else round(target, 1),
                    "met": None if target is None else seconds < target,
                }
            )
            self.stdout.write(f"{step}: {seconds:.1f} s, {peak_kb / 1024:.0f} MB")
        return results


def run(kind: str, path: Path) -> tuple[float, int, bool, str]:
    """Seconds, peak memory (kB, the process's own maximum resident set), whether it
    failed, and the output of ``manage.py import_csv KIND PATH`` in a child process."""
    started = time.perf_counter()
    process = subprocess.Popen(  # noqa: S603 - our own command on our own file
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "import_csv", kind, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    assert process.stdout is not None
    output = process.stdout.read()
    _pid, status, usage = os.wait4(process.pid, 0)  # this child's own rusage
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return seconds, usage.ru_maxrss, process.returncode != 0, output.decode()


def count_rows(path: Path) -> int:
    with path.open("rb") as f:
        return sum(1 for _ in f) - 1


def keep_first_rows(path: Path, rows: int) -> None:
    with path.open(encoding="utf-8") as f:
        kept = list(islice(f, rows + 1))
    path.write_text("".join(kept), encoding="utf-8")


def table(results: list[dict[str, Any]]) -> str:
    lines = [
        "| import | rows | seconds | rows/s | peak memory | of the first import | target | met |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        target = "" if r["target_s"] is None else f"< {r['target_s']} s"
        met = "" if r["met"] is None else ("yes" if r["met"] else "NO")
        share = "" if r["share_of_first"] is None else f"{r['share_of_first']:.0%}"
        lines.append(
            f"| {r['step']} | {r['rows']:,} | {r['seconds']} | {r['rows_per_s']:,} | "
            f"{r['peak_mb']} MB | {share} | {target} | {met} |"
        )
    return "\n".join(lines)
