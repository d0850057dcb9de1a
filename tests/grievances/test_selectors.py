"""Each grievance figure of DOMAIN.md (grievances/selectors.py) on hand-built data, computed
by the database."""

import datetime
from decimal import Decimal

import pytest

from districts.models import Department
from districts.services import platform_create
from grievances import selectors
from grievances.models import Grievance
from tests.factories import GrievanceFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2009, 6, 30)
D = datetime.date


@pytest.fixture
def police(city):
    platform_create(streets=[city.street_a1])
    return Department.objects.get(street=city.street_a1, key="police")


def figures(**filters):
    return selectors.figures(Grievance.objects.filter(**filters), TODAY)


def make(community, **kwargs):
    return GrievanceFactory(community=community, **kwargs)


def test_an_empty_area_has_counts_of_zero_and_no_rates(city):
    result = figures()
    assert result["total"] == 0
    assert (
        result["resolution_rate"],
        result["answer_rate"],
        result["key_dispute_resolution_rate"],
    ) == (None, None, None)


def test_dispositions_are_counted_apart(city, police):
    c = city.a1[0]
    make(c, disposition="on_the_spot", resolved_on=D(2009, 3, 1))
    make(c, disposition="on_the_spot", resolved_on=D(2009, 3, 1))
    make(c, disposition="afterwards", resolved_on=D(2009, 3, 5))
    make(c, disposition="referred", department=police, deadline=D(2009, 7, 1))
    make(
        c,
        disposition="referred",
        department=police,
        deadline=D(2009, 4, 1),
        resolved_on=D(2009, 3, 20),
    )
    make(c)  # received, nobody responsible yet
    result = figures()
    assert {
        k: result[k]
        for k in ("total", "on_the_spot", "afterwards", "referred_open", "unaccounted", "resolved")
    } == {
        "total": 6,
        "on_the_spot": 2,
        "afterwards": 1,
        "referred_open": 1,
        "unaccounted": 1,
        "resolved": 4,
    }


def test_the_resolution_rate_is_exact_resolved_over_total(city):
    make(city.a1[0], disposition="on_the_spot", resolved_on=D(2009, 3, 1))
    make(city.a1[0], disposition="on_the_spot", resolved_on=D(2009, 3, 1))
    make(city.a1[0])
    rate = figures()["resolution_rate"]
    assert Decimal("66.66666666666") < rate < Decimal("66.66666666667")


def test_the_answer_rate_counts_answered_items(city):
    make(city.a1[0], answered_on=D(2009, 3, 2))
    make(city.a1[0])
    assert figures()["answer_rate"] == Decimal(50)


def test_the_key_dispute_rate_is_over_key_disputes_only(city):
    for resolved in [True] * 35 + [False] * 3:
        make(
            city.a1[0],
            kind="dispute",
            key_dispute=True,
            disposition="afterwards" if resolved else "",
            resolved_on=D(2009, 3, 9) if resolved else None,
        )
    make(city.a1[0])  # not a key dispute: not in the denominator
    from evaluations.selectors import rounded

    assert rounded(figures()["key_dispute_resolution_rate"]) == Decimal("92.11")


def test_no_key_disputes_give_no_key_dispute_rate_not_zero(city):
    make(city.a1[0])
    assert figures()["key_dispute_resolution_rate"] is None


def test_an_item_is_not_overdue_on_its_deadline_day(city, police):
    make(city.a1[0], disposition="referred", department=police, deadline=TODAY)
    assert figures()["overdue"] == 0


def test_an_item_is_overdue_the_day_after_its_deadline(city, police):
    make(
        city.a1[0],
        disposition="referred",
        department=police,
        deadline=TODAY - datetime.timedelta(days=1),
    )
    assert figures()["overdue"] == 1


def test_a_resolved_item_is_never_overdue(city, police):
    make(
        city.a1[0],
        disposition="referred",
        department=police,
        deadline=D(2009, 4, 1),
        resolved_on=D(2009, 5, 1),
    )
    assert figures()["overdue"] == 0


def test_a_referred_item_with_department_and_deadline_is_accounted_for(city, police):
    make(city.a1[0], disposition="referred", department=police, deadline=D(2009, 9, 1))
    assert figures()["unaccounted"] == 0


def test_figures_by_street_split_the_district_without_leaking(city, police):
    make(city.a1[0])
    make(city.a1[1], disposition="on_the_spot", resolved_on=D(2009, 3, 1))
    make(city.a2[0])
    make(city.b1[0])
    rows = {
        r["community__street__code"]: r
        for r in selectors.figures_by(
            Grievance.objects.filter(community__street__district=city.district_a),
            TODAY,
            level="street",
        )
    }
    assert {code: (r["total"], r["resolved"]) for code, r in rows.items()} == {
        "DA-1": (2, 1),
        "DA-2": (1, 0),
    }
    assert rows["DA-2"]["resolution_rate"] == 0
