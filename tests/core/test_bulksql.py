"""core/bulksql.py: the SQL path of the big imports (COPY, history in one INSERT, AnyOf)."""

import datetime

import pytest
from django.db.models import F
from django.utils import timezone

from core import bulksql
from core.bulksql import AnyOf
from districts.models import District
from tests import factories

pytestmark = pytest.mark.django_db


def test_any_of_matches_exactly_the_rows_whose_column_is_among_the_values():
    a, b, _c = (factories.DistrictFactory(code=code) for code in ("D-A", "D-B", "D-C"))
    found = District.objects.filter(AnyOf(F("code"), ["D-A", "D-B", "D-X"]))
    assert set(found) == {a, b}


def test_any_of_no_values_matches_nothing():
    factories.DistrictFactory()
    assert not District.objects.filter(AnyOf(F("pk"), []))


def test_copied_rows_take_the_given_ids_and_every_other_column_its_default():
    now = timezone.now()
    (pk,) = bulksql.next_ids(District, 1)
    bulksql.copy_insert(District, ("id", "code", "name"), [(pk, "D-Z", "a\tb\\N\nc")], now=now)
    district = District.objects.get(pk=pk)
    assert (district.code, district.name) == ("D-Z", "a\tb\\N\nc")
    assert district.main_urban == District._meta.get_field("main_urban").get_default()


def test_history_rows_record_the_rows_as_written_with_one_who_when_and_why():
    user = factories.AdministratorFactory()
    districts = [factories.DistrictFactory(code=f"D-{i}") for i in range(3)]
    when = timezone.now() - datetime.timedelta(days=1)
    ids = [d.pk for d in reversed(districts)]
    bulksql.history_insert(
        District, ids, history_type="~", user_id=user.pk, date=when, reason="import"
    )
    entries = District.history.filter(history_type="~").order_by("history_id")
    assert [
        (h.id, h.code, h.history_user, h.history_date, h.history_change_reason) for h in entries
    ] == [(pk, District.objects.get(pk=pk).code, user, when, "import") for pk in ids]
