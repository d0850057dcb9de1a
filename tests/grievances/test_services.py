"""The grievance workflow of grievances/services.py and its consistency rules.

No silent overwrite: a step (refer, resolve, answer, reopen) from a form
opened before someone else's change is refused (409) with what changed, the user's entry
kept as typed, and nothing written (core.concurrency)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from core.interchange import run_import
from districts.models import Department
from districts.services import platform_create
from grievances import services
from grievances.models import FollowUp, Grievance
from tests import factories
from tests.grievances.helpers import import_references, intake

pytestmark = pytest.mark.django_db
D = datetime.date


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


@pytest.fixture
def police(city, item):
    return Department.objects.get(street=city.street_a1, key="police")


def test_references_are_numbered_per_street_and_year(city, staff_a1, item):
    second = services.grievance_create(
        community=city.a1[1],
        kind="opinion",
        summary="路灯",
        received_on=D(2009, 5, 1),
        user=staff_a1,
    )
    next_year = services.grievance_create(
        community=city.a1[0],
        kind="opinion",
        summary="绿化",
        received_on=D(2010, 1, 5),
        user=staff_a1,
    )
    assert [item.reference, second.reference, next_year.reference] == [
        "DA-1-2009-0001",
        "DA-1-2009-0002",
        "DA-1-2010-0001",
    ]


def test_an_item_handled_on_the_spot_is_resolved_the_day_it_was_received(city, staff_a1):
    g = services.grievance_create(
        community=city.a1[0],
        kind="opinion",
        summary="x",
        received_on=D(2009, 3, 1),
        user=staff_a1,
        handled_on_the_spot=True,
    )
    assert (g.disposition, g.resolved_on) == ("on_the_spot", D(2009, 3, 1))


def test_a_referral_without_a_deadline_is_refused(item, police, staff_a1):
    with pytest.raises(ValidationError) as excinfo:
        services.grievance_refer(grievance=item, department=police, deadline=None, user=staff_a1)
    assert "deadline" in excinfo.value.message_dict
    item.refresh_from_db()
    assert item.disposition == ""


def test_a_referral_without_a_department_is_refused(item, staff_a1):
    with pytest.raises(ValidationError) as excinfo:
        services.grievance_refer(
            grievance=item, department=None, deadline=D(2009, 4, 1), user=staff_a1
        )
    assert "department" in excinfo.value.message_dict


def test_a_department_of_another_street_is_refused(item, city, staff_a1):
    platform_create(streets=[city.street_b1])
    other = Department.objects.get(street=city.street_b1, key="police")
    with pytest.raises(ValidationError) as excinfo:
        services.grievance_refer(
            grievance=item, department=other, deadline=D(2009, 4, 1), user=staff_a1
        )
    assert "department" in excinfo.value.message_dict


def test_a_deadline_before_the_item_was_received_is_refused(item, police, staff_a1):
    with pytest.raises(ValidationError) as excinfo:
        services.grievance_refer(
            grievance=item, department=police, deadline=D(2009, 2, 1), user=staff_a1
        )
    assert "deadline" in excinfo.value.message_dict


def test_resolving_later_makes_it_resolved_afterwards(item, staff_a1):
    services.grievance_resolve(grievance=item, resolved_on=D(2009, 3, 9), user=staff_a1)
    assert (item.disposition, item.resolved_on) == ("afterwards", D(2009, 3, 9))


def test_resolving_a_referred_item_keeps_it_referred(item, police, staff_a1):
    services.grievance_refer(
        grievance=item, department=police, deadline=D(2009, 4, 1), user=staff_a1
    )
    services.grievance_resolve(grievance=item, resolved_on=D(2009, 3, 20), user=staff_a1)
    assert (item.disposition, item.department, item.resolved_on) == (
        "referred",
        police,
        D(2009, 3, 20),
    )


def test_a_resolution_before_the_item_was_received_is_refused(item, staff_a1):
    with pytest.raises(ValidationError):
        services.grievance_resolve(grievance=item, resolved_on=D(2009, 2, 1), user=staff_a1)


def test_reopening_clears_the_resolution_and_is_logged(item, staff_a1):
    services.grievance_resolve(grievance=item, resolved_on=D(2009, 3, 9), user=staff_a1)
    services.grievance_reopen(grievance=item, reason="居民反映仍有噪音", user=staff_a1)
    item.refresh_from_db()
    assert (item.resolved_on, item.disposition) == (None, "")
    assert item.follow_ups.last().kind == FollowUp.Kind.REOPENED


def test_reopening_needs_a_reason(item, staff_a1):
    services.grievance_resolve(grievance=item, resolved_on=D(2009, 3, 9), user=staff_a1)
    with pytest.raises(ValidationError):
        services.grievance_reopen(grievance=item, reason=" ", user=staff_a1)


def test_the_answer_is_its_own_step_with_who_and_when(item, staff_a1):
    services.grievance_answer(
        grievance=item, answer="已协调物业", answered_on=D(2009, 3, 10), user=staff_a1
    )
    assert (item.answer, item.answered_on, item.answered_by) == (
        "已协调物业",
        D(2009, 3, 10),
        staff_a1,
    )


def test_every_step_is_on_the_timeline(item, police, staff_a1):
    services.grievance_refer(
        grievance=item, department=police, deadline=D(2009, 4, 1), user=staff_a1
    )
    services.grievance_note(grievance=item, text="已电话联系", user=staff_a1)
    services.grievance_resolve(grievance=item, resolved_on=D(2009, 3, 20), user=staff_a1)
    services.grievance_answer(
        grievance=item, answer="已处理", answered_on=D(2009, 3, 21), user=staff_a1
    )
    assert list(item.follow_ups.values_list("kind", flat=True)) == [
        "received",
        "referred",
        "note",
        "resolved",
        "answered",
    ]


def test_a_meeting_of_another_community_is_refused(city, staff_a1):
    from evaluations import services as review_services
    from tests.factories import PostingFactory

    official = PostingFactory(community=city.a1[1]).official
    meeting = review_services.meeting_save(
        community=city.a1[1],
        year=2009,
        quarter=1,
        held_on=D(2009, 3, 1),
        present=6,
        tallies=[review_services.Tally(official.pk, 6, 0, 0, 0)],
        submit=True,
    ).meeting
    with pytest.raises(ValidationError) as excinfo:
        services.grievance_create(
            community=city.a1[0],
            meeting=meeting,
            kind="opinion",
            summary="x",
            received_on=D(2009, 3, 1),
            user=staff_a1,
        )
    assert "meeting" in excinfo.value.message_dict


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


@pytest.mark.parametrize("tail", ["00AB", "ABCD", "0001-x"])
def test_intake_after_an_import_with_a_non_numeric_tail_takes_the_first_number(
    city, staff_a1, tmp_path, tail
):
    import_references(tmp_path, f"DA-1-2009-{tail}")
    assert intake(city, staff_a1) == "DA-1-2009-0001"


def test_intake_after_an_import_with_a_five_digit_tail_goes_on_counting(city, staff_a1, tmp_path):
    """The text maximum of DA-1-2009-99999 and DA-1-2009-100000 is the first: numbering
    from it gave 100000 again, and every later intake of the street and year failed."""
    import_references(tmp_path, "DA-1-2009-0007", "DA-1-2009-99999")
    assert [intake(city, staff_a1) for _ in range(3)] == [
        "DA-1-2009-100000",
        "DA-1-2009-100001",
        "DA-1-2009-100002",
    ]


def test_intake_steps_over_a_number_some_reference_already_holds(city, staff_a1):
    """A reference stored without moving the counter (a row from before the counters)."""
    factories.GrievanceFactory(community=city.a1[0], reference="DA-1-2009-0001")
    assert intake(city, staff_a1) == "DA-1-2009-0002"


def test_references_keep_the_whole_street_code_even_at_its_longest(city, staff_a1):
    city.street_a1.code = "L" * 32
    city.street_a1.save()
    assert intake(city, staff_a1) == "L" * 32 + "-2009-0001"


# ---- deadlines in working days -------------------------------------------------------------


def test_a_referral_on_the_eve_of_national_day_gets_seven_working_days_after_the_holiday(
    item, police, staff_a1
):
    services.grievance_refer(
        grievance=item, department=police, working_days=7, user=staff_a1, today=D(2026, 9, 30)
    )
    item.refresh_from_db()
    # 1-7 October off, Saturday 10 October worked: 8, 9, 10, 12, 13, 14, 15
    assert item.deadline == D(2026, 10, 15)
    assert "7 working days" in item.follow_ups.get(kind="referred").text


def test_a_key_dispute_referred_after_the_calendar_ends_counts_weekends_only(
    item, police, staff_a1
):
    item.key_dispute = True
    item.save()
    services.grievance_refer(
        grievance=item, department=police, working_days=15, user=staff_a1, today=D(2027, 9, 30)
    )
    item.refresh_from_db()
    # 2027 is not in the package: 1 October 2027 (a Friday) counts as a working day
    assert item.deadline == D(2027, 10, 21)


def test_a_referral_outside_the_years_limits_is_refused_and_nothing_changes(item, police, staff_a1):
    from grievances.models import GrievancePolicy

    GrievancePolicy.objects.create(year=2026, deadline_max_days=20)
    with pytest.raises(ValidationError) as info:
        services.grievance_refer(
            grievance=item, department=police, working_days=21, user=staff_a1, today=D(2026, 9, 30)
        )
    assert set(info.value.message_dict) == {"working_days"}
    item.refresh_from_db()
    assert (item.disposition, item.deadline) == ("", None)
    assert not item.follow_ups.filter(kind="referred").exists()


def test_referring_again_with_a_new_deadline_clears_the_escalation(item, police, staff_a1):
    services.grievance_refer(
        grievance=item, department=police, working_days=7, user=staff_a1, today=D(2026, 9, 30)
    )
    Grievance.objects.filter(pk=item.pk).update(
        escalated_to_district_at=datetime.datetime(2026, 10, 16, tzinfo=datetime.UTC)
    )
    services.grievance_refer(
        grievance=item, department=police, working_days=7, user=staff_a1, today=D(2026, 10, 20)
    )
    item.refresh_from_db()
    assert item.escalated_to_district_at is None
    assert item.deadline == D(2026, 10, 29)
