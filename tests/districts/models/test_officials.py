"""Postings (districts/models/officials.py): who is in post on a day or over a period,
defined once, in SQL and for one posting."""

import datetime

import pytest

from districts.models import Posting, in_post
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def posting(city):
    return factories.PostingFactory(
        community=city.a1[0],
        start_date=datetime.date(2009, 4, 1),
        end_date=datetime.date(2009, 6, 30),
    )


@pytest.mark.parametrize(
    ("day", "posted"),
    [
        (datetime.date(2009, 3, 31), False),
        (datetime.date(2009, 4, 1), True),
        (datetime.date(2009, 6, 30), True),
        (datetime.date(2009, 7, 1), False),
    ],
)
def test_an_official_is_posted_from_the_start_date_to_the_end_date_inclusive(posting, day, posted):
    assert Posting.objects.in_post(day).filter(pk=posting.pk).exists() is posted
    assert in_post(posting.start_date, posting.end_date, day) is posted


def test_a_posting_without_an_end_date_is_still_in_post(city):
    posting = factories.PostingFactory(community=city.a1[0], start_date=datetime.date(2009, 1, 1))
    assert Posting.objects.in_post(datetime.date(2030, 1, 1)).get() == posting


def test_a_posting_in_force_at_any_time_of_a_period_is_in_post_over_that_period(posting):
    quarter_two = (datetime.date(2009, 6, 30), datetime.date(2009, 9, 30))
    quarter_three = (datetime.date(2009, 7, 1), datetime.date(2009, 9, 30))
    assert Posting.objects.in_post(quarter_two[0], until=quarter_two[1]).exists()
    assert not Posting.objects.in_post(quarter_three[0], until=quarter_three[1]).exists()


def test_a_superuser_with_a_district_is_refused_by_the_model(city):
    from django.core.exceptions import ValidationError

    user = factories.AdministratorFactory.build(
        username="root_a", is_superuser=True, district=city.district_a
    )
    with pytest.raises(ValidationError) as refused:
        user.full_clean()
    assert "district" in refused.value.message_dict


@pytest.mark.parametrize("scope", ["district", "street"])
def test_the_database_refuses_a_superuser_with_a_scope(city, superuser, scope):
    from django.db import IntegrityError, transaction

    from districts.models import User

    area = city.district_a if scope == "district" else city.street_a1
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.filter(pk=superuser.pk).update(**{scope: area})
