"""publication/snapshots.py, the promises of a quarter (issue 20, DOMAIN.md "Promises"
rule 5): per community, the promises made at its meeting (owner's name and role, what, due
date) and the verdicts given at it (kept or not, with the meeting's two totals)."""

import datetime

import pytest

from districts.models import Department
from evaluations.promises import services as promise_services
from publication import services
from tests import factories
from tests.evaluations.promises.helpers import meeting, promise
from tests.evaluations.promises.story import promise_story

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(city):
    return factories.PostingFactory(
        community=city.a1[0],
        role="police",
        official=factories.OfficialFactory(code="PP", name="承诺警官"),
    ).official


def community_of(publication, code):
    return next(c for c in publication.snapshot["communities"] if c["code"] == code)


def test_a_quarter_publishes_the_promises_made_at_each_meeting(city, official_a, officer):
    promise_story(city.a1[0], officer, 1, texts={0: "组织夜间巡逻"})
    published = services.publication_publish_quarter(user=official_a, year=2009, quarter=3)
    assert community_of(published, "DA-1-0")["meeting"]["promises"] == [
        {
            "number": 1,
            "owner": {"kind": "official", "name": "承诺警官", "role": "police"},
            "text": "组织夜间巡逻",
            "due_on": "2009-12-31",
        }
    ]


def test_a_quarter_publishes_the_verdicts_with_the_meetings_totals_only(city, official_a, officer):
    promise_story(city.a1[0], officer, 2)
    published = services.publication_publish_quarter(user=official_a, year=2009, quarter=4)
    verdicts = community_of(published, "DA-1-0")["meeting"]["verdicts"]
    assert [(v["made_in"], v["kept"], v["kept_votes"], v["not_kept_votes"]) for v in verdicts] == [
        ("2009 Q3", True, 5, 1),
        ("2009 Q3", False, 1, 5),
    ]
    assert set(verdicts[0]) == {
        "made_in",
        "number",
        "owner",
        "text",
        "kept",
        "kept_votes",
        "not_kept_votes",
    }


def test_a_department_owner_is_published_by_its_area_and_platform(city, official_a, officer):
    from districts.services import platform_create

    platform_create(streets=[city.street_a1], communities=[])
    police = Department.objects.get(street=city.street_a1, key="police")
    q3 = meeting(city.a1[0], officer, 2009, 3)
    promise_services.promise_make(
        meeting=q3, department=police, text="装路灯", due_on=datetime.date(2009, 12, 31)
    )
    published = services.publication_publish_quarter(user=official_a, year=2009, quarter=3)
    (made,) = community_of(published, "DA-1-0")["meeting"]["promises"]
    assert made["owner"] == {"kind": "department", "name": city.street_a1.name, "role": "police"}


def test_a_draft_meetings_promises_are_not_published(city, official_a, officer):
    meeting(city.a1[0], officer, 2009, 2)  # something to publish
    factories.PostingFactory(community=city.a1[1], official=officer)
    promise(meeting(city.a1[1], officer, 2009, 2, submit=False), officer, text="草稿承诺")
    published = services.publication_publish_quarter(user=official_a, year=2009, quarter=2)
    assert "草稿承诺" not in str(published.snapshot)


def test_a_meeting_without_promises_keeps_the_snapshot_it_had_before_promises(
    city, official_a, officer
):
    meeting(city.a1[0], officer, 2009, 2)
    published = services.publication_publish_quarter(user=official_a, year=2009, quarter=2)
    assert not {"promises", "verdicts"} & set(community_of(published, "DA-1-0")["meeting"])
