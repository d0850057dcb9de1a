"""grievances/services/common.py: no silent overwrite. A step (refer, resolve, answer,
reopen) from a form opened before someone else's change is refused (409) with what
changed, the user's entry kept as typed, and nothing written (core.concurrency)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from core.interchange import run_import
from districts.models import Department
from districts.services import platform_create
from grievances import services
from grievances.models import FollowUp, Grievance
from tests import factories

pytestmark = pytest.mark.django_db


# ---- no silent overwrite (core.concurrency) ----------------------------------------

REF = "DA-1-2009-0001"


@pytest.fixture
def colleague(city):
    return factories.StreetStaffFactory(
        username="li_na", first_name="娜", last_name="李", street=city.street_a1
    )


@pytest.fixture
def grievance(city):
    platform_create(streets=[city.street_a1])
    return factories.GrievanceFactory(
        community=city.a1[0], reference=REF, received_on=datetime.date(2009, 3, 1)
    )


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def opened(client, step: str) -> dict:
    """The step's form as the item's page shows it, as the browser would post it back."""
    form = client.get(reverse("grievances:detail", args=[REF])).context[f"{step}_form"]
    data = {name: form[name].value() for name in form.fields}
    return {k: "" if v is None else v for k, v in data.items()}


def step_url(step: str) -> str:
    return reverse("grievances:step", args=[REF, step])


def state():
    return {
        "grievances": list(
            Grievance.objects.values_list(
                "pk", "version", "answer", "answered_on", "resolved_on", "department"
            )
        ),
        "history": Grievance.history.count(),
        "timeline": FollowUp.objects.count(),
    }


@pytest.fixture
def two_answers(grievance, staff_a1, colleague):
    first, second = logged_in(staff_a1), logged_in(colleague)
    first_entry, second_entry = opened(first, "answer"), opened(second, "answer")
    first_entry |= {"answer": "已派巡逻队夜间巡查", "answered_on": "2009-03-05"}
    assert first.post(step_url("answer"), first_entry).status_code == 302
    before = state()
    second_entry |= {"answer": "已联系物业加装围栏", "answered_on": "2009-03-06"}
    return {
        "response": second.post(step_url("answer"), second_entry),
        "before": before,
        "second": second,
        "entry": second_entry,
    }


def test_an_answer_recorded_over_someone_elses_is_refused_with_what_changed(two_answers, staff_a1):
    response = two_answers["response"]
    body = response.content.decode()
    assert response.status_code == 409
    assert "Not saved: someone else changed this after you opened the form." in body
    assert f"{staff_a1} saved it at" in body
    assert [str(c) for c in response.context["conflict"].changes] == [
        "Answer given to the resident: — → 已派巡逻队夜间巡查",
        "Answered on: — → 2009-03-05",
        f"Answered by: — → {staff_a1}",
    ]


def test_the_refused_answer_is_shown_again_as_typed(two_answers):
    form = two_answers["response"].context["answer_form"]
    assert form["answer"].value() == "已联系物业加装围栏"
    assert form["answered_on"].value() == "2009-03-06"
    assert form["version"].value() == str(Grievance.objects.get().version)
    assert "已联系物业加装围栏</textarea>" in two_answers["response"].content.decode()


def test_a_refused_stale_answer_changes_nothing_in_the_database(two_answers):
    assert state() == two_answers["before"]
    assert Grievance.objects.get().answer == "已派巡逻队夜间巡查"


def test_answering_again_after_reading_the_refusal_records_the_second_answer(two_answers):
    retry = two_answers["entry"] | {
        "version": two_answers["response"].context["answer_form"]["version"].value()
    }
    assert two_answers["second"].post(step_url("answer"), retry).status_code == 302
    assert Grievance.objects.get().answer == "已联系物业加装围栏"


def test_a_referral_over_a_resolution_recorded_meanwhile_is_refused_and_kept_in_its_form(
    grievance, city, staff_a1, colleague
):
    first, second = logged_in(staff_a1), logged_in(colleague)
    resolve_entry, refer_entry = opened(first, "resolve"), opened(second, "refer")
    resolve_entry |= {"resolved_on": "2009-03-04", "note": "当场调解"}
    assert first.post(step_url("resolve"), resolve_entry).status_code == 302
    before = state()
    police = Department.objects.get(street=city.street_a1, key="police")
    refer_entry |= {"department": police.pk, "working_days": 7, "note": "请派出所处理"}
    response = second.post(step_url("refer"), refer_entry)
    body = response.content.decode()
    assert response.status_code == 409
    assert "Disposition: not yet disposed → resolved afterwards" in body
    assert "Resolved on: — → 2009-03-04" in body
    assert 'data-testid="refer-form"' in body  # shown, with what was typed, though resolved
    assert 'value="请派出所处理"' in body
    assert state() == before


def test_a_reopening_over_a_reopening_recorded_meanwhile_is_refused(grievance, staff_a1, colleague):
    services.grievance_resolve(
        grievance=grievance, resolved_on=datetime.date(2009, 3, 4), user=staff_a1
    )
    first, second = logged_in(staff_a1), logged_in(colleague)
    first_entry, second_entry = opened(first, "reopen"), opened(second, "reopen")
    assert first.post(step_url("reopen"), first_entry | {"reason": "居民不满意"}).status_code == 302
    before = state()
    response = second.post(step_url("reopen"), second_entry | {"reason": "又发生一起"})
    assert response.status_code == 409
    assert "又发生一起</textarea>" in response.content.decode()
    assert state() == before


def test_a_note_keeps_the_version_so_it_refuses_no_one(grievance, staff_a1, colleague):
    second = logged_in(colleague)
    entry = opened(second, "answer") | {"answer": "已答复", "answered_on": "2009-03-05"}
    services.grievance_note(grievance=grievance, text="电话联系了居民", user=staff_a1)
    assert Grievance.objects.get().version == 1
    assert second.post(step_url("answer"), entry).status_code == 302


def test_every_step_that_changes_the_item_gives_it_a_new_version(grievance, staff_a1):
    services.grievance_resolve(
        grievance=grievance, resolved_on=datetime.date(2009, 3, 4), user=staff_a1, version=1
    )
    services.grievance_answer(
        grievance=grievance,
        answer="已答复",
        answered_on=datetime.date(2009, 3, 5),
        user=staff_a1,
        version=2,
    )
    services.grievance_reopen(grievance=grievance, reason="不满意", user=staff_a1, version=3)
    assert Grievance.objects.get().version == 4
    assert list(Grievance.history.order_by("history_date").values_list("version", flat=True)) == [
        1,
        2,
        3,
        4,
    ]


def test_an_import_gives_the_item_a_new_version_so_a_form_opened_before_is_refused(
    grievance, colleague
):
    second = logged_in(colleague)
    entry = opened(second, "answer") | {"answer": "已答复", "answered_on": "2009-03-06"}
    run_import(
        "grievances",
        (
            "reference,community_code,received_on,kind,key_dispute,summary,disposition,"
            "department,deadline,resolved_on,answered_on\n"
            f"{REF},DA-1-0,2009-03-01,complaint,no,{grievance.summary},afterwards,,,"
            "2009-03-04,\n"
        ).encode(),
    )
    assert Grievance.objects.get().version == 2
    response = second.post(step_url("answer"), entry)
    assert response.status_code == 409
    assert "import or system saved it at" in response.content.decode()
    assert "Resolved on: — → 2009-03-04" in response.content.decode()
    assert Grievance.objects.get().answer == ""


def test_an_import_that_changes_nothing_keeps_the_version(grievance):
    row = (
        "reference,community_code,received_on,kind,key_dispute,summary,disposition,"
        "department,deadline,resolved_on,answered_on\n"
        f"{REF},DA-1-0,2009-03-01,complaint,no,{grievance.summary},,,,,\n"
    )
    run_import("grievances", row.encode())
    assert Grievance.objects.get().version == 1


@pytest.mark.parametrize("version", ["", "x", "-3"])
def test_a_step_without_a_sound_version_is_refused_with_a_message(grievance, staff_a1, version):
    client = logged_in(staff_a1)
    entry = opened(client, "answer") | {
        "answer": "已答复",
        "answered_on": "2009-03-05",
        "version": version,
    }
    before = state()
    response = client.post(step_url("answer"), entry)
    assert response.status_code == 400
    assert "This form came without the version it was opened at; reload the page." in (
        response.content.decode()
    )
    assert state() == before
