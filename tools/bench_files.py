"""The CSV files of the benchmark's city (``manage.py bench``), in the interchange formats:
the areas of a city of Chongqing's size, and officials, reviews, surveys and grievances of
a given number of rows over its communities."""

import csv
import datetime
import io
from collections.abc import Iterable, Sequence

from core import interchange


def city_csv(
    districts: int = 38,
    streets: int = 27,
    communities: int = 11,
    *,
    prefix: str = "B",
    representatives: int = 20,
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(interchange.get_kind("areas").columns)
    for d in range(districts):
        for s in range(streets):
            for c in range(communities):
                writer.writerow(
                    [
                        f"{prefix}{d:02d}",
                        f"{prefix}区县{d:02d}",
                        "yes" if d < 9 else "no",
                        "85" if d == 3 else "",
                        f"{prefix}{d:02d}-{s:02d}",
                        f"{prefix}街道{d:02d}{s:02d}",
                        "street" if s % 4 else "town",
                        f"{prefix}{d:02d}-{s:02d}-{c:02d}",
                        f"{prefix}社区{d:02d}{s:02d}{c:02d}",
                        "community" if s % 4 else "village",
                        representatives + (d + s + c) % 40,
                    ]
                )
    return out.getvalue().encode()


def csv_bytes(kind: str, rows: Iterable[Sequence[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(interchange.get_kind(kind).columns)
    writer.writerows(rows)
    return out.getvalue().encode()


SUMMARY = "居民反映小区夜间有人翻墙盗窃，楼道照明损坏，希望增加巡逻并尽快维修路灯设施"


def grievances_csv(
    communities: Sequence[str], count: int, *, prefix: str = "BENCH", summary: str = SUMMARY
) -> bytes:
    """``count`` grievances spread over the communities, of every disposition, with a
    summary of a usual length (the 90,000 rows of a big file make about 17 MB)."""
    start = datetime.date(2009, 1, 1)
    rows = []
    for i in range(count):
        received = start + datetime.timedelta(days=i % 700)
        later = (received + datetime.timedelta(days=3)).isoformat()
        disposition, department, deadline, resolved, answered = {
            0: ("on_the_spot", "", "", received.isoformat(), received.isoformat()),
            1: ("afterwards", "", "", later, later),
            2: ("referred", "police", (received + datetime.timedelta(days=30)).isoformat(), "", ""),
            3: ("", "", "", "", ""),
        }[i % 4]
        rows.append(
            [
                f"{prefix}-{i:06d}",
                communities[(i * 7) % len(communities)],
                received.isoformat(),
                ("opinion", "complaint", "dispute")[i % 3],
                "yes" if i % 17 == 0 else "no",
                f"{summary}{i}",
                disposition,
                department,
                deadline,
                resolved,
                answered,
            ]
        )
    return csv_bytes("grievances", rows)


ROLES = ("police", "director", "specialist")


def officials_csv(communities: Sequence[str], count: int, *, organisation: str = "") -> bytes:
    """Three officials posted to each community, ``count`` postings in all."""
    return csv_bytes(
        "officials",
        [
            [
                f"OF{i:06d}",
                f"考评对象{i}",
                ROLES[i % 3],
                organisation,
                communities[i // 3],
                "2008-01-01",
                "",
            ]
            for i in range(count)
        ],
    )


def reviews_csv(communities: Sequence[str], count: int, *, satisfied: int = 10) -> bytes:
    """2009 Q3 meetings rating the three officials of ``officials_csv``, ``count`` rows."""
    return csv_bytes(
        "reviews",
        [
            [communities[i // 3], 2009, 3, "2009-08-15", 20, f"OF{i:06d}", 5, satisfied, 3, 1]
            for i in range(count)
        ],
    )


def surveys_csv(streets: Sequence[str], count: int, *, safe: int = 300) -> bytes:
    """Surveys of every street for the years from 2000 on, ``count`` rows."""
    return csv_bytes(
        "surveys",
        [
            [streets[i % len(streets)], 2000 + i // len(streets), safe, 120, 40, 10]
            for i in range(count)
        ],
    )
