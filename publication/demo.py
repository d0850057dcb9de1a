"""The demo's publications: the 2009 and 2010 rankings, every district's quarters up
to 2010 Q2 and the demo's departments' bulletin (grievances.demo), so the notice board
and the anonymous API show something on first run. Published again on each run only
where what would be published has changed."""

from __future__ import annotations

from districts.models import District, User
from districts.roles import Role
from evaluations.models import Meeting
from grievances.models import Bulletin

from . import preview, snapshots
from .models import Publication
from .services import as_of, publish_bulletin_of, publish_quarter_of, publish_rankings_of

RANKING_YEARS = (2009, 2010)
LAST_QUARTER = (2010, 2)


def _unchanged(snapshot: dict[str, object], **subject: object) -> bool:
    latest = Publication.objects.filter(replaced_by__isnull=True, **subject).first()
    return latest is not None and not latest.is_withdrawn and latest.snapshot == snapshot


def seed(lines: list[str]) -> None:
    city = User.objects.filter(role=Role.CITY_OFFICIAL, is_active=True).order_by("pk").first()
    if city is None:
        return
    officials = {
        u.district_id: u
        for u in User.objects.filter(role=Role.DISTRICT_OFFICIAL, is_active=True).order_by("-pk")
    }
    published = 0
    for year in RANKING_YEARS:
        if not _unchanged(snapshots.rankings_snapshot(year), kind="rankings", year=year):
            publish_rankings_of(year=year, user=city)
            published += 1
    quarters = (
        Meeting.objects.filter(status=Meeting.Status.SUBMITTED)
        .values_list("community__street__district", "year", "quarter")
        .distinct()
        .order_by()
    )
    districts = District.objects.in_bulk()
    for district_id, year, quarter in sorted(set(quarters)):
        if (year, quarter) > LAST_QUARTER:
            continue
        district = districts[district_id]
        snapshot = snapshots.quarter_snapshot(district, year, quarter, as_of(year, quarter))
        if _unchanged(snapshot, kind="quarter", district=district, year=year, quarter=quarter):
            continue
        by = officials.get(district_id, city)
        publish_quarter_of(district=district, year=year, quarter=quarter, user=by)
        published += 1
    for bulletin in Bulletin.objects.select_related("district"):  # grievances.demo's
        snapshot = preview.normal(snapshots.bulletin_snapshot(bulletin))
        subject = {"district": bulletin.district, "year": bulletin.year, "month": bulletin.month}
        if _unchanged(snapshot, kind="bulletin", **subject):
            continue
        by = officials.get(bulletin.district_id, city)
        publish_bulletin_of(bulletin=bulletin, user=by)
        published += 1
    lines.append(f"publications: {published} published")
