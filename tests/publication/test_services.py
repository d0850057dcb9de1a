"""Publishing and withdrawing (publication/services.py): recorded acts that freeze what
the public sees."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from evaluations.models import Rating
from publication import selectors, services, snapshots
from publication.models import Publication

from .helpers import review

pytestmark = pytest.mark.django_db


def test_a_district_official_publishes_a_quarter_of_their_district_recording_who_and_when(
    area_a, official_a
):
    before = timezone.now()
    publication = services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    assert publication.published_by == official_a
    assert publication.published_at >= before
    assert publication.district == official_a.district
    assert list(selectors.current()) == [publication]


def test_the_snapshot_holds_names_roles_levels_and_present_but_no_votes_or_summaries(
    area_a, official_a
):
    snapshot = services.publication_publish_quarter(user=official_a, year=2009, quarter=1).snapshot
    community = next(c for c in snapshot["communities"] if c["code"] == area_a.community.code)
    assert community["meeting"]["present"] == area_a.community.representatives
    assert community["meeting"]["officials"] == [
        {"code": "OF-A", "name": "公示警官A", "role": "police", "level": "very_satisfied"}
    ]
    assert community["grievances"]["total"] == 2
    text = str(snapshot)
    assert "秘密意见" not in text
    assert not {"satisfied", "unsatisfied", "votes", "score"} & set(
        community["meeting"]["officials"][0]
    )


def test_a_draft_meeting_is_not_published(area_a, official_a):
    snapshot = snapshots.quarter_snapshot(official_a.district, 2009, 3, datetime.date(2009, 9, 30))
    community = next(c for c in snapshot["communities"] if c["code"] == area_a.community.code)
    assert community["meeting"] is None


def test_a_quarter_without_any_submitted_meeting_is_refused_and_nothing_is_published(
    area_a, official_a
):
    with pytest.raises(ValidationError) as refused:
        services.publication_publish_quarter(user=official_a, year=2009, quarter=3)
    assert "no results to publish" in refused.value.message_dict["quarter"][0]
    assert not Publication.objects.exists()


def test_a_year_without_any_figure_is_refused_and_nothing_is_published(area_a, city_official):
    with pytest.raises(ValidationError) as refused:
        services.publication_publish_rankings(user=city_official, year=2005)
    assert "nothing to rank" in refused.value.message_dict["year"][0]
    assert not Publication.objects.exists()


def test_a_confirmation_publishes_what_was_previewed(area_a, official_a):
    shown = services.publication_preview_quarter(user=official_a, year=2009, quarter=1)
    publication = services.publication_publish_quarter(
        user=official_a, year=2009, quarter=1, digest=shown.digest
    )
    assert publication.snapshot == shown.snapshot


def test_a_confirmation_after_the_data_changed_is_refused_and_nothing_is_published(
    area_a, official_a
):
    shown = services.publication_preview_quarter(user=official_a, year=2009, quarter=1)
    review(area_a.community, area_a.official, 2009, 1, (0, 0, 0, 10))
    with pytest.raises(services.DataChanged):
        services.publication_publish_quarter(
            user=official_a, year=2009, quarter=1, digest=shown.digest
        )
    assert not Publication.objects.exists()


def test_a_later_correction_stays_out_of_the_publication_until_published_again(area_a, official_a):
    first = services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    review(area_a.community, area_a.official, 2009, 1, (0, 0, 0, 10))
    assert Rating.objects.get(meeting__quarter=1, meeting__year=2009).unsatisfied == 10
    assert selectors.current().get() == first
    officials = first.snapshot["communities"][0]["meeting"]["officials"]
    assert officials[0]["level"] == "very_satisfied"

    second = services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    assert selectors.current().get() == second
    assert second.replaces == first and second.corrected
    assert second.first_published_at == first.published_at
    assert second.snapshot["communities"][0]["meeting"]["officials"][0]["level"] == "unsatisfied"


def test_publishing_again_without_a_change_is_not_a_correction(area_a, official_a):
    services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    again = services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    assert not again.corrected


def test_withdrawing_records_who_and_when_and_takes_the_subject_off_the_board(area_a, official_a):
    publication = services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    services.publication_withdraw(user=official_a, publication=publication)
    publication.refresh_from_db()
    assert publication.withdrawn_by == official_a and publication.withdrawn_at
    assert not selectors.current().exists()


def test_only_the_current_publication_can_be_withdrawn(area_a, official_a):
    first = services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    with pytest.raises(ValidationError):
        services.publication_withdraw(user=official_a, publication=first)


@pytest.mark.parametrize("role", ["staff_a1", "city_official", "admin_a", "official_b"])
def test_only_the_districts_own_official_publishes_or_withdraws_its_quarter(
    request, area_a, official_a, role
):
    user = request.getfixturevalue(role)
    publication = services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    if role != "official_b":
        with pytest.raises(PermissionDenied):
            services.publication_publish_quarter(user=user, year=2009, quarter=1)
    with pytest.raises(PermissionDenied):
        services.publication_withdraw(user=user, publication=publication)
    assert selectors.current().get() == publication


@pytest.mark.parametrize("role", ["staff_a1", "official_a", "admin_a"])
def test_only_city_officials_publish_the_rankings(request, area_a, role):
    with pytest.raises(PermissionDenied):
        services.publication_publish_rankings(user=request.getfixturevalue(role), year=2009)
    assert not Publication.objects.exists()


def test_the_rankings_snapshot_holds_the_commands_rows_of_both_levels(
    area_a, area_b, city_official
):
    snapshot = services.publication_publish_rankings(user=city_official, year=2009).snapshot
    assert sorted(r["code"] for r in snapshot["districts"]) == ["DA", "DB"]
    assert {r["code"] for r in snapshot["streets"]} >= {"DA-1", "DB-1"}
    assert all(r["district_code"] for r in snapshot["streets"])


def test_a_quarter_that_has_not_begun_cannot_be_published(official_a):
    next_year = timezone.localdate().year + 1
    with pytest.raises(ValidationError):
        services.publication_publish_quarter(user=official_a, year=next_year, quarter=1)


def test_a_past_quarters_overdue_items_are_counted_on_its_last_day():
    assert services.as_of(2009, 1) == datetime.date(2009, 3, 31)
