"""evaluations/services/bulk.py: the set-based write of a reviews file gives exactly what
the per-meeting service gives (meetings, ratings, history, recommendations).

Both paths follow the same plan (services/decide.py) and reconcile the recommendations
the same way (services/reconcile.py), so these compare the two writers end to end: model
saves with their history, against COPY or bulk_create/bulk_update with theirs; and the
recommendations reconciled a meeting at a time, against once for the whole file."""

import io
from collections import defaultdict

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from core import interchange
from evaluations import rules, services
from evaluations.models import Meeting, Rating, Recommendation
from tests import factories
from tools.scale import SIZES, City

pytestmark = pytest.mark.django_db


@pytest.fixture
def tiny_city():
    """The generated ``tiny`` city (12 communities, 3 officials each), imported."""
    city = City(SIZES["tiny"], seed=7, prefix="T")
    for kind, write in (("areas", city.write_areas), ("officials", city.write_officials)):
        out = io.StringIO()
        write(out)
        interchange.run_import(kind, out.getvalue().encode())
    return city


def reviews(city, years=2):
    out = io.StringIO()
    city.write_reviews(out, first_year=2009, years=years)
    return out.getvalue()


def per_meeting(data, user=None):
    """The per-meeting path: :func:`services.meeting_save` for each meeting of the file,
    in file order, as the import did before it wrote in bulk."""
    rows, errors = interchange.read_rows(interchange.get_kind("reviews"), data.encode())
    assert not errors
    groups = defaultdict(list)
    for row in rows:
        groups[(row.data["community_code"], row.data["year"], row.data["quarter"])].append(row)
    from districts.models import Community, Official

    communities = {c.code: c for c in Community.objects.all()}
    officials = dict(Official.objects.values_list("code", "pk"))
    with transaction.atomic():
        for (code, year, quarter), group in groups.items():
            services.meeting_save(
                community=communities[code],
                year=year,
                quarter=quarter,
                held_on=group[0].data["held_on"],
                present=group[0].data["present"],
                submit=True,
                user=user,
                tallies=[
                    services.Tally(
                        officials[r.data["official_code"]], *(r.data[f] for f in rules.COUNT_FIELDS)
                    )
                    for r in group
                ],
            )


def bulk(data, user=None):
    return interchange.run_import("reviews", data.encode(), user=user)


def meeting_key(m):
    return (m.community.code, m.year, m.quarter)


def state():
    """Everything both paths write, by codes (ids differ between the two runs)."""
    meetings = {m.pk: meeting_key(m) for m in Meeting.objects.select_related("community")}
    ratings = {
        r.pk: (*meetings[r.meeting_id], r.official.code)
        for r in Rating.objects.select_related("official")
    }
    return {
        "meetings": sorted(
            (
                meetings[m.pk],
                m.held_on,
                m.roll,
                m.present,
                m.status,
                m.submitted_by_id,
                m.submitted_at is not None,
                m.version,
                m.policy.year,
            )
            for m in Meeting.objects.select_related("policy")
        ),
        "ratings": sorted(
            (ratings[r.pk], r.role, *(getattr(r, f) for f in rules.COUNT_FIELDS))
            for r in Rating.objects.all()
        ),
        "meeting history": sorted(
            (
                meetings[h.id],
                h.history_type,
                h.history_user_id,
                h.history_change_reason,
                h.version,
                h.present,
                h.status,
                h.held_on,
            )
            for h in Meeting.history.all()
        ),
        "rating history": sorted(
            (
                ratings[h.id],
                h.history_type,
                h.history_user_id,
                h.history_change_reason,
                h.role,
                *(getattr(h, f) for f in rules.COUNT_FIELDS),
            )
            for h in Rating.history.all()
        ),
        "recommendations": sorted(
            (
                ratings[r.opened_by_id],
                ratings[r.previous_id],
                r.official.code,
                r.community.code,
                r.role,
                r.addressed_to,
                r.withdrawn_at is None,
                r.version,
            )
            for r in Recommendation.objects.select_related("official", "community")
        ),
        "recommendation history": sorted(
            (
                ratings[h.opened_by_id],
                h.history_type,
                h.history_user_id,
                h.withdrawn_at is None,
                h.version,
            )
            for h in Recommendation.history.all()
        ),
    }


def corrected(data):
    """The same file with corrections: the first bad official's 2009 Q3 becomes good (its
    recommendation is withdrawn), one meeting loses its quorum, another gains a vote."""
    lines = data.splitlines()
    out = [lines[0]]
    for line in lines[1:]:
        cells = line.split(",")
        if cells[1:3] == ["2009", "3"] and cells[5] == "TO000000":
            cells[6:10] = ["9", "1", "0", "0"]
            cells[4] = str(max(int(cells[4]), 10))
        if cells[0].endswith("-01") and cells[1:3] == ["2010", "1"]:
            cells[4] = "1"
            cells[6:10] = ["0", "0", "0", "1"]
        if cells[0].endswith("-02") and cells[1:3] == ["2010", "4"] and cells[9] != "0":
            cells[9] = str(int(cells[9]) - 1)
        out.append(",".join(cells))
    return "\n".join(out) + "\n"


def run_both(steps, user=None):
    """Each path on the same starting data, in a savepoint rolled back after it."""
    results = []
    for path in (per_meeting, bulk):
        with transaction.atomic():
            for data in steps:
                path(data, user)
            results.append(state())
            transaction.set_rollback(True)
    return results


def test_a_new_file_gives_what_the_per_meeting_path_gives(tiny_city):
    user = factories.AdministratorFactory()
    by_meeting, in_bulk = run_both([reviews(tiny_city)], user)
    assert in_bulk["recommendations"], "the file opens recommendations"
    assert by_meeting == in_bulk


def test_corrections_give_what_the_per_meeting_path_gives(tiny_city):
    data = reviews(tiny_city)
    by_meeting, in_bulk = run_both([data, corrected(data)])
    assert any(not r[6] for r in in_bulk["recommendations"]), "a recommendation is withdrawn"
    assert by_meeting == in_bulk


def test_a_draft_submitted_by_the_file_gives_what_the_per_meeting_path_gives(tiny_city):
    data = reviews(tiny_city, years=1)
    first = data.splitlines()[1].split(",")
    from districts.models import Community, Official

    community = Community.objects.get(code=first[0])
    services.meeting_save(
        community=community,
        year=2009,
        quarter=1,
        held_on=community.postings.first().start_date.replace(year=2009, month=2),
        present=3,
        tallies=[services.Tally(Official.objects.get(code=first[5]).pk, 1, 1, 1, 0)],
        submit=False,
    )
    by_meeting, in_bulk = run_both([data])
    assert by_meeting == in_bulk


def test_importing_the_same_file_again_changes_nothing(tiny_city):
    data = reviews(tiny_city)
    bulk(data)
    before = state()
    report = bulk(data)
    assert not report.changed
    assert state() == before


def test_the_bulk_path_takes_the_same_queries_for_a_year_as_for_two_quarters(tiny_city):
    """Its queries grow with the chunks of 2,000 meetings, not with the meetings (both
    files open recommendations)."""
    data = reviews(tiny_city, years=1)
    half = "\n".join(line for line in data.splitlines() if ",2009,2," in line or ",2009,3," in line)
    counts = []
    for file in (data.splitlines()[0] + "\n" + half + "\n", data):
        with transaction.atomic():
            with CaptureQueriesContext(connection) as ctx:
                bulk(file)
            counts.append(len(ctx.captured_queries))
            transaction.set_rollback(True)
    assert counts[0] == counts[1]


@pytest.fixture
def django_path(monkeypatch):
    """The write of other databases (SQLite, the demo's): model instances and
    simple-history's bulk helpers instead of COPY and INSERT ... SELECT."""
    from core import bulksql

    monkeypatch.setattr(bulksql, "available", lambda: False)


def test_the_write_of_other_databases_gives_what_the_per_meeting_path_gives(tiny_city, django_path):
    user = factories.AdministratorFactory()
    data = reviews(tiny_city)
    by_meeting, in_bulk = run_both([data, corrected(data)], user)
    assert by_meeting == in_bulk
