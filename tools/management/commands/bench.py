"""Benchmark at Chongqing's real size: 38 districts, ~1,030 streets, ~11,300 communities.

Times the areas import (dry run, first run, idempotent second run), the export, and the
main pages, with their query counts. Run it on an empty scratch database: `make bench`.
"""

import csv
import datetime
import io
import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any, TypeVar

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from core import interchange
from districts.models import Community, Role, Street, User
from tools.bench_files import (
    SUMMARY,
    city_csv,
    grievances_csv,
    officials_csv,
    reviews_csv,
    surveys_csv,
)

T = TypeVar("T")


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

    def upload_limits(self, only: Iterable[str] = ()) -> None:
        """Each kind at the most rows the admin page takes (``Kind.max_upload_rows``),
        imported as a city administrator: first run, then again with every row changed.
        Both must finish well within gunicorn's 30 s."""
        admin, _created = User.objects.get_or_create(
            username="bench-admin", defaults={"role": Role.ADMINISTRATOR, "is_staff": True}
        )
        communities = list(
            Community.objects.filter(code__startswith="B")
            .order_by("code")
            .values_list("code", flat=True)
        )
        streets = list(
            Street.objects.filter(code__startswith="B")
            .order_by("code")
            .values_list("code", flat=True)
        )

        def areas(limit: int, changed: bool) -> bytes:
            data = city_csv(
                districts=limit // (27 * 11) + 1,
                prefix="L",
                representatives=21 if changed else 20,
            )
            return b"\n".join(data.split(b"\n")[: limit + 1]) + b"\n"

        files: dict[str, Callable[[int, bool], bytes]] = {
            "areas": areas,
            "officials": lambda limit, changed: officials_csv(
                communities, limit, organisation="派出所" if changed else ""
            ),
            "reviews": lambda limit, changed: reviews_csv(
                communities, limit, satisfied=11 if changed else 10
            ),
            "surveys": lambda limit, changed: surveys_csv(
                streets, limit, safe=301 if changed else 300
            ),
            "grievances": lambda limit, changed: grievances_csv(
                communities, limit, prefix="LIMIT", summary=SUMMARY + ("。" if changed else "")
            ),
        }
        for name, make in files.items():
            if only and name not in only:
                continue
            limit = interchange.get_kind(name).max_upload_rows
            for changed in (False, True):
                data = make(limit, changed)
                assert interchange.count_rows(data) == limit, name
                report = self.timed(
                    f"admin import {name}, {limit} rows, {'all changed' if changed else 'new'}",
                    partial(interchange.run_import, name, data, user=admin),
                )
                assert report.changed, report.lines()

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--scale",
            choices=["city", "tenth", "small", "tiny"],
            help="the page benchmark on a generated city (tools/scale.py) with years of "
            "meetings; without it, the import and page timings of the areas-only city",
        )
        parser.add_argument("--years", type=int, default=5)
        parser.add_argument("--repeat", type=int, default=20, help="requests per page")
        parser.add_argument("--folder", help="where the generated files go (kept)")
        parser.add_argument("--json", help="also write the results to this JSON file")

    def scale(self, options: dict[str, Any]) -> None:
        import json
        import tempfile
        from pathlib import Path

        from districts.demo import DEMO_PASSWORD
        from evaluations.models import Meeting
        from tools import benchmark, scale

        folder = Path(options["folder"] or tempfile.mkdtemp(prefix="bench-"))
        imports: dict[str, float] = {}
        if not Community.objects.exists():
            started = time.perf_counter()

            def log(line: str) -> None:
                self.stdout.write(line)

            scale.seed(options["scale"], years=options["years"], seed=2010, folder=folder, log=log)
            imports["seed (generate + import everything)"] = time.perf_counter() - started
            for kind in ("reviews", "grievances"):
                started = time.perf_counter()
                with (folder / f"{kind}.csv").open("rb") as stream:
                    report = interchange.run_import(kind, stream)
                assert not report.changed, report.lines()
                imports[f"re-import {kind} unchanged ({report.rows} rows)"] = (
                    time.perf_counter() - started
                )
            for name, seconds in imports.items():
                self.stdout.write(f"{name:<60} {seconds:8.1f} s")
        scale.seed_logins(scale.City(scale.SIZES[options["scale"]], seed=2010), DEMO_PASSWORD)
        last = Meeting.objects.order_by("-year", "-quarter").values_list("year", "quarter").first()
        assert last is not None
        timings = benchmark.run(last[0], last[1], options["repeat"])
        self.stdout.write(
            f"{Community.objects.count()} communities, {Meeting.objects.count()} meetings; "
            f"{options['repeat']} requests per page"
        )
        self.stdout.write(benchmark.table(timings))
        if options["json"]:
            Path(options["json"]).write_text(
                json.dumps(
                    {
                        "size": options["scale"],
                        "communities": Community.objects.count(),
                        "meetings": Meeting.objects.count(),
                        "imports_s": imports,
                        "pages": benchmark.as_json(timings),
                    },
                    indent=2,
                )
            )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["scale"]:
            self.scale(options)
            return
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

        self.upload_limits()
