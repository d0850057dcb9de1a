"""The promise page (evaluations:promise) and its steps: a progress note, "reported done",
taking the report back. Street staff of its street and the owning department write; a
reader in scope gets 403 on a step, anyone else 404; stale forms and bad dates refused."""

import datetime

import pytest
from django.urls import reverse

from evaluations.models import PromiseNote
from tests import factories

from .between import posted, promised, reviewed

pytestmark = pytest.mark.django_db


@pytest.fixture
def promise(city):
    official = posted(city.a1[0], "PA", "甲警官")
    return promised(reviewed(city.a1[0], official), official=official)


@pytest.fixture
def department(city):
    return factories.DepartmentFactory(street=city.street_a1, key="police")


@pytest.fixture
def department_promise(city, promise, department):
    return promised(promise.meeting, department=department, text="加装路灯")


def page(promise):
    return reverse("evaluations:promise", args=[promise.pk])


def step(promise, name):
    return reverse("evaluations:promise_step", args=[promise.pk, name])


def done(promise, **data):
    return {"done_on": "2025-09-20", "done_text": "每晚巡逻", "version": promise.version, **data}


def test_street_staff_of_its_street_see_the_promise_with_its_forms(client, staff_a1, promise):
    client.force_login(staff_a1)
    response = client.get(page(promise))
    assert response.status_code == 200
    html = response.content.decode()
    assert "组织夜间巡逻" in html and "甲警官" in html and "2025-12-31" in html
    assert 'data-testid="done-form"' in html and 'data-testid="note-form"' in html


def test_street_staff_report_the_promise_done(client, staff_a1, promise):
    client.force_login(staff_a1)
    response = client.post(step(promise, "done"), done(promise))
    assert response.status_code == 302
    promise.refresh_from_db()
    assert promise.done_on == datetime.date(2025, 9, 20)
    assert promise.done_text == "每晚巡逻" and promise.done_by == staff_a1


def test_a_report_can_be_taken_back(client, staff_a1, promise):
    client.force_login(staff_a1)
    client.post(step(promise, "done"), done(promise))
    promise.refresh_from_db()
    response = client.post(step(promise, "undone"), {"version": promise.version})
    assert response.status_code == 302
    promise.refresh_from_db()
    assert promise.done_on is None and promise.done_text == ""


def test_a_progress_note_is_added_and_listed(client, staff_a1, promise):
    client.force_login(staff_a1)
    data = {"written_on": "2025-09-01", "text": "已排班", "version": promise.version}
    assert client.post(step(promise, "note"), data).status_code == 302
    assert PromiseNote.objects.get(promise=promise).text == "已排班"
    assert "已排班" in client.get(page(promise)).content.decode()


def test_the_owning_departments_staff_write_on_its_promise(client, department_promise):
    staff = factories.DepartmentStaffFactory(department=department_promise.department)
    client.force_login(staff)
    assert client.get(page(department_promise)).status_code == 200
    assert (
        client.post(step(department_promise, "done"), done(department_promise)).status_code == 302
    )
    department_promise.refresh_from_db()
    assert department_promise.done_on is not None


def test_department_staff_do_not_see_an_officials_promise(client, promise, department):
    client.force_login(factories.DepartmentStaffFactory(department=department))
    assert client.get(page(promise)).status_code == 404
    assert client.post(step(promise, "done"), done(promise)).status_code == 404


def test_another_departments_staff_get_404(client, city, department_promise):
    other = factories.DepartmentFactory(street=city.street_b1, key="police")
    client.force_login(factories.DepartmentStaffFactory(department=other))
    assert client.get(page(department_promise)).status_code == 404


def test_a_district_official_reads_it_without_forms_and_a_step_is_403(client, official_a, promise):
    client.force_login(official_a)
    response = client.get(page(promise))
    assert response.status_code == 200
    assert 'data-testid="done-form"' not in response.content.decode()
    assert client.post(step(promise, "done"), done(promise)).status_code == 403
    promise.refresh_from_db()
    assert promise.done_on is None


def test_a_city_official_gets_403_on_a_step(client, city_official, promise):
    client.force_login(city_official)
    assert client.get(page(promise)).status_code == 200
    assert (
        client.post(
            step(promise, "note"), {"written_on": "2025-09-01", "text": "x", "version": 1}
        ).status_code
        == 403
    )
    assert not PromiseNote.objects.exists()


def test_another_streets_staff_get_404_and_change_nothing(client, staff_b1, promise):
    client.force_login(staff_b1)
    assert client.get(page(promise)).status_code == 404
    assert client.post(step(promise, "done"), done(promise)).status_code == 404
    promise.refresh_from_db()
    assert promise.done_on is None


def test_another_districts_official_gets_404(client, official_b, promise):
    client.force_login(official_b)
    assert client.get(page(promise)).status_code == 404


def test_anonymous_is_sent_to_login(client, promise):
    response = client.get(page(promise))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_step_by_get_is_405(client, staff_a1, promise):
    client.force_login(staff_a1)
    assert client.get(step(promise, "done")).status_code == 405


def test_an_unknown_step_is_404(client, staff_a1, promise):
    client.force_login(staff_a1)
    assert client.post(step(promise, "judge"), done(promise)).status_code == 404


def test_a_stale_form_is_refused_and_changes_nothing(client, staff_a1, promise):
    client.force_login(staff_a1)
    old = promise.version
    client.post(step(promise, "done"), done(promise))  # another tab saved first
    client.post(step(promise, "undone"), {"version": old + 1})
    response = client.post(step(promise, "done"), done(promise, done_text="别的", version=old))
    assert response.status_code == 409
    assert 'data-testid="conflict"' in response.content.decode()
    promise.refresh_from_db()
    assert promise.done_on is None


def test_a_stale_note_is_refused(client, staff_a1, promise):
    client.force_login(staff_a1)
    client.post(step(promise, "done"), done(promise))
    data = {"written_on": "2025-09-01", "text": "已排班", "version": promise.version}
    assert client.post(step(promise, "note"), data).status_code == 409
    assert not PromiseNote.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "field"),
    [
        ("done", {"done_on": "2025-08-01"}, "done_on"),  # before the meeting
        ("done", {"done_on": "2999-01-01"}, "done_on"),  # in the future
        ("done", {"done_on": "2025-13-40"}, "done_on"),  # no such date
        ("done", {"done_text": "  "}, "done_text"),
        ("note", {"written_on": "2025-08-01", "text": "x"}, "written_on"),
        ("note", {"written_on": "2999-01-01", "text": "x"}, "written_on"),
        ("note", {"written_on": "yesterday", "text": "x"}, "written_on"),
    ],
)
def test_bad_input_is_refused_naming_the_field(client, staff_a1, promise, name, data, field):
    client.force_login(staff_a1)
    payload = done(promise, **data) if name == "done" else {"version": promise.version, **data}
    response = client.post(step(promise, name), payload)
    assert response.status_code == 400
    assert field in response.context[f"{name}_form"].errors
    promise.refresh_from_db()
    assert promise.done_on is None and not PromiseNote.objects.exists()


def test_the_page_shows_the_grievances_it_answers(client, staff_a1, promise):
    grievance = factories.GrievanceFactory(community=promise.meeting.community, summary="楼道被盗")
    grievance.promises.add(promise)
    client.force_login(staff_a1)
    html = client.get(page(promise)).content.decode()
    assert 'data-testid="promise-grievances"' in html and grievance.reference in html


def test_the_history_shows_the_report(client, staff_a1, promise):
    client.force_login(staff_a1)
    client.post(step(promise, "done"), done(promise))
    html = client.get(page(promise)).content.decode()
    history = html[html.index('data-testid="history"') :]
    assert "2025-09-20" in history and "每晚巡逻" in history


def test_the_history_says_import_in_the_readers_language(client, staff_a1, promise):
    # an imported promise's history read "原因： import" on the Chinese page
    promise.history.update(history_change_reason="import")
    client.force_login(staff_a1)
    html = client.get(page(promise), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    history = html[html.index('data-testid="history"') :]
    assert "通过上传文件（CSV 导入）登记" in history and " import" not in history


def test_the_state_shows_overdue_when_past_due(client, staff_a1, promise):
    client.force_login(staff_a1)
    assert client.get(page(promise)).context["state"] == "overdue"


def test_a_renewal_links_both_ways(client, staff_a1, city, promise):
    from evaluations.promises import services

    later = reviewed(city.a1[0], promise.official, held_on=datetime.date(2026, 2, 10), quarter=1)
    services.promise_judge(
        promise=promise, meeting=later, kept_votes=1, not_kept_votes=5, user=None
    )
    renewal = services.promise_renew(promise=promise, due_on=datetime.date(2026, 6, 30))
    client.force_login(staff_a1)
    assert renewal.get_absolute_url() in client.get(page(promise)).content.decode()
    assert page(promise) in client.get(page(renewal)).content.decode()


def test_the_page_takes_the_same_queries_whatever_the_notes(client, staff_a1, promise):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(staff_a1)
    client.get(page(promise))
    with CaptureQueriesContext(connection) as one:
        client.get(page(promise))
    for i in range(20):
        PromiseNote.objects.create(
            promise=promise, written_on=datetime.date(2025, 9, 1), text=f"n{i}", author=staff_a1
        )
    with CaptureQueriesContext(connection) as many:
        client.get(page(promise))
    assert len(many) == len(one)


def test_the_page_reads_in_chinese(client, staff_a1, promise):
    client.force_login(staff_a1)
    client.cookies["django_language"] = "zh-hans"
    html = client.get(page(promise)).content.decode()
    assert "报告已完成" in html and "添加进展记录" in html and "已超期" in html
