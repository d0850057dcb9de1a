"""The meeting and rating models (evaluations/models/meetings.py): votes above present are
refused by the model's validation and by the database, whatever writes them."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from evaluations.models import Meeting

pytestmark = pytest.mark.django_db


def test_the_database_refuses_votes_above_present_whatever_writes_them(review):
    from django.db import IntegrityError, transaction

    rating = review(2009, 1, vs=5, present=5).ratings.get()
    rating.unsatisfied = 1
    with pytest.raises(IntegrityError), transaction.atomic():
        rating.save()
        connection_check()


def test_the_database_refuses_lowering_present_below_the_votes(review):
    from django.db import IntegrityError, transaction

    meeting = review(2009, 1, vs=5, present=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(present=4, roll=10)
        connection_check()


def test_the_model_validation_names_the_field_for_votes_above_present(review):
    rating = review(2009, 1, vs=5, present=5).ratings.get()
    rating.satisfied = 1
    with pytest.raises(ValidationError) as excinfo:
        rating.full_clean()
    assert "satisfied" in excinfo.value.message_dict  # the count that went past present


def connection_check():
    """Deferred constraint triggers fire at commit; make them fire now."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_the_model_validation_refuses_a_held_on_date_outside_the_quarter(review):
    meeting = review(2009, 1, vs=5, present=5)
    meeting.held_on = datetime.date(2009, 4, 1)
    with pytest.raises(ValidationError) as excinfo:
        meeting.full_clean(exclude=["community", "policy", "submitted_by"])
    assert "outside that quarter" in excinfo.value.message_dict["held_on"][0]


def test_the_model_validation_refuses_a_quarter_that_has_not_started(review):
    meeting = review(2009, 1, vs=5, present=5)
    meeting.year = timezone.localdate().year + 1
    with pytest.raises(ValidationError) as excinfo:
        meeting.full_clean(exclude=["community", "policy", "submitted_by"])
    assert "has not started yet" in excinfo.value.message_dict["quarter"][0]


def test_full_clean_of_a_year_past_any_calendar_reports_the_year_not_a_crash(community):
    meeting = Meeting(
        community=community,
        year=9223372036854775808,
        quarter=1,
        held_on=datetime.date(2009, 1, 21),
        present=5,
        roll=10,
    )
    with pytest.raises(ValidationError) as excinfo:
        meeting.full_clean(exclude=["policy"])
    assert "year" in excinfo.value.message_dict
