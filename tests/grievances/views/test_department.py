"""grievances/views/department.py: the department's work list (its home) and steps."""

import datetime

import pytest
from django.urls import reverse

from grievances import services
from grievances.models import Grievance
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def work(city, staff_a1, police_a1, settings):
    """Referred to the police of DA-1: one overdue, one due soon, one open, one done;
    and one referred to its judicial office, one not referred."""
    today = D(2026, 6, 15)  # a Monday
    made = {}
    for key, deadline, resolved in (
        ("overdue", D(2026, 6, 12), None),
        ("due_soon", D(2026, 6, 16), None),
        ("open", D(2026, 6, 30), None),
        ("done", D(2026, 6, 10), D(2026, 6, 9)),
    ):
        made[key] = factories.GrievanceFactory(
            community=city.a1[0],
            received_on=D(2026, 6, 1),
            disposition="referred",
            department=police_a1,
            deadline=deadline,
            resolved_on=resolved,
        )
    judicial = factories.DepartmentFactory(street=city.street_a1, key="judicial")
    made["other"] = factories.GrievanceFactory(
        community=city.a1[0],
        received_on=D(2026, 6, 1),
        disposition="referred",
        department=judicial,
        deadline=D(2026, 6, 12),
    )
    return today, made


def sections(response):
    return {
        key: [g.reference for g in rows]
        for key, _label, rows, _count in response.context["sections"]
    }


def test_the_work_list_sorts_the_departments_items_and_nothing_else(
    client, dept_a1, work, monkeypatch
):
    today, made = work
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: today)
    client.force_login(dept_a1)
    response = client.get(reverse("grievances:work"))
    assert sections(response) == {
        "overdue": [made["overdue"].reference],
        "due_soon": [made["due_soon"].reference],
        "open": [made[key].reference for key in ("overdue", "due_soon", "open")],
        "done": [made["done"].reference],
    }
    assert made["other"].reference not in response.content.decode()


def test_the_open_tab_counts_overdue_items_too_as_the_street_home_does(
    client, dept_a1, work, monkeypatch
):
    """Issue 21: the tab read 未办结 (0) above an open overdue item."""
    today, made = work
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: today)
    client.force_login(dept_a1)
    response = client.get(reverse("grievances:work"))
    counts = {key: count for key, _label, _rows, count in response.context["sections"]}
    assert counts["open"] == 3  # overdue, due soon and the third: none is resolved


def test_the_work_list_takes_the_same_number_of_queries_whatever_its_length(
    client, dept_a1, work, police_a1, city, django_assert_max_num_queries
):
    client.force_login(dept_a1)
    # + the promises the department owns (issue 20) and its own record (issue 25)
    with django_assert_max_num_queries(22) as small:
        client.get(reverse("grievances:work"))
    for _n in range(15):
        factories.GrievanceFactory(
            community=city.a1[1],
            received_on=D(2026, 6, 1),
            disposition="referred",
            department=police_a1,
            deadline=D(2026, 6, 30),
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("grievances:work"))


def test_the_work_lists_open_section_reads_as_a_status_in_chinese_not_the_verb(
    client, dept_a1, work
):
    """Issue 21, item 14: "Open" was translated 打开 (open a page)."""
    client.force_login(dept_a1)
    client.cookies["django_language"] = "zh-hans"
    response = client.get(reverse("grievances:work"))
    labels = {key: label for key, label, _rows, _count in response.context["sections"]}
    assert labels["open"] == "未办结"


def test_department_staff_land_on_their_work_list(client, dept_a1):
    client.force_login(dept_a1)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("grievances:work")


def test_the_work_list_is_404_for_everyone_else(client, staff_a1):
    client.force_login(staff_a1)
    assert client.get(reverse("grievances:work")).status_code == 404


def test_the_department_accepts_from_the_items_page(client, dept_a1, work):
    _today, made = work
    item = made["open"]
    client.force_login(dept_a1)
    page = client.get(item.get_absolute_url())
    assert 'data-testid="accept-form"' in page.content.decode()
    response = client.post(
        reverse("grievances:department_step", args=[item.reference, "accept"]),
        {"version": item.version},
    )
    assert response.status_code == 302
    assert Grievance.objects.get(pk=item.pk).accepted_at is not None


def test_a_stale_proposal_is_refused_with_what_changed_and_the_text_kept(
    client, dept_a1, staff_a1, work
):
    _today, made = work
    item = made["open"]
    services.grievance_accept(grievance=item, user=dept_a1)
    item.refresh_from_db()
    opened_at = item.version
    services.grievance_refer(
        grievance=item, department=item.department, deadline=D(2026, 7, 3), user=staff_a1
    )
    client.force_login(dept_a1)
    response = client.post(
        reverse("grievances:department_step", args=[item.reference, "propose"]),
        {"answer": "已处理完毕", "version": opened_at},
    )
    assert response.status_code == 409
    assert "已处理完毕" in response.content.decode()
    assert Grievance.objects.get(pk=item.pk).proposed_answer == ""


def test_an_empty_progress_note_is_refused_naming_the_field(client, dept_a1, work):
    _today, made = work
    client.force_login(dept_a1)
    response = client.post(
        reverse("grievances:department_step", args=[made["open"].reference, "progress"]),
        {"text": "  "},
    )
    assert response.status_code == 400
    assert response.context["progress_form"].errors["text"]


def test_street_staff_cannot_use_the_departments_steps(client, staff_a1, work):
    _today, made = work
    client.force_login(staff_a1)
    response = client.post(
        reverse("grievances:department_step", args=[made["open"].reference, "accept"]),
        {"version": made["open"].version},
    )
    assert response.status_code == 403


def test_street_staff_confirm_the_proposal_from_the_items_page(client, dept_a1, staff_a1, work):
    _today, made = work
    item = made["open"]
    services.grievance_accept(grievance=item, user=dept_a1)
    services.grievance_propose(grievance=item, answer="已处理", user=dept_a1)
    item.refresh_from_db()
    client.force_login(staff_a1)
    assert 'data-testid="confirm-form"' in client.get(item.get_absolute_url()).content.decode()
    client.post(
        reverse("grievances:step", args=[item.reference, "confirm"]), {"version": item.version}
    )
    item.refresh_from_db()
    assert item.answer == "已处理" and item.resolved_on is not None


def sent_back(item, dept_a1, staff_a1):
    services.grievance_accept(grievance=item, user=dept_a1)
    services.grievance_propose(grievance=item, answer="已处理", user=dept_a1)
    return services.grievance_send_back(grievance=item, reason="答复不具体", user=staff_a1)


def test_an_answer_sent_back_is_first_on_the_work_list_and_says_so_with_the_reason(
    client, dept_a1, staff_a1, work
):
    _today, made = work
    sent_back(made["open"], dept_a1, staff_a1)
    client.force_login(dept_a1)
    response = client.get(reverse("grievances:work"))
    first_key, _label, rows, count = response.context["handed_back"][0]
    assert (first_key, [g.reference for g in rows], count) == (
        "sent_back",
        [made["open"].reference],
        1,
    )
    body = response.content.decode()
    assert "sent back</strong>: 答复不具体" in body
    assert "accepted</td>" not in body


def test_the_reason_an_answer_was_sent_back_follows_a_chinese_colon_in_chinese(
    client, dept_a1, staff_a1, work
):
    """Issue 21: it read 被退回 : 答复不具体, a half-width colon after a space."""
    _today, made = work
    sent_back(made["open"], dept_a1, staff_a1)
    client.force_login(dept_a1)
    client.cookies["django_language"] = "zh-hans"
    body = client.get(reverse("grievances:work")).content.decode()
    assert "被退回</strong>：答复不具体" in body


def test_the_work_list_with_items_sent_back_takes_the_same_queries_whatever_their_number(
    client, dept_a1, staff_a1, work, police_a1, city, django_assert_max_num_queries
):
    _today, made = work
    sent_back(made["open"], dept_a1, staff_a1)
    client.force_login(dept_a1)
    with django_assert_max_num_queries(25) as small:
        client.get(reverse("grievances:work"))
    for _n in range(5):
        item = factories.GrievanceFactory(community=city.a1[1], received_on=D(2026, 6, 1))
        services.grievance_refer(grievance=item, department=police_a1, working_days=7, user=None)
        sent_back(item, dept_a1, staff_a1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(reverse("grievances:work"))
    assert response.context["handed_back"][0][3] == 6


def test_a_progress_note_on_a_resolved_item_is_refused_with_why_and_nothing_written(
    client, dept_a1, work
):
    _today, made = work
    item = made["done"]
    notes = item.follow_ups.count()
    client.force_login(dept_a1)
    response = client.post(
        reverse("grievances:department_step", args=[item.reference, "progress"]),
        {"text": "还在跟进"},
    )
    assert response.status_code == 400
    assert "already resolved" in response.context["progress_form"].errors["text"][0]
    assert "already resolved" in response.content.decode()
    assert item.follow_ups.count() == notes


def test_a_problem_item_carries_its_badge_on_the_work_list(
    client, dept_a1, work, police_a1, django_assert_max_num_queries
):
    from grievances import services as grievance_services
    from tests.grievances.helpers import make_problem

    _today, made = work
    client.force_login(dept_a1)
    with django_assert_max_num_queries(25) as before:
        client.get(reverse("grievances:work"))
    make_problem(made["open"], police_a1)
    grievance_services.problem_escalate()
    with django_assert_max_num_queries(len(before.captured_queries)):
        response = client.get(reverse("grievances:work"))
    flagged = {
        key: [g.reference for g in rows if g.is_problem]
        for key, _label, rows, _count in response.context["sections"]
    }
    ref = made["open"].reference  # now past its deadline too: listed as overdue and open
    assert flagged == {"overdue": [ref], "due_soon": [], "open": [ref], "done": []}
    assert response.content.decode().count('data-testid="problem-badge"') == 2
