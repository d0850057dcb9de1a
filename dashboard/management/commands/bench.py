"""Benchmark at Chongqing's real size: 38 districts, ~1,030 streets, ~11,300 communities.

Times the areas import (dry run, first run, idempotent second run), the export, and the
main pages, with their query counts. Run it on an empty scratch database: `make bench`.
"""

import csv
import io
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core import interchange
from districts.models import Community, Role, Street, User

T = TypeVar("T")


def city_csv(districts: int = 38, streets: int = 27, communities: int = 11) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(interchange.get_kind("areas").columns)
    for d in range(districts):
        for s in range(streets):
            for c in range(communities):
                writer.writerow(
                    [
                        f"B{d:02d}",
                        f"区县{d:02d}",
                        "yes" if d < 9 else "no",
                        "85" if d == 3 else "",
                        f"B{d:02d}-{s:02d}",
                        f"街道{d:02d}{s:02d}",
                        "street" if s % 4 else "town",
                        f"B{d:02d}-{s:02d}-{c:02d}",
                        f"社区{d:02d}{s:02d}{c:02d}",
                        "community" if s % 4 else "village",
                        20 + (d + s + c) % 40,
                    ]
                )
    return out.getvalue().encode()


class Command(BaseCommand):
    help = "Time imports, exports and pages at the city's real size (needs an empty database)."

    def timed(self, label: str, fn: Callable[[], T], repeat: int = 1) -> T:
        timings: list[float] = []
        for _ in range(repeat):
            start = time.perf_counter()
            result = fn()
            timings.append(time.perf_counter() - start)
        self.stdout.write(f"{label:<48} {min(timings) * 1000:>10.1f} ms")
        return result

    def grievances(self, total: int = 100_000, imported: int = 10_000) -> None:
        """100,000 grievances across the city: 10,000 through the CSV import (timed), the
        rest bulk-inserted so the pages have a city's worth of rows."""
        communities = list(Community.objects.values_list("pk", "code").order_by("code"))
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(interchange.get_kind("grievances").columns)
        for i in range(imported):
            _pk, code = communities[i % len(communities)]
            writer.writerow(
                [
                    f"BENCH-{i:06d}",
                    code,
                    "2009-03-01",
                    "complaint",
                    "no",
                    "夜间噪音扰民",
                    "on_the_spot",
                    "",
                    "",
                    "2009-03-01",
                    "2009-03-02",
                ]
            )
        self.timed(
            f"import grievances ({imported} rows)",
            lambda: interchange.run_import("grievances", out.getvalue().encode()),
        )
        import datetime

        from grievances.models import Grievance

        kinds = ["opinion", "complaint", "dispute"]
        batch = []
        start = datetime.date(2009, 1, 1)
        for i in range(imported, total):
            pk, _code = communities[(i * 7) % len(communities)]
            received = start + datetime.timedelta(days=i % 700)
            open_item = i % 9 == 0
            batch.append(
                Grievance(
                    reference=f"BENCH-{i:06d}",
                    community_id=pk,
                    kind=kinds[i % 3],
                    key_dispute=i % 17 == 0,
                    summary=("噪音" if i % 5 == 0 else "停车") + str(i),
                    received_on=received,
                    disposition="" if open_item else "afterwards",
                    resolved_on=None if open_item else received + datetime.timedelta(days=3),
                    answered_on=None if open_item else received + datetime.timedelta(days=4),
                )
            )
        start_time = time.perf_counter()
        Grievance.objects.bulk_create(batch, batch_size=5000)
        self.stdout.write(
            f"{'bulk insert of the other grievances':<48} "
            f"{(time.perf_counter() - start_time) * 1000:>10.1f} ms"
        )

    def surveys_and_rankings(self) -> None:
        """Surveys for every street, then the whole city's assessment, timed."""
        from evaluations.models import Survey
        from rankings.assessment import assess

        streets = list(Street.objects.values_list("pk", flat=True))
        Survey.objects.bulk_create(
            [
                Survey(
                    street_id=pk,
                    year=2009,
                    safe=300 + pk % 90,
                    fairly_safe=120,
                    not_very_safe=40 + pk % 13,
                    unsafe=10,
                )
                for pk in streets
            ],
            batch_size=2000,
        )
        self.timed("assess 2009, 38 districts", lambda: assess(2009, "district"), repeat=3)
        self.timed("assess 2009, 1,026 streets", lambda: assess(2009, "street"), repeat=3)
        out = io.StringIO()
        self.timed(
            "rankings 2009 --level street (CSV)",
            lambda: call_command("rankings", "2009", "--level", "street", stdout=out),
            repeat=3,
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if Community.objects.exists():
            raise CommandError("bench needs an empty database (make bench makes one).")
        data = city_csv()
        rows = data.count(b"\n") - 1
        self.stdout.write(f"database: {connection.vendor}; areas file: {rows} rows")
        self.timed(
            "import areas --dry-run", lambda: interchange.run_import("areas", data, dry_run=True)
        )
        self.timed("import areas (first run)", lambda: interchange.run_import("areas", data))
        self.timed("import areas again (idempotent)", lambda: interchange.run_import("areas", data))
        self.timed("export areas", lambda: interchange.write_csv("areas", io.StringIO()))

        self.grievances()
        self.surveys_and_rankings()

        user = User.objects.create(username="bench-city", role=Role.CITY_OFFICIAL)
        client = Client()
        client.force_login(user)
        for url in [
            "/",
            "/areas/districts/",
            "/areas/streets/",
            "/areas/communities/",
            "/areas/communities/?q=社区0101",
            "/areas/districts/B03/",
            "/areas/streets/B03-01/",
            "/grievances/",
            "/grievances/?status=open&kind=complaint",
            "/grievances/?q=噪音",
            "/grievances/?page=1500",
            "/grievances/figures/?from=2009-01-01&to=2010-12-31",
            "/grievances/figures/?district=B03&from=2009-01-01&to=2010-12-31",
            "/rankings/?year=2009",
            "/rankings/districts/B03/?year=2009",
            "/rankings/league/?year=2009&quarter=1",
        ]:

            def get(url: str = url) -> int:
                with CaptureQueriesContext(connection) as ctx:
                    response = client.get(url, HTTP_HOST="localhost")
                assert response.status_code == 200, (url, response.status_code)
                return len(ctx.captured_queries)

            count = self.timed(f"GET {url}", get, repeat=5)
            self.stdout.write(f"{'':<48} {count:>7} queries")
