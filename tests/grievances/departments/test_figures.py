"""grievances/departments/figures.py: a department's record, exact, on hand-built items."""

import datetime
from decimal import Decimal

import pytest

from core.workdays import add_working_days
from districts.models import Department
from grievances.departments.figures import (
    COUNTS,
    DENOMINATORS,
    acceptance_limits,
    department_figures,
    department_items,
    figures_total,
    next_working_days,
)
from grievances.models import Grievance
from tests import factories
from tests.grievances.departments.helpers import D, referred_item

pytestmark = pytest.mark.django_db
PLACES = Decimal("1e-12")  # SQL numeric division keeps 16 places
YEAR = {"start": D(2025, 1, 1), "end": D(2025, 12, 31), "as_of": D(2025, 12, 31)}


def record(department, **period):
    return department_figures(
        Department.objects.filter(pk=department.pk), **{**YEAR, **period}
    ).get()


def test_referred_on_a_friday_and_accepted_on_monday_is_on_time(police_a1):
    referred_item(police_a1, D(2025, 3, 7), accepted_on=D(2025, 3, 10))
    referred_item(police_a1, D(2025, 3, 7), accepted_on=D(2025, 3, 11))
    assert record(police_a1).accepted_on_time == 1


def test_a_holiday_week_moves_the_limit_past_it(police_a1):
    # referred the day before National Day: the next working day is 9 October
    referred_item(police_a1, D(2025, 9, 30), accepted_on=D(2025, 10, 9))
    referred_item(police_a1, D(2025, 9, 30), accepted_on=D(2025, 10, 10))
    # an adjusted working Saturday counts: referred on it, accepted on the Monday
    referred_item(police_a1, D(2025, 10, 11), accepted_on=D(2025, 10, 13))
    assert record(police_a1).accepted_on_time == 2


def test_the_limits_are_the_official_calendars_next_working_day(police_a1):
    limits = acceptance_limits(D(2025, 3, 3), D(2025, 3, 9))
    assert limits == {3: [D(2025, 3, 7)], 2: [D(2025, 3, 8)]}  # and Sunday's is Monday


def test_acceptance_the_same_day_or_the_next_working_day_is_on_time(police_a1):
    referred_item(police_a1, D(2025, 3, 4), accepted_on=D(2025, 3, 4))
    referred_item(police_a1, D(2025, 3, 4), accepted_on=D(2025, 3, 5))
    referred_item(police_a1, D(2025, 3, 4), accepted_on=D(2025, 3, 6))
    referred_item(police_a1, D(2025, 3, 4))  # never accepted
    row = record(police_a1)
    assert (row.referred, row.accepted_on_time, row.acceptance_due) == (4, 2, 4)
    assert row.acceptance_rate == Decimal(50)


def test_resolved_on_the_deadline_is_on_time_and_the_day_after_is_not(police_a1):
    referred_item(police_a1, D(2025, 3, 4), deadline=D(2025, 3, 14), resolved_on=D(2025, 3, 14))
    referred_item(police_a1, D(2025, 3, 4), deadline=D(2025, 3, 14), resolved_on=D(2025, 3, 15))
    referred_item(police_a1, D(2025, 3, 4), deadline=D(2025, 3, 14))  # open, overdue
    referred_item(police_a1, D(2025, 3, 4), deadline=D(2026, 3, 14))  # open, not yet due
    row = record(police_a1)
    assert (row.resolved_on_time, row.resolution_due) == (1, 3)
    assert row.on_time_rate.quantize(PLACES) == (Decimal(100) / 3).quantize(PLACES)


def test_send_backs_and_reopenings_are_events_and_problem_items_are_items(police_a1):
    referred_item(police_a1, D(2025, 3, 4), sent_back=3)
    referred_item(police_a1, D(2025, 3, 4), sent_back=1, reopened=2)
    referred_item(police_a1, D(2025, 3, 4), reopened=1)
    row = record(police_a1)
    assert (row.sent_back, row.reopened, row.problem_items) == (4, 3, 2)


def test_satisfaction_is_the_figures_answer_satisfaction(police_a1):
    for verdict in ("satisfied", "basically_satisfied", "unsatisfied", "not_reached"):
        referred_item(police_a1, D(2025, 3, 4), resolved_on=D(2025, 3, 6), verdict=verdict)
    row = record(police_a1)
    assert (row.satisfied_verdicts, row.verdicts) == (2, 3)
    assert row.satisfaction.quantize(PLACES) == (Decimal(200) / 3).quantize(PLACES)


def test_the_period_is_by_referral_date_not_the_date_received(police_a1):
    item = referred_item(police_a1, D(2025, 12, 31))
    Grievance.objects.filter(pk=item.pk).update(received_on=D(2024, 12, 30))
    referred_item(police_a1, D(2024, 12, 31))
    assert record(police_a1).referred == 1


def test_an_imported_item_without_a_referral_step_counts_from_its_date_received(police_a1):
    referred_item(police_a1, D(2025, 6, 2), with_referral_step=False)
    referred_item(police_a1, D(2024, 6, 2), with_referral_step=False)
    row = record(police_a1)
    assert row.referred == 1
    assert (row.accepted_on_time, row.acceptance_due) == (0, 0)  # not known, not late


def test_the_limits_array_is_the_next_working_day_of_every_day():
    start = D(2024, 12, 20)
    limits = next_working_days(start, D(2026, 1, 10))
    for offset, limit in enumerate(limits):
        day = start + datetime.timedelta(days=offset)
        assert limit == add_working_days(day, 1), day


def test_the_acceptance_after_a_reopening_does_not_replace_the_first(police_a1):
    item = referred_item(police_a1, D(2025, 3, 4), accepted_on=D(2025, 3, 5))
    Grievance.objects.filter(pk=item.pk).update(accepted_at=None)  # reopened, then ...
    from tests.grievances.departments.helpers import step

    step(item, "accepted", D(2025, 4, 1))  # ... accepted again a month later
    assert record(police_a1).accepted_on_time == 1


def test_as_of_judges_only_what_had_happened_by_then(police_a1):
    referred_item(police_a1, D(2025, 3, 4), accepted_on=D(2025, 3, 5), resolved_on=D(2025, 3, 10))
    row = record(police_a1, as_of=D(2025, 3, 4))
    assert (row.accepted_on_time, row.acceptance_due, row.resolved_on_time) == (0, 0, 0)
    assert row.acceptance_rate is None and row.on_time_rate is None


def test_a_department_with_nothing_referred_has_zeros_and_no_rates(city, police_a1):
    row = record(police_a1)
    assert [getattr(row, n) for n in COUNTS] == [0] * len(COUNTS)
    assert row.satisfaction is None


def test_each_department_counts_only_its_own_items(city, police_a1):
    judicial = factories.DepartmentFactory(street=city.street_a1, key="judicial")
    referred_item(police_a1, D(2025, 3, 4))
    referred_item(judicial, D(2025, 3, 4))
    referred_item(judicial, D(2025, 3, 4))
    rows = dict(department_figures(Department.objects.all(), **YEAR).values_list("key", "referred"))
    assert rows == {"police": 1, "judicial": 2}


def test_every_figures_items_are_as_many_as_its_count(city, police_a1):
    referred_item(police_a1, D(2025, 3, 7), accepted_on=D(2025, 3, 10), sent_back=3)
    referred_item(police_a1, D(2025, 3, 4), resolved_on=D(2025, 3, 5), verdict="satisfied")
    referred_item(police_a1, D(2025, 3, 4), deadline=D(2025, 3, 4), reopened=2)
    row = record(police_a1)
    for figure in (*COUNTS, *DENOMINATORS):
        items = department_items(
            Grievance.objects.all(), **YEAR, figure=figure, department=police_a1
        )
        if figure in ("sent_back", "reopened"):
            counted = sum(items.values_list(f"{figure}_count", flat=True))
        else:
            counted = items.count()
        assert counted == getattr(row, figure), figure


def test_the_total_adds_up_the_departments(city, police_a1):
    judicial = factories.DepartmentFactory(street=city.street_a1, key="judicial")
    referred_item(police_a1, D(2025, 3, 4), accepted_on=D(2025, 3, 4), sent_back=1)
    referred_item(judicial, D(2025, 3, 4), accepted_on=D(2025, 3, 6), sent_back=2)
    total = figures_total(Grievance.objects.all(), **YEAR)
    assert (total["referred"], total["accepted_on_time"], total["sent_back"]) == (2, 1, 3)
    assert total["acceptance_rate"] == Decimal(50)


def test_the_total_of_nothing_sent_back_is_zero_not_empty(city, police_a1):
    referred_item(police_a1, D(2025, 3, 4))
    total = figures_total(Grievance.objects.all(), **YEAR)
    assert (total["sent_back"], total["reopened"]) == (0, 0)
