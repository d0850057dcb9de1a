# ruff: noqa: S311 - deterministic generated data, not secrets
"""A generated city of Chongqing's size, for ``seed_demo --scale`` and ``make bench``.

Everything is derived from a seed with :class:`random.Random`, so the same arguments give
the same files byte for byte. The files are written in the interchange formats of
DOMAIN.md and go in through the same imports as real data (the set-based paths), so
generating a city also exercises them. Nothing here is used by the ordinary demo.

Sizes (``SIZES``): ``city`` is 38 districts, 1,030 streets, about 11,000 communities with
three officials each; ``tenth`` is a tenth of it (4 districts, 103 streets); ``tiny`` is
for tests.
"""

from __future__ import annotations

import csv
import datetime
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.db import connection

from core import interchange

ROLES = ("director", "police", "specialist")
KINDS = ("opinion", "complaint", "dispute")
STREET_DEPARTMENTS = ("governance", "petitions", "police", "judicial")


@dataclass(frozen=True)
class Size:
    districts: int
    streets: int  # in the whole city
    communities: int  # in the whole city
    grievances: int

    def streets_of(self, district: int) -> int:
        """Streets spread evenly over the districts (the first ones get the remainder)."""
        base, extra = divmod(self.streets, self.districts)
        return base + (1 if district < extra else 0)


SIZES = {
    "city": Size(districts=38, streets=1030, communities=11_000, grievances=100_000),
    "tenth": Size(districts=4, streets=103, communities=1_100, grievances=10_000),
    "tiny": Size(districts=2, streets=4, communities=12, grievances=60),
    "small": Size(districts=3, streets=9, communities=40, grievances=200),
}


@dataclass(frozen=True)
class Community:
    code: str
    street: str
    representatives: int


class City:
    """The areas of a generated city, derived from ``size`` and ``seed``."""

    def __init__(self, size: Size, seed: int = 2010, prefix: str = "C") -> None:
        self.size, self.seed, self.prefix = size, seed, prefix
        rng = random.Random(seed)
        self.districts: list[tuple[str, bool, list[str]]] = []
        self.communities: list[Community] = []
        streets = [(d, s) for d in range(size.districts) for s in range(size.streets_of(d))]
        # each street gets communities // streets, the remainder to the first streets
        base, extra = divmod(size.communities, len(streets))
        street_codes: dict[int, list[str]] = {}
        for index, (d, s) in enumerate(streets):
            code = f"{prefix}{d:02d}-{s:03d}"
            street_codes.setdefault(d, []).append(code)
            for c in range(base + (1 if index < extra else 0)):
                self.communities.append(Community(f"{code}-{c:02d}", code, rng.randint(25, 60)))
        for d in range(size.districts):
            self.districts.append((f"{prefix}{d:02d}", d < 9, street_codes[d]))

    @property
    def streets(self) -> list[str]:
        return [s for _d, _m, streets in self.districts for s in streets]

    def write_areas(self, out: IO[str]) -> int:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(interchange.get_kind("areas").columns)
        by_street: dict[str, list[Community]] = {}
        for c in self.communities:
            by_street.setdefault(c.street, []).append(c)
        rows = 0
        for d, (district, main_urban, streets) in enumerate(self.districts):
            for s, street in enumerate(streets):
                for c in by_street.get(street, []):
                    writer.writerow(
                        [
                            district,
                            f"区县{district}",
                            "yes" if main_urban else "no",
                            "85" if d == 3 else "",
                            street,
                            f"街道{street}",
                            "town" if s % 4 == 3 else "street",
                            c.code,
                            f"社区{c.code}",
                            "village" if s % 4 == 3 else "community",
                            c.representatives,
                        ]
                    )
                    rows += 1
        return rows

    def official_code(self, community: int, role: int) -> str:
        return f"{self.prefix}O{community * 3 + role:06d}"

    def write_officials(self, out: IO[str]) -> int:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(interchange.get_kind("officials").columns)
        rows = 0
        for i, c in enumerate(self.communities):
            for r, role in enumerate(ROLES):
                writer.writerow(
                    [
                        self.official_code(i, r),
                        f"考评对象{i * 3 + r}",
                        role,
                        f"{c.street}派出所" if role == "police" else "",
                        c.code,
                        "2008-01-01",
                        "",
                    ]
                )
                rows += 1
        return rows

    def quarters(self, first_year: int, years: int) -> Iterator[tuple[int, int]]:
        for year in range(first_year, first_year + years):
            for quarter in range(1, 5):
                yield year, quarter

    def write_reviews(self, out: IO[str], *, first_year: int, years: int) -> int:
        """One meeting per community per quarter, each rating its three officials. A
        few officials are rated badly for a stretch, so recommendations open; some
        meetings miss their quorum."""
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(interchange.get_kind("reviews").columns)
        rows = 0
        for year, quarter in self.quarters(first_year, years):
            rng = random.Random(f"{self.seed}-{year}-{quarter}")
            month = 3 * (quarter - 1) + 1
            for i, c in enumerate(self.communities):
                held_on = datetime.date(year, month + rng.randrange(3), rng.randint(1, 28))
                # about one meeting in 40 misses its quorum
                low = 1 if rng.random() < 0.025 else (c.representatives + 1) // 2
                present = rng.randint(low, c.representatives)
                for r in range(3):
                    # officials with (i + r) % 97 == 0 have a bad run in the middle quarters
                    bad = (i + r) % 97 == 0 and quarter in (2, 3)
                    counts = [0, 0, 0, 0]
                    voters = rng.randint(max(present - 3, 0), present)
                    weights = (1, 1, 1, 6) if bad else (5, 4, 2, 1)
                    for _ in range(voters):
                        counts[rng.choices(range(4), weights)[0]] += 1
                    writer.writerow(
                        [
                            c.code,
                            year,
                            quarter,
                            held_on.isoformat(),
                            present,
                            self.official_code(i, r),
                            *counts,
                        ]
                    )
                    rows += 1
        return rows

    def write_surveys(self, out: IO[str], *, first_year: int, years: int) -> int:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(interchange.get_kind("surveys").columns)
        rows = 0
        for year in range(first_year, first_year + years):
            rng = random.Random(f"{self.seed}-survey-{year}")
            for street in self.streets:
                writer.writerow(
                    [
                        street,
                        year,
                        rng.randint(150, 400),
                        rng.randint(50, 150),
                        rng.randint(5, 60),
                        rng.randint(0, 25),
                    ]
                )
                rows += 1
        return rows

    def write_grievances(self, out: IO[str], *, first_year: int, years: int) -> int:
        """``size.grievances`` items over the years, of every disposition, a few still
        open past their deadline."""
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(interchange.get_kind("grievances").columns)
        rng = random.Random(f"{self.seed}-grievances")
        start = datetime.date(first_year, 1, 1)
        days = (datetime.date(first_year + years, 1, 1) - start).days
        for n in range(self.size.grievances):
            c = self.communities[rng.randrange(len(self.communities))]
            received = start + datetime.timedelta(days=rng.randrange(days))
            later = received + datetime.timedelta(days=rng.randint(1, 20))
            deadline = received + datetime.timedelta(days=21)
            roll = rng.random()
            department = resolved = answered = ""
            if roll < 0.7:
                disposition, resolved, answered = "on_the_spot", str(received), str(received)
            elif roll < 0.9:
                disposition, resolved, answered = "afterwards", str(later), str(later)
            else:
                disposition = "referred"
                department = STREET_DEPARTMENTS[n % len(STREET_DEPARTMENTS)]
                if rng.random() < 0.8:
                    resolved = answered = str(later)
            writer.writerow(
                [
                    f"{self.prefix}G{n:07d}",
                    c.code,
                    received.isoformat(),
                    KINDS[n % 3],
                    "yes" if n % 13 == 0 else "no",
                    f"居民反映的第{n}件事：夜间噪音、停车和楼道照明",
                    disposition,
                    department,
                    deadline.isoformat() if disposition == "referred" else "",
                    resolved,
                    answered,
                ]
            )
        return self.size.grievances


def write_files(city: City, folder: Path, *, first_year: int, years: int) -> dict[str, Path]:
    """Every kind of the city as a CSV file in ``folder``, in import order."""
    folder.mkdir(parents=True, exist_ok=True)
    files: dict[str, Path] = {}
    for kind, write in (
        ("areas", lambda f: city.write_areas(f)),
        ("officials", lambda f: city.write_officials(f)),
        ("surveys", lambda f: city.write_surveys(f, first_year=first_year, years=years)),
        ("reviews", lambda f: city.write_reviews(f, first_year=first_year, years=years)),
        ("grievances", lambda f: city.write_grievances(f, first_year=first_year, years=years)),
    ):
        path = folder / f"{kind}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            write(f)
        files[kind] = path
    return files


SCALE_LOGINS = (
    # username, role, district index or None, street (district, street) or None
    ("scale-street", "street_staff", None, (0, 0)),
    ("scale-district", "district_official", 0, None),
    ("scale-city", "city_official", None, None),
)


def seed_logins(city: City, password: str) -> list[str]:
    """One login per reading role in the generated city (for the benchmark and the load
    run): street staff of its first street, an official of its first district, a city
    official. Returns the usernames."""
    from districts.models import District, Street, User

    names = []
    for username, role, district, street in SCALE_LOGINS:
        user, _created = User.objects.update_or_create(
            username=username,
            defaults={
                "role": role,
                "district": District.objects.get(code=city.districts[district][0])
                if district is not None
                else None,
                "street": Street.objects.get(code=city.districts[street[0]][2][street[1]])
                if street is not None
                else None,
                "is_active": True,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        names.append(username)
    return names


def seed(
    size: str,
    *,
    years: int,
    seed: int,
    folder: Path,
    first_year: int = 2009,
    progress: Callable[[str], Callable[[str, int], None] | None] | None = None,
    log: Callable[[str], None] = print,
) -> City:
    """Generate the city's files in ``folder`` and import them, kind by kind, through the
    set-based imports. The years start in ``first_year`` (2009, the demo's time)."""
    import time

    city = City(SIZES[size], seed=seed)
    started = time.monotonic()
    files = write_files(city, folder, first_year=first_year, years=years)
    log(f"generated {', '.join(files)} in {folder} in {time.monotonic() - started:.1f} s")
    for kind, path in files.items():
        started = time.monotonic()
        with path.open("rb") as stream:
            report = interchange.run_import(
                kind, stream, progress=progress(kind) if progress else None
            )
        log(f"{' '.join(report.lines())} ({time.monotonic() - started:.1f} s)")
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        # fresh planner statistics: without them PostgreSQL plans on guesses (a 100,000-row
        # table taken for a few thousand rows) until autovacuum comes by
        started = time.monotonic()
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        log(f"analyzed the tables ({time.monotonic() - started:.1f} s)")
    return city
