"""The meeting pack (dashboard/pack.py): what was raised since the last meeting and the
officials' levels, for the user's own communities only."""

import datetime

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db
D = datetime.date


def test_another_streets_meeting_pack_is_404(client, staff_a1, items):
    client.force_login(staff_a1)
    assert client.get(reverse("dashboard:pack", args=["DB-1-0"])).status_code == 404


def test_the_meeting_pack_lists_items_since_the_last_meeting_and_open_ones(
    client, staff_a1, city, items
):
    from evaluations import services as review_services
    from tests.factories import PostingFactory

    official = PostingFactory(community=city.a1[0]).official
    review_services.meeting_save(
        community=city.a1[0],
        year=2009,
        quarter=1,
        held_on=D(2009, 2, 20),
        present=6,
        tallies=[review_services.Tally(official.pk, 6, 0, 0, 0)],
        submit=True,
    )
    client.force_login(staff_a1)
    response = client.get(reverse("dashboard:pack", args=["DA-1-0"]))
    assert [g.reference for g in response.context["since"]] == [
        "A1-2009-0000",
        "A1-2009-0001",
        "A1-2009-0002",
    ]
    assert response.context["officials"][0]["levels"][0].counted_level == "very_satisfied"


def test_the_pack_reports_back_on_every_item_raised_at_the_last_meeting_with_its_status_now(
    client, staff_a1, city, police_a1
):
    from evaluations import services as review_services
    from evaluations.models import Meeting
    from tests.factories import GrievanceFactory, PostingFactory

    community = city.a1[0]
    official = PostingFactory(community=community).official
    for quarter, held_on in ((1, D(2009, 2, 20)), (2, D(2009, 5, 20))):
        review_services.meeting_save(
            community=community,
            year=2009,
            quarter=quarter,
            held_on=held_on,
            present=6,
            tallies=[review_services.Tally(official.pk, 6, 0, 0, 0)],
            submit=True,
        )
    q1, q2 = (Meeting.objects.get(community=community, quarter=q) for q in (1, 2))
    raised = {"community": community, "meeting": q2, "received_on": D(2009, 5, 20)}
    done = GrievanceFactory(
        reference="R-DONE",
        disposition="afterwards",
        resolved_on=D(2009, 6, 1),
        answered_on=D(2009, 6, 1),
        answer="已修复",
        verdict="unsatisfied",
        verdict_on=D(2009, 6, 2),
        **raised,
    )
    accepted = GrievanceFactory(
        reference="R-ACCEPTED",
        disposition="referred",
        department=police_a1,
        deadline=D(2099, 1, 1),
        accepted_at=datetime.datetime(2009, 5, 21, tzinfo=datetime.UTC),
        **raised,
    )
    GrievanceFactory(
        reference="R-EARLIER", community=community, meeting=q1, received_on=D(2009, 2, 20)
    )
    GrievanceFactory(reference="R-SINCE", community=community, received_on=D(2009, 6, 5))
    client.force_login(staff_a1)
    response = client.get(reverse("dashboard:pack", args=[community.code]))
    assert [g.reference for g in response.context["raised_last"]] == [
        accepted.reference,
        done.reference,
    ]
    assert [g.reference for g in response.context["since"]] == ["R-SINCE"]
    section = (
        response.content.decode().split('data-testid="pack-raised-last"')[1].split("</section>")[0]
    )
    assert "accepted by the department" in section
    assert "resolved" in section and "unsatisfied" in section
    assert "R-EARLIER" not in section


def test_the_meeting_pack_marks_a_problem_item(client, staff_a1, problem_item):
    client.force_login(staff_a1)
    response = client.get(reverse("dashboard:pack", args=["DA-1-0"]))
    assert [g.reference for g in response.context["still_open"] if g.is_problem] == [
        problem_item.reference
    ]
    assert 'data-testid="problem-badge"' in response.content.decode()


def test_the_pack_lists_the_last_meetings_promises_and_its_verdicts_as_totals(
    client, staff_a1, city
):
    from evaluations.promises import services as promise_services
    from tests import factories
    from tests.evaluations.promises.helpers import meeting, promise

    official = factories.PostingFactory(community=city.a1[0]).official
    first = promise(meeting(city.a1[0], official, 2009, 2), official, text="安装路灯")
    last = meeting(city.a1[0], official, 2009, 3)
    promise_services.promise_judge(
        promise=first, meeting=last, kept_votes=5, not_kept_votes=2, user=None
    )
    promise(last, official, text="组织夜间巡逻")
    client.force_login(staff_a1)
    body = client.get(reverse("dashboard:pack", args=["DA-1-0"])).content.decode()
    made = body.split('data-testid="pack-promises"')[1].split("pack-verdicts")[0]
    assert "组织夜间巡逻" in made
    verdicts = body.split('data-testid="pack-verdicts"')[1].split("</table>")[0]
    assert "2009 Q2 #1" in verdicts and ">5<" in verdicts and ">2<" in verdicts
    assert "kept" in verdicts


def test_the_packs_items_are_read_as_cards_on_a_phone(client, staff_a1, problem_item):
    # six columns of at least 6em each made the pack and the kit 512-528 px wide at 390 px
    client.force_login(staff_a1)
    html = client.get(reverse("dashboard:pack", args=["DA-1-0"])).content.decode()
    assert '<table class="table pack-items card-rows">' in html
    row = html.split('class="table pack-items card-rows"')[1].split("</tr>")[1]
    assert row.count("<td") - 1 == row.count("data-label=")
