"""grievances/views/detail.py: the item's page, 404 outside the user's area, with the
forms of its steps and the meeting it was raised at."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import services as review_services
from grievances import services
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
