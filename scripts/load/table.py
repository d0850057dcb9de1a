"""Print a load run's locust statistics (``--csv PREFIX`` writes PREFIX_stats.csv) as the
Markdown table of docs/scale.md: requests, failures, p50/p95/p99 and throughput per page."""

from __future__ import annotations

import csv
import sys


def table(path: str) -> str:
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    lines = [
        "| page | requests | failures | p50 ms | p95 ms | p99 ms | req/s |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for row in sorted(rows, key=lambda r: (r["Name"] == "Aggregated", r["Name"])):
        name = f"**{row['Name']}**" if row["Name"] == "Aggregated" else row["Name"]
        lines.append(
            f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} "
            f"| {row['95%']} | {row['99%']} | {float(row['Requests/s']):.1f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    for path in sys.argv[1:]:
        print(f"\n{path}\n")
        print(table(path))
