"""Who was present, where the community keeps a roster (evaluations/presence.py), through
the entry page that binds it: the roll is the roster on the meeting's date, present is
how many are ticked; without a roster the counts work as before."""

import datetime

import pytest

from evaluations.models import Meeting
from tests import factories
from tests.evaluations.helpers import edit_url, form_data

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def roster(city):
    """DA-1-0 keeps a roster: 6 serve all of 2009, one ends on 2009-08-31, one starts
    2009-09-15 (after the meeting): 7 serve on 2009-09-10."""
    community = city.a1[0]
    people = [
        factories.RepresentativeFactory(
            community=community, name=f"代表{i}", start_date=D(2008, 1, 1)
        )
        for i in range(6)
    ]
    people.append(
        factories.RepresentativeFactory(
            community=community, name="到期代表", start_date=D(2008, 1, 1), end_date=D(2009, 8, 31)
        )
    )
    people.append(
        factories.RepresentativeFactory(
            community=community, name="新代表", start_date=D(2009, 9, 1)
        )
    )
    people.append(
        factories.RepresentativeFactory(
            community=community, name="后来代表", start_date=D(2009, 9, 15)
        )
    )
    return people


def ticked(data, people):
    return {**data, "presence-attendees": [p.pk for p in people]}


def test_the_entry_page_lists_the_roster_to_tick(client, staff_a1, posted, roster):
    client.force_login(staff_a1)
    body = client.get(edit_url("DA-1-0")).content.decode()
    assert 'data-testid="presence"' in body
    assert all(p.name in body for p in roster)  # every one serving some day of the quarter


def test_without_a_roster_the_entry_page_has_no_checklist(client, staff_a1, posted):
    client.force_login(staff_a1)
    assert 'data-testid="presence"' not in client.get(edit_url("DA-1-0")).content.decode()


def test_present_is_the_number_ticked_whatever_was_typed(client, staff_a1, posted, roster):
    client.force_login(staff_a1)
    data = ticked(form_data(posted["a"], present=99, counts=(2, 1, 1, 0)), roster[:5])
    response = client.post(edit_url("DA-1-0"), data)
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert meeting.present == 5
    assert set(meeting.attendees.all()) == set(roster[:5])


def test_the_roll_is_the_roster_serving_on_the_meeting_date(client, staff_a1, posted, roster):
    client.force_login(staff_a1)
    client.post(edit_url("DA-1-0"), ticked(form_data(posted["a"], counts=(1, 0, 0, 0)), roster[:4]))
    meeting = Meeting.objects.get()
    assert meeting.roll == 7  # not the community's 10, not the 9 names of the roster
    assert meeting.held_on == D(2009, 9, 10)


def test_too_few_ticked_for_the_votes_is_refused_naming_the_count(client, staff_a1, posted, roster):
    client.force_login(staff_a1)
    data = ticked(form_data(posted["a"], counts=(2, 1, 1, 0)), roster[:3])
    response = client.post(edit_url("DA-1-0"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "more than the 3 representatives present" in " ".join(
        errors[f"{posted['a'].pk}-basically_satisfied"]  # 2 + 1 + 1: the third count
    )
    assert not Meeting.objects.exists()


def test_no_one_ticked_is_refused(client, staff_a1, posted, roster):
    client.force_login(staff_a1)
    response = client.post(
        edit_url("DA-1-0"), ticked(form_data(posted["a"], counts=(0, 0, 0, 0)), [])
    )
    assert "present" in response.context["form"].errors
    assert not Meeting.objects.exists()


def test_ticking_someone_not_serving_on_the_date_is_refused(client, staff_a1, posted, roster):
    client.force_login(staff_a1)
    data = ticked(form_data(posted["a"], counts=(1, 0, 0, 0)), [roster[0], roster[-1]])
    response = client.post(edit_url("DA-1-0"), data)  # 后来代表 starts 2009-09-15
    assert response.status_code == 200
    assert "not on the roster of DA-1-0 on 2009-09-10" in response.content.decode()
    assert not Meeting.objects.exists()


def test_another_communitys_representative_cannot_be_ticked(client, staff_a1, posted, roster, city):
    stranger = factories.RepresentativeFactory(community=city.b1[0], name="乙代表")
    client.force_login(staff_a1)
    data = ticked(form_data(posted["a"], counts=(1, 0, 0, 0)), [roster[0], stranger])
    response = client.post(edit_url("DA-1-0"), data)
    assert response.context["presence"].errors
    assert not Meeting.objects.exists()


def test_a_correction_changes_who_was_present_and_keeps_the_ticks_shown(
    client, staff_a1, posted, roster
):
    client.force_login(staff_a1)
    client.post(edit_url("DA-1-0"), ticked(form_data(posted["a"], counts=(1, 0, 0, 0)), roster[:4]))
    meeting = Meeting.objects.get()
    page = client.get(edit_url("DA-1-0"))
    assert set(page.context["presence"].initial["attendees"]) == {p.pk for p in roster[:4]}
    client.post(
        edit_url("DA-1-0"),
        ticked(form_data(posted["a"], counts=(1, 0, 0, 0), version=meeting.version), roster[:6]),
    )
    meeting.refresh_from_db()
    assert (meeting.present, meeting.version) == (6, 2)
    assert meeting.attendees.count() == 6


def test_other_streets_names_never_reach_the_entry_page(client, staff_a1, posted, roster, city):
    factories.RepresentativeFactory(community=city.a1[1], name="邻居代表")
    client.force_login(staff_a1)
    assert "邻居代表" not in client.get(edit_url("DA-1-0")).content.decode()


def test_the_meeting_page_names_who_was_present(client, staff_a1, posted, roster):
    client.force_login(staff_a1)
    client.post(edit_url("DA-1-0"), ticked(form_data(posted["a"], counts=(1, 0, 0, 0)), roster[:2]))
    meeting = Meeting.objects.get()
    body = client.get(meeting.get_absolute_url()).content.decode()
    attendees = body.split('data-testid="attendees">')[1].split("</dd>")[0]
    assert attendees == f"{roster[0].name}、{roster[1].name}"


@pytest.mark.parametrize("odd", ["²", "１", "9" * 30])
def test_a_ticked_box_that_is_no_id_is_refused_on_the_page_not_a_server_error(
    client, staff_a1, posted, roster, odd
):
    client.force_login(staff_a1)
    data = ticked(form_data(posted["a"], counts=(2, 1, 1, 0)), roster[:5])
    data["presence-attendees"] = [*data["presence-attendees"], odd]
    response = client.post(edit_url("DA-1-0"), data)
    assert response.status_code == 200
    assert "attendees" in response.context["presence"].errors
    assert not Meeting.objects.exists()
