"""The grievance model's own rules: overdue is defined once, in SQL and for one item; the
consistency rules hold in the database, whatever writes the item."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from districts.models import Department
from districts.services import platform_create
from grievances.models import Grievance
from tests import factories
from tests.factories import GrievanceFactory

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = datetime.date(2009, 6, 10)


@pytest.fixture
def items(city):
    community = city.a1[0]
    platform_create(streets=[city.street_a1])
    police = Department.objects.get(street=city.street_a1, key="police")

    def item(**kwargs):
        if kwargs.get("disposition") == "referred":
            kwargs["department"] = police
        return factories.GrievanceFactory(community=community, **kwargs)

    return {
        "open_past_deadline": item(disposition="referred", deadline=datetime.date(2009, 6, 9)),
        "open_due_today": item(disposition="referred", deadline=TODAY),
        "resolved_past_deadline": item(
            disposition="referred",
            deadline=datetime.date(2009, 6, 1),
            resolved_on=datetime.date(2009, 6, 5),
        ),
        "open_without_deadline": item(),
    }


def test_only_an_open_item_past_its_deadline_is_overdue(items):
    overdue = Grievance.objects.filter(Grievance.overdue_q(TODAY))
    assert list(overdue) == [items["open_past_deadline"]]


def test_an_item_says_it_is_overdue_exactly_when_the_sql_rule_selects_it(items):
    in_sql = set(Grievance.objects.filter(Grievance.overdue_q(TODAY)).values_list("pk", flat=True))
    one_by_one = {g.pk for g in items.values() if g.is_overdue(TODAY)}
    assert one_by_one == in_sql


def test_an_item_due_today_is_not_yet_overdue(items):
    assert items["open_due_today"].is_overdue(TODAY) is False
    assert items["open_due_today"].is_overdue(TODAY + datetime.timedelta(days=1)) is True


@pytest.mark.parametrize(
    "values",
    [
        {"disposition": "on_the_spot", "resolved_on": D(2009, 3, 2)},
        {"disposition": "afterwards", "resolved_on": D(2009, 3, 1)},
        {"disposition": "referred"},
        {"disposition": "", "resolved_on": D(2009, 3, 5)},
        {"answered_on": D(2009, 2, 1)},
    ],
)
def test_the_database_refuses_inconsistent_items(city, values):
    with pytest.raises(IntegrityError), transaction.atomic():
        GrievanceFactory(community=city.a1[0], received_on=D(2009, 3, 1), **values)
    assert not Grievance.objects.exists()


# ---- the yearly grievance policy ---------------------------------------------------------


def test_a_year_without_a_grievance_policy_gets_the_domain_defaults_unsaved():
    from grievances.models import GrievancePolicy

    policy = GrievancePolicy.for_year(2031)
    assert policy.pk is None
    assert (
        policy.ordinary_deadline_days,
        policy.key_dispute_deadline_days,
        policy.due_soon_days,
        policy.city_escalation_days,
        policy.unsatisfied_verdict_reopens,
    ) == (7, 15, 2, 5, True)
    assert policy.default_deadline_days(key_dispute=True) == 15


def test_a_saved_grievance_policy_is_the_one_its_year_uses():
    from grievances.models import GrievancePolicy

    GrievancePolicy.objects.create(year=2030, ordinary_deadline_days=10)
    assert GrievancePolicy.for_year(2030).ordinary_deadline_days == 10
    assert GrievancePolicy.for_year(2029).ordinary_deadline_days == 7


def test_a_default_deadline_outside_the_limits_is_refused_by_the_database():
    from grievances.models import GrievancePolicy

    with pytest.raises(IntegrityError), transaction.atomic():
        GrievancePolicy.objects.create(year=2030, ordinary_deadline_days=61)


def test_a_default_deadline_outside_the_limits_names_the_field():
    from django.core.exceptions import ValidationError

    from grievances.models import GrievancePolicy

    with pytest.raises(ValidationError) as info:
        GrievancePolicy(year=2030, key_dispute_deadline_days=20, deadline_max_days=15).full_clean()
    assert set(info.value.message_dict) == {"key_dispute_deadline_days"}


@pytest.fixture
def referred(city):
    platform_create(streets=[city.street_a1])
    police = Department.objects.get(street=city.street_a1, key="police")

    def item(**kwargs):
        return factories.GrievanceFactory(
            community=city.a1[0], disposition="referred", department=police, **kwargs
        )

    return item


def test_due_soon_is_open_and_due_within_two_working_days(referred):
    items = referred
    # Friday 25 September 2026 is Mid-Autumn (off): from Thursday 24, two working days
    # reach Tuesday 29 (Monday 28 is the first); Wednesday 30 is beyond
    today = D(2026, 9, 24)
    soon = items(received_on=D(2026, 9, 1), deadline=D(2026, 9, 29))
    later = items(received_on=D(2026, 9, 1), deadline=D(2026, 9, 30))
    late = items(received_on=D(2026, 9, 1), deadline=D(2026, 9, 23))
    done = items(
        received_on=D(2026, 9, 1),
        deadline=D(2026, 9, 25),
        resolved_on=D(2026, 9, 10),
    )
    found = set(Grievance.objects.filter(Grievance.due_soon_q(today)))
    assert soon in found
    assert not {later, late, done} & found


@pytest.mark.parametrize("stored", ["imported", "通过导入登记"])
def test_an_imported_entry_stored_in_either_language_is_shown_in_the_readers(stored):
    from django.utils import translation

    from grievances.models import FollowUp

    entry = FollowUp(kind=FollowUp.Kind.RECEIVED, text=stored)
    with translation.override("zh-hans"):
        assert entry.shown_text == "通过上传文件（CSV 导入）登记"
    with translation.override("en"):
        assert entry.shown_text == "recorded from an uploaded file (CSV import)"


def test_what_people_typed_on_an_entry_is_shown_as_typed():
    from grievances.models import FollowUp

    assert FollowUp(kind=FollowUp.Kind.NOTE, text="imported").shown_text == "imported"
