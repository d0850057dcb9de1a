"""The page benchmark at a generated city's size (``bench --scale``, ``make bench``).

Each page or action is requested ``repeat`` times by a user of the role that uses it, after
one warm-up request: the median and the 95th percentile of the times, the query count, and
both times as a ratio to a trivial logged-in page measured in the same run (so a busy
machine shows as a slow trivial page, not as slow pages).
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from api.models import ApiToken
from api.services import token_create, token_revoke
from districts.models import Community, Street, User
from evaluations.models import Meeting, Rating
from evaluations.rules import COUNT_FIELDS
from grievances.models import Grievance
from publication import services as publication_services
from publication.models import Publication


@dataclass
class Timing:
    name: str
    median_ms: float
    p95_ms: float
    queries: int
    median_ratio: float = 0.0
    p95_ratio: float = 0.0


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def measure(name: str, action: Callable[[], Any], repeat: int) -> Timing:
    action()  # warm-up: connection, templates, the first computation of a cached figure
    times: list[float] = []
    queries = 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            action()
            times.append((time.perf_counter() - start) * 1000)
        queries = len(ctx.captured_queries)
    return Timing(name, statistics.median(times), percentile(times, 0.95), queries)


def client_for(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


def get(client: Client, url: str) -> Callable[[], None]:
    def request() -> None:
        response = client.get(url, HTTP_HOST="localhost")
        assert response.status_code == 200, (url, response.status_code)
        if response.streaming:
            b"".join(response.streaming_content)  # type: ignore[attr-defined]

    return request


@transaction.atomic
def publish(year: int, quarter: int, district_user: User, city_user: User) -> None:
    """The year's rankings and the district's quarter on the notice board, unless they
    are already there (the board shows published snapshots only)."""
    assert district_user.district is not None
    if not Publication.objects.filter(
        kind=Publication.Kind.RANKINGS, year=year, replaced_by__isnull=True
    ).exists():
        publication_services.publish_rankings_of(year=year, user=city_user)
    if not Publication.objects.filter(
        kind=Publication.Kind.QUARTER,
        district=district_user.district,
        year=year,
        quarter=quarter,
        replaced_by__isnull=True,
    ).exists():
        publication_services.publish_quarter_of(
            district=district_user.district, year=year, quarter=quarter, user=district_user
        )


def api_get(token: str, url: str) -> Callable[[], None]:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")

    def request() -> None:
        response = client.get(url, HTTP_HOST="localhost")
        assert response.status_code == 200, (url, response.status_code)

    return request


def api_token(city_user: User) -> str:
    """A token of the city official for the API (those of earlier runs revoked first)."""
    for old in ApiToken.objects.filter(user=city_user, name="benchmark", revoked_at__isnull=True):
        token_revoke(user=city_user, token=old)
    _token, token = token_create(user=city_user, name="benchmark")
    return token


def correction(
    street_staff: Client, meeting: Meeting, ratings: list[Rating], edit: str
) -> Callable[[], None]:
    """Submitting the meeting's entry form again with one vote moved between two levels,
    so every request is a real correction."""

    def submit() -> None:
        meeting.refresh_from_db()
        data: dict[str, Any] = {
            "held_on": meeting.held_on.isoformat(),
            "present": meeting.present,
            "asked": "",
            "promised": "",
            "action": "submit",
            "version": meeting.version,
            "reason": "benchmark correction",
        }
        for rating in ratings:
            for field in COUNT_FIELDS:
                data[f"{rating.official_id}-{field}"] = getattr(rating, field)
        # move one vote between two levels, so every request is a real correction
        first = ratings[0].official_id
        vs, s = f"{first}-very_satisfied", f"{first}-satisfied"
        if data[vs] > 0:
            data[vs], data[s] = data[vs] - 1, data[s] + 1
        elif data[s] > 0:
            data[vs], data[s] = data[vs] + 1, data[s] - 1
        ratings[0].very_satisfied, ratings[0].satisfied = data[vs], data[s]
        response = street_staff.post(edit, data, HTTP_HOST="localhost")
        assert response.status_code == 302, (
            edit,
            response.status_code,
            response.context and response.context.get("form") and response.context["form"].errors,
        )

    return submit


def pages(year: int, quarter: int) -> list[tuple[str, Callable[[], None]]]:
    """Every page and action of the benchmark, as (name, action), for the scale logins
    (tools/scale.py)."""
    street_staff, district, city = (
        client_for("scale-street"),
        client_for("scale-district"),
        client_for("scale-city"),
    )
    staff = User.objects.get(username="scale-street")
    district_user = User.objects.get(username="scale-district")
    city_user = User.objects.get(username="scale-city")
    assert staff.street is not None and district_user.district is not None
    publish(year, quarter, district_user, city_user)
    token = api_token(city_user)
    street: Street = staff.street
    community = Community.objects.filter(street=street).order_by("code").first()
    assert community is not None
    meeting = Meeting.objects.get(community=community, year=year, quarter=quarter)
    ratings = list(meeting.ratings.order_by("official_id"))
    edit = f"/reviews/communities/{community.code}/{year}/{quarter}/"
    # the meeting page shows another meeting than the one "submit" corrects, so its
    # history does not grow with every run of the benchmark
    shown = (
        Meeting.objects.filter(community__street=street, year=year, quarter=quarter)
        .exclude(pk=meeting.pk)
        .order_by("community__code")
        .first()
    ) or meeting

    submit = correction(street_staff, meeting, ratings, edit)

    def rankings_command() -> None:
        call_command("rankings", str(year), "--level", "street", stdout=io.StringIO())

    d = district_user.district.code
    deep = max(1, Grievance.objects.count() // 200)
    period = f"from={year}-01-01&to={year}-12-31"
    return [
        ("trivial page (password form)", get(street_staff, "/accounts/password/")),
        ("home: street staff", get(street_staff, "/")),
        ("home: district official", get(district, "/")),
        ("home: city official", get(city, "/")),
        ("city ranking", get(city, f"/rankings/?year={year}")),
        (
            "district's street ranking + chart",
            get(district, f"/rankings/districts/{d}/?year={year}"),
        ),
        ("quarter board", get(street_staff, f"/reviews/?year={year}&quarter={quarter}")),
        ("meeting page", get(street_staff, f"/reviews/meetings/{shown.pk}/")),
        ("meeting entry form", get(street_staff, edit)),
        ("submit a meeting (correction)", submit),
        ("grievance list, filtered", get(district, "/grievances/?status=open&kind=complaint")),
        # a quarter deep into the whole city's list: page 500 of 2,000 at full size
        ("grievance list, page 500 (1/4 deep)", get(city, f"/grievances/?page={deep}")),
        ("grievance figures of the city", get(city, f"/grievances/figures/?{period}")),
        # issue 25: the city's departments' record (every department of the city, the total)
        ("departments' record of the city", get(city, f"/grievances/departments/?{period}")),
        (
            "department record XLSX, a district",
            get(district, f"/grievances/departments/?district={d}&{period}&_export=xlsx"),
        ),
        # issue 20: the city's promise figures by district
        ("promise figures of the city", get(city, f"/reviews/promises/figures/?year={year}")),
        ("ranking XLSX", get(city, f"/rankings/?year={year}&_export=xlsx")),
        ("community league", get(city, f"/rankings/league/?year={year}&quarter={quarter}")),
        ("rankings YEAR --level street (command)", rankings_command),
        ("notice board", get(Client(), "/notice/")),
        (
            "notice board: a district's quarter",
            get(Client(), f"/notice/districts/{d}/{year}/{quarter}/"),
        ),
        ("API rankings, streets", api_get(token, f"/api/v1/rankings/?year={year}&level=street")),
    ]


def run(year: int, quarter: int, repeat: int) -> list[Timing]:
    timings = [measure(name, action, repeat) for name, action in pages(year, quarter)]
    trivial = timings[0]
    for t in timings:
        t.median_ratio = t.median_ms / trivial.median_ms
        t.p95_ratio = t.p95_ms / trivial.median_ms
    return timings


def table(timings: list[Timing]) -> str:
    lines = [
        f"| {'page':<42} | median ms | p95 ms | queries | median x trivial | p95 x trivial |",
        f"|{'-' * 44}|----------:|-------:|--------:|-----------------:|--------------:|",
    ]
    for t in timings:
        lines.append(
            f"| {t.name:<42} | {t.median_ms:9.1f} | {t.p95_ms:6.1f} | {t.queries:7d} "
            f"| {t.median_ratio:16.1f} | {t.p95_ratio:13.1f} |"
        )
    return "\n".join(lines)


def as_json(timings: list[Timing]) -> list[dict[str, Any]]:
    return [asdict(t) for t in timings]
