"""grievances/views/detail.py: the item's page, 404 outside the user's area, with the
forms of its steps and the meeting it was raised at."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from evaluations import services as review_services
from grievances import services
from grievances.models import Verdict
from tests import factories

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize("user_fixture", ["staff_a1", "official_a"])
def test_another_streets_grievance_is_404(client, request, items, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.get(reverse("grievances:detail", args=["B1-2009-0000"]))
    assert response.status_code == 404
    assert "b1秘密" not in response.content.decode()


def test_the_referral_form_offers_the_policy_default_and_shows_its_date(client, staff_a1, items):
    from core.workdays import add_working_days

    client.force_login(staff_a1)
    response = client.get(reverse("grievances:detail", args=["A1-2009-0000"]))
    field = response.context["refer_form"]["working_days"]
    expected = add_working_days(timezone.localdate(), 7).isoformat()
    assert field.initial == 7
    assert expected in str(field.help_text)


def test_an_item_raised_at_a_meeting_names_that_meeting_once_not_its_source_twice(
    client, city, staff_a1
):
    official = factories.PostingFactory(community=city.a1[0]).official
    meeting = review_services.meeting_save(
        community=city.a1[0],
        year=2009,
        quarter=1,
        held_on=datetime.date(2009, 3, 1),
        present=6,
        tallies=[review_services.Tally(official.pk, 6, 0, 0, 0)],
        submit=True,
    ).meeting
    item = services.grievance_create(
        community=city.a1[0],
        meeting=meeting,
        kind="opinion",
        summary="路灯不亮",
        received_on=datetime.date(2009, 3, 1),
        user=staff_a1,
    )
    client.force_login(staff_a1)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "review meeting 2009 Q1" in page
    assert page.count("review meeting") == 1


def test_without_javascript_the_referral_form_gives_the_date_of_every_choice(
    client, staff_a1, items
):
    """Issue 21, item 7: each choice of working days is labelled with its deadline."""
    from core.workdays import add_working_days

    client.force_login(staff_a1)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(reverse("grievances:detail", args=["A1-2009-0000"])).content.decode()
    today = timezone.localdate()
    for days in (1, 5, 7, 60):
        assert f"{days} 个工作日：{add_working_days(today, days).isoformat()}" in page
    assert "js/deadline.js" in page


@pytest.fixture
def referred(city, staff_a1, dept_a1, police_a1):
    item = factories.GrievanceFactory(community=city.a1[0], received_on=D(2026, 6, 1))
    services.grievance_refer(grievance=item, department=police_a1, working_days=7, user=staff_a1)
    services.grievance_accept(grievance=item, user=dept_a1)
    return services.grievance_propose(grievance=item, answer="已加强夜间巡逻", user=dept_a1)


def test_an_item_sent_back_shows_why_above_its_facts_and_the_previous_answer_to_edit(
    client, referred, dept_a1, staff_a1
):
    services.grievance_send_back(grievance=referred, reason="答复不具体", user=staff_a1)
    client.force_login(dept_a1)
    response = client.get(referred.get_absolute_url())
    body = response.content.decode()
    banner = body.index('data-testid="handed-back"')
    assert banner < body.index('data-testid="grievance"')
    assert "答复不具体" in body[banner : body.index('data-testid="grievance"')]
    assert response.context["propose_form"].initial["answer"] == "已加强夜间巡逻"


def test_the_timeline_names_the_resident_for_their_verdict_on_the_public_page(
    client, referred, staff_a1
):
    services.grievance_confirm(grievance=referred, user=staff_a1)
    code = services.receipt_issue(grievance=referred, user=staff_a1)
    services.verdict_by_receipt(reference=referred.reference, code=code, verdict="unsatisfied")
    client.force_login(staff_a1)
    timeline = client.get(referred.get_absolute_url()).content.decode().split("Timeline")[-1]
    assert timeline.count("the resident (public page)") == 2
    assert "import or system" not in timeline
    assert "Reopened by the resident" in client.get(referred.get_absolute_url()).content.decode()


def test_a_verdict_given_in_english_reads_in_chinese_on_a_chinese_page(
    client, referred, staff_a1, dept_a1
):
    services.grievance_confirm(grievance=referred, user=staff_a1)
    code = services.receipt_issue(grievance=referred, user=staff_a1)
    with translation.override("en"):  # the resident's browser in English
        services.verdict_by_receipt(reference=referred.reference, code=code, verdict="unsatisfied")
    client.force_login(dept_a1)
    body = client.get(referred.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="zh-hans").content
    text = body.decode()
    with translation.override("zh-hans"):
        assert str(Verdict.UNSATISFIED.label) in text
        assert translation.gettext("The resident is unsatisfied with the answer.") in text
    assert "The resident is unsatisfied" not in text
    assert ": unsatisfied" not in text


def test_once_the_street_confirms_the_answer_the_department_reads_resolved_not_accepted(
    client, referred, staff_a1
):
    """Issue 21: after the confirmation the department's status still read 已签收."""
    services.grievance_confirm(grievance=referred, user=staff_a1)
    client.force_login(staff_a1)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(referred.get_absolute_url()).content.decode()
    handling = page.split('data-testid="handling">')[1].split("</dd>")[0]
    assert handling.startswith("已办结") and "答复已确认" in handling
    assert "已签收" not in handling


def test_a_problem_items_page_shows_its_badge_the_escalation_and_its_timeline_entry(
    client, official_a, problem_item
):
    client.force_login(official_a)
    page = client.get(reverse("grievances:detail", args=[problem_item.reference])).content
    page = page.decode()
    assert 'data-testid="problem-badge"' in page
    assert 'data-testid="problem-escalated"' in page
    assert "to the district, as a problem item (sent back 3 times or reopened twice)" in page


def test_a_problem_item_reads_in_chinese_on_a_chinese_page(client, official_a, problem_item):
    client.force_login(official_a)
    with translation.override("zh-hans"):
        url = reverse("grievances:detail", args=[problem_item.reference])
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "问题件" in page
    assert "作为问题件提级至区" in page


def test_another_districts_official_gets_404_for_the_problem_item(
    client, official_b, problem_item, view_exceptions
):
    client.force_login(official_b)
    response = client.get(reverse("grievances:detail", args=[problem_item.reference]))
    view_exceptions.assert_not_found_by(response, "grievances:detail", problem_item.__class__)


def test_an_item_that_is_no_problem_has_no_badge(client, official_a, items):
    client.force_login(official_a)
    page = client.get(reverse("grievances:detail", args=["A1-2009-0001"])).content.decode()
    assert "problem-badge" not in page and "problem-escalated" not in page
