"""The grievances a promise answers, on the meeting entry page (grievances/promise_answers.py):
a box per grievance raised at the meeting in each promise row, saved with the meeting."""

import datetime

import pytest

from evaluations.models import Promise
from tests import factories
from tests.evaluations.helpers import edit_url, form_data
from tests.evaluations.promises.helpers import meeting, promise

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(city, posted):
    at = meeting(city.a1[0], posted["a"], 2009, 3, held_on=datetime.date(2009, 9, 10))
    raised = factories.GrievanceFactory(
        community=city.a1[0], meeting=at, summary="小区被盗两次", received_on=at.held_on
    )
    return at, promise(at, posted["a"]), raised


def row(p, **more):
    return {
        "promise-TOTAL_FORMS": 1,
        "promise-INITIAL_FORMS": 1,
        "promise-MIN_NUM_FORMS": 0,
        "promise-MAX_NUM_FORMS": 1000,
        "promise-0-promise": p.pk,
        "promise-0-version": p.version,
        "promise-0-owner": f"official:{p.official_id}",
        "promise-0-text": p.text,
        "promise-0-due_on": p.due_on.isoformat(),
    } | {f"promise-0-{k}": v for k, v in more.items()}


def test_each_promise_row_offers_the_grievances_raised_at_the_meeting(client, staff_a1, held):
    client.force_login(staff_a1)
    page = client.get(edit_url("DA-1-0")).content.decode()
    assert 'name="promise-0-answers"' in page and "小区被盗两次" in page


def test_a_ticked_grievance_is_linked_to_the_promise_with_the_meeting(
    client, staff_a1, posted, held
):
    at, p, raised = held
    client.force_login(staff_a1)
    data = form_data(posted["a"], version=at.version) | row(p, answers=raised.pk)
    assert client.post(edit_url("DA-1-0"), data).status_code == 302
    assert list(raised.promises.all()) == [p]


def test_a_grievance_of_another_meeting_is_refused_and_nothing_saved(
    client, staff_a1, posted, held, city
):
    at, p, raised = held
    elsewhere = factories.GrievanceFactory(community=city.a1[0])
    client.force_login(staff_a1)
    data = form_data(posted["a"], version=at.version, present=9) | row(
        p, answers=elsewhere.pk, text="改了"
    )
    response = client.post(edit_url("DA-1-0"), data)
    assert response.status_code == 200
    assert "A promise answers only grievances raised at its own meeting." in (
        response.content.decode()
    )
    at.refresh_from_db()
    assert (at.present, Promise.objects.get().text, elsewhere.promises.count()) == (
        8,
        "组织夜间巡逻",
        0,
    )
