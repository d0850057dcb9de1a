"""grievances/views/policy.py: the grievance policy is set by city officials, per year,
with its history kept; other roles are refused."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from grievances.models import GrievancePolicy

pytestmark = pytest.mark.django_db


def form_data(**changes):
    data = {
        "version": 0,
        "ordinary_deadline_days": 7,
        "key_dispute_deadline_days": 15,
        "deadline_min_days": 1,
        "deadline_max_days": 60,
        "due_soon_days": 2,
        "city_escalation_days": 5,
        "unsatisfied_verdict_reopens": "on",
        "department_satisfaction_threshold": "85.00",
        "department_on_time_threshold": "92.00",
    }
    data.update(changes)
    return data


@pytest.fixture
def year():
    return timezone.localdate().year


def test_a_city_official_sees_each_year_with_the_calendar_note(client, city_official, year):
    client.force_login(city_official)
    response = client.get(reverse("grievances:policy_list"))
    assert response.status_code == 200
    assert [p.year for p in response.context["policies"]][:2] == [year + 1, year]
    assert b"calendar-note" in response.content


@pytest.mark.parametrize("who", ["staff_a1", "official_a", "admin_a"])
def test_other_roles_may_not_see_or_set_the_grievance_policy(client, request, who, year):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("grievances:policy_list")).status_code == 403
    response = client.post(reverse("grievances:policy_edit", args=[year]), form_data())
    assert response.status_code == 403
    assert not GrievancePolicy.objects.exists()


def test_a_city_official_saves_a_year_and_its_history_is_kept(client, city_official, year):
    client.force_login(city_official)
    url = reverse("grievances:policy_edit", args=[year])
    response = client.post(url, form_data(ordinary_deadline_days=10))
    assert response.status_code == 302
    client.post(url, form_data(version=1, ordinary_deadline_days=9))
    policy = GrievancePolicy.objects.get(year=year)
    assert (policy.ordinary_deadline_days, policy.version) == (9, 2)
    assert list(
        policy.history.order_by("version").values_list("ordinary_deadline_days", flat=True)
    ) == [10, 9]
    assert policy.history.first().history_user == city_official


def test_a_default_outside_the_limits_is_refused_with_the_field_named(client, city_official, year):
    client.force_login(city_official)
    response = client.post(
        reverse("grievances:policy_edit", args=[year]),
        form_data(ordinary_deadline_days=40, deadline_max_days=30),
    )
    assert response.status_code == 200
    assert "ordinary_deadline_days" in response.context["form"].errors
    assert response.context["form"]["ordinary_deadline_days"].value() == "40"
    assert not GrievancePolicy.objects.exists()


def test_a_stale_policy_form_does_not_overwrite_a_save(client, city_official, year):
    client.force_login(city_official)
    url = reverse("grievances:policy_edit", args=[year])
    client.post(url, form_data(ordinary_deadline_days=10))
    response = client.post(url, form_data(version=0, ordinary_deadline_days=12))
    assert response.status_code == 409
    assert GrievancePolicy.objects.get(year=year).ordinary_deadline_days == 10


def test_a_past_year_keeps_its_policy(client, city_official, year):
    client.force_login(city_official)
    response = client.post(reverse("grievances:policy_edit", args=[year - 1]), form_data())
    assert response.status_code == 302
    assert not GrievancePolicy.objects.exists()


def test_the_departments_thresholds_are_saved_with_their_history(client, city_official, year):
    client.force_login(city_official)
    url = reverse("grievances:policy_edit", args=[year])
    client.post(url, form_data(department_satisfaction_threshold="80.50"))
    client.post(
        url,
        form_data(
            version=1, department_satisfaction_threshold="80.50", department_on_time_threshold="90"
        ),
    )
    policy = GrievancePolicy.objects.get(year=year)
    assert (policy.department_satisfaction_threshold, policy.department_on_time_threshold) == (
        Decimal("80.50"),
        Decimal("90.00"),
    )
    assert [h.department_on_time_threshold for h in policy.history.order_by("version")] == [
        Decimal("92.00"),
        Decimal("90.00"),
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("department_satisfaction_threshold", "100.01"),
        ("department_satisfaction_threshold", "-1"),
        ("department_on_time_threshold", "101"),
        ("department_on_time_threshold", "abc"),
    ],
)
def test_a_threshold_outside_0_to_100_is_refused_with_the_field_named(
    client, city_official, year, field, value
):
    client.force_login(city_official)
    response = client.post(
        reverse("grievances:policy_edit", args=[year]), form_data(**{field: value})
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert not GrievancePolicy.objects.exists()


def test_a_stale_form_does_not_overwrite_a_threshold_saved_meanwhile(client, city_official, year):
    client.force_login(city_official)
    url = reverse("grievances:policy_edit", args=[year])
    client.post(url, form_data(department_satisfaction_threshold="80"))
    response = client.post(url, form_data(version=0, department_satisfaction_threshold="70"))
    assert response.status_code == 409
    assert GrievancePolicy.objects.get(year=year).department_satisfaction_threshold == Decimal(80)
