"""The entry page with promises (evaluations/promises/entry.py): its queries, its scope,
hostile fields and its Chinese."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories
from tests.evaluations.helpers import edit_url, form_data
from tests.evaluations.promises.helpers import meeting, promise

from .helpers import new_promise, row_of, rows

pytestmark = pytest.mark.django_db


def entry_queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_entry_page_reads_the_same_for_1_and_10_promises_and_verdicts(
    client, staff_a1, official, city
):
    before = meeting(city.a1[0], official, 2009, 2)
    at = meeting(city.a1[0], official, 2009, 3, held_on=datetime.date(2009, 9, 20))
    factories.GrievanceFactory(community=city.a1[0], meeting=at)
    promise(at, official)
    promise(before, official, due_on=datetime.date(2009, 8, 31))
    client.force_login(staff_a1)
    one = entry_queries(client, edit_url("DA-1-0"))
    for _ in range(9):
        promise(at, official)
        promise(before, official, due_on=datetime.date(2009, 8, 31))
    assert entry_queries(client, edit_url("DA-1-0")) == one


def test_another_streets_meeting_entry_is_404(client, staff_b1, official, saved_with_promise):
    client.force_login(staff_b1)
    assert client.get(edit_url("DA-1-0")).status_code == 404
    assert client.post(edit_url("DA-1-0"), form_data(official)).status_code == 404


@pytest.mark.parametrize(
    "hostile",
    [
        {"verdicts": "99999999999999999999"},
        {"verdicts": "١٢"},
        {"promise-TOTAL_FORMS": "100000"},
        {"promise-TOTAL_FORMS": "x"},
        {"promise-0-promise": "99999999999999999999", "promise-0-owner": "official:1"},
        {"promise-0-owner": "official:99999999999999999999"},
        {"promise-0-answers": "99999999999999999999"},
    ],
)
def test_hostile_promise_fields_are_refused_without_an_error_page(
    client, staff_a1, official, earlier, hostile
):
    client.force_login(staff_a1)
    data = form_data(official) | rows(new_promise(f"official:{official.pk}")) | hostile
    assert client.post(edit_url("DA-1-0"), data).status_code in (200, 302, 409)


def test_the_entry_page_shows_the_promises_in_chinese(client, staff_a1, official, earlier):
    client.force_login(staff_a1)
    body = client.get(edit_url("DA-1-0"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "本次会议作出的承诺" in body and "对以往承诺的评议" in body
    assert "再加一项承诺" in body


def test_the_error_summary_names_the_promise_rows_in_the_order_of_the_page(
    client, staff_a1, official, saved_with_promise
):
    at, p = saved_with_promise
    client.force_login(staff_a1)
    data = form_data(official, version=at.version, counts=(9, 0, 0, 0)) | rows(
        row_of(p, due_on="2011-01-01"), initial=1
    )
    response = client.post(edit_url("DA-1-0"), data | {"reason": ""})
    labels = [e["label"] for e in response.context["error_summary"]]
    assert labels == [
        "甲警官 · Very satisfied",
        "Promise 1 · Due on",
        "Reason for the correction",
    ]
