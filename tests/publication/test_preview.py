"""What a publication would show before it is made (publication/preview.py): the warnings
about an incomplete period and the periods offered by default."""

import datetime

import pytest
from django.utils import timezone

from evaluations import services as review_services
from evaluations.rules import quarter_bounds, quarter_of
from publication import preview

pytestmark = pytest.mark.django_db


def test_communities_without_a_meeting_are_counted_out_of_all_of_the_district(area_a, official_a):
    shown = preview.quarter_preview(official_a.district, 2009, 1, datetime.date(2010, 1, 5))
    # district A has 5 communities; area_a reviewed one of them
    assert any("4 of 5 communities" in w for w in shown.warnings)


def test_a_past_quarter_is_not_said_to_be_under_way(area_a, official_a):
    shown = preview.quarter_preview(official_a.district, 2009, 1, datetime.date(2010, 1, 5))
    assert not any("still under way" in w for w in shown.warnings)


def test_a_quarter_still_under_way_is_warned_about(area_a, official_a):
    today = timezone.localdate()
    year, quarter = quarter_of(today)
    review_services.meeting_save(
        community=area_a.community,
        year=year,
        quarter=quarter,
        held_on=quarter_bounds(year, quarter)[0],
        present=area_a.community.representatives,
        tallies=[review_services.Tally(area_a.official.pk, 5, 0, 0, 0)],
        submit=True,
    )
    shown = preview.quarter_preview(official_a.district, year, quarter, today)
    assert any("still under way" in w for w in shown.warnings)


def test_a_draft_of_the_quarter_is_warned_about(area_a, official_a):
    review_services.meeting_save(
        community=official_a.district.streets.get(code="DA-2").communities.first(),
        year=2009,
        quarter=1,
        held_on=datetime.date(2009, 2, 2),
        present=20,
        tallies=[],
        submit=False,
    )
    shown = preview.quarter_preview(official_a.district, 2009, 1, datetime.date(2010, 1, 5))
    assert any("1 meeting of the quarter is a draft" in w for w in shown.warnings)


def test_a_year_without_surveys_is_warned_about(area_a, city_official):
    from evaluations.models import Survey

    Survey.objects.all().delete()
    shown = preview.rankings_preview(2009, datetime.date(2010, 1, 5))
    assert any("No safety survey" in w for w in shown.warnings)
    assert any("districts have incomplete data" in w for w in shown.warnings)


def test_a_year_not_over_is_warned_about(area_a):
    shown = preview.rankings_preview(2009, datetime.date(2009, 11, 5))
    assert any("not over yet" in w for w in shown.warnings)


def test_the_default_quarter_is_the_last_complete_one_with_a_submitted_meeting(
    area_a, area_b, official_a
):
    # area_a: submitted meetings in 2009 Q1 and Q2, a draft in Q3
    assert preview.default_quarter(official_a.district, datetime.date(2012, 5, 1)) == (2009, 2)
    # the quarter under way is never the default, even with a meeting
    assert preview.default_quarter(official_a.district, datetime.date(2009, 5, 1)) == (2009, 1)


def test_the_default_quarter_without_any_meeting_is_the_last_complete_one(official_a):
    assert preview.default_quarter(official_a.district, datetime.date(2012, 1, 5)) == (2011, 4)


def test_the_default_year_is_the_last_complete_one_with_data(area_a):
    assert preview.default_year(datetime.date(2012, 5, 1)) == 2009
    assert preview.default_year(datetime.date(2009, 5, 1)) == 2009  # only the running one


def test_the_digest_changes_with_what_the_public_would_see(area_a, official_a):
    day = datetime.date(2010, 1, 5)
    first = preview.quarter_preview(official_a.district, 2009, 1, day).digest
    assert preview.quarter_preview(official_a.district, 2009, 1, day).digest == first
    assert preview.quarter_preview(official_a.district, 2009, 2, day).digest != first
