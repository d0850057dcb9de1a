"""The date rule of grievances/rules.py: grievance dates within a sane range (from
2000-01-01, not in the future, a deadline at most 3 years ahead), in the form, the service
and the import, with a clear message."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from districts.models import Department
from districts.services import platform_create
from grievances import services
from grievances.models import Grievance, ReferenceCounter

pytestmark = pytest.mark.django_db
D = datetime.date


def intake_form(client, city, received_on):
    return client.post(
        reverse("grievances:new"),
        {
            "community": city.a1[0].pk,
            "source": "hotline",
            "kind": "complaint",
            "summary": "楼道堆放杂物",
            "received_on": received_on,
        },
    )


@pytest.mark.parametrize(
    ("received_on", "message"),
    [
        ("0001-01-01", "Dates before 2000-01-01 are not accepted."),
        ("1999-12-31", "Dates before 2000-01-01 are not accepted."),
        ("9999-12-31", "This date is in the future."),
    ],
)
def test_the_intake_form_refuses_a_received_date_out_of_range(
    client, staff_a1, city, received_on, message
):
    client.force_login(staff_a1)
    response = intake_form(client, city, received_on)
    assert response.status_code == 200
    assert response.context["form"].errors["received_on"] == [message]
    assert not Grievance.objects.exists()


def test_the_service_refuses_year_one_before_taking_a_reference_number(city, staff_a1):
    with pytest.raises(ValidationError) as refused:
        services.grievance_create(
            community=city.a1[0],
            kind="complaint",
            summary="x",
            received_on=D(1, 1, 1),
            user=staff_a1,
        )
    assert refused.value.message_dict == {
        "received_on": ["Dates before 2000-01-01 are not accepted."]
    }
    assert not ReferenceCounter.objects.exists()


@pytest.fixture
def item(city, staff_a1):
    platform_create(streets=[city.street_a1], communities=city.a1)
    return services.grievance_create(
        community=city.a1[0],
        kind="complaint",
        summary="夜间噪音",
        received_on=D(2009, 3, 1),
        user=staff_a1,
    )


@pytest.mark.parametrize("days", [0, 61, 9999])
def test_a_deadline_outside_the_policy_limits_is_refused_on_the_page(
    client, staff_a1, city, item, days
):
    client.force_login(staff_a1)
    police = Department.objects.get(street=city.street_a1, key="police")
    response = client.post(
        reverse("grievances:step", args=[item.reference, "refer"]),
        {"department": police.pk, "working_days": days, "version": item.version},
    )
    assert response.status_code == 400
    assert response.context["refer_form"].errors["working_days"]
    assert response.context["refer_form"]["working_days"].value() == str(days)
    item.refresh_from_db()
    assert item.deadline is None


def test_an_old_open_item_can_be_referred_today_with_a_deadline_from_today(city, staff_a1, item):
    police = Department.objects.get(street=city.street_a1, key="police")
    deadline = timezone.localdate() + datetime.timedelta(days=7)
    services.grievance_refer(grievance=item, department=police, deadline=deadline, user=staff_a1)
    assert item.deadline == deadline


@pytest.mark.parametrize("step", ["resolve", "answer"])
def test_a_resolution_or_answer_dated_9999_is_refused(client, staff_a1, item, step):
    client.force_login(staff_a1)
    field = {"resolve": "resolved_on", "answer": "answered_on"}[step]
    response = client.post(
        reverse("grievances:step", args=[item.reference, step]),
        {field: "9999-12-31", "answer": "已答复"},
    )
    assert response.status_code == 400
    assert response.context[f"{step}_form"].errors[field] == ["This date is in the future."]


HEADER = (
    "reference,community_code,received_on,kind,key_dispute,summary,disposition,"
    "department,deadline,resolved_on,answered_on"
)


@pytest.mark.parametrize(
    ("row", "error"),
    [
        (
            "A-1,DA-1-0,0001-01-01,complaint,no,x,,,,,",
            "row 2, received_on: Dates before 2000-01-01 are not accepted.",
        ),
        (
            "A-1,DA-1-0,9999-12-31,complaint,no,x,,,,,",
            "row 2, received_on: This date is in the future.",
        ),
        (
            "A-1,DA-1-0,2009-03-01,complaint,no,x,referred,police,9999-12-31,,",
            "row 2, deadline: A deadline more than 3 years ahead is not accepted.",
        ),
        (
            "A-1,DA-1-0,2009-03-01,complaint,no,x,afterwards,,,9999-12-31,",
            "row 2, resolved_on: This date is in the future.",
        ),
    ],
)
def test_the_import_refuses_dates_out_of_range_with_the_same_message(tmp_path, city, row, error):
    platform_create(streets=[city.street_a1], communities=city.a1)
    path = tmp_path / "g.csv"
    path.write_text(f"{HEADER}\n{row}\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_csv", "grievances", str(path), stdout=io.StringIO(), stderr=err)
    assert error in err.getvalue()
    assert not Grievance.objects.exists()
