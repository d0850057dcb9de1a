"""grievances/services/problems.py: an item sent back 3 times or reopened twice by the
resident's verdict goes to its district once, on its timeline and in the inbox of its
district's officials: at the step that makes it one, or by the daily job for an item that
reached the rule otherwise (imported); never twice."""

import datetime
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from districts.models import Notification
from grievances import services
from grievances.models import FollowUp, Grievance
from grievances.models.grievance import RESIDENT_UNSATISFIED
from tests import factories
from tests.grievances.services.helpers import answered, proposed

pytestmark = pytest.mark.django_db
D = datetime.date
NOW = datetime.datetime(2026, 10, 9, 1, 0, tzinfo=datetime.UTC)


def send_back(item, dept_a1, staff_a1, times):
    """``times`` proposals sent back (each proposed first, unless one is waiting)."""
    for n in range(times):
        if item.proposed_at is None:
            services.grievance_propose(grievance=item, answer=f"第{n + 1}次答复", user=dept_a1)
        services.grievance_send_back(grievance=item, reason="答复不具体", user=staff_a1)
    item.refresh_from_db()
    return item


def reopen_by_verdict(item, dept_a1, staff_a1):
    services.grievance_verdict(grievance=item, verdict="unsatisfied", user=staff_a1)
    item.refresh_from_db()


def problem_entries(item):
    return list(item.follow_ups.filter(kind="escalated", text="problem").values_list("text"))


def problem_notices():
    return list(
        Notification.objects.filter(kind="problem_district").values_list(
            "user__username", "subject"
        )
    )


def test_the_third_send_back_escalates_the_item_to_its_district(
    referred, dept_a1, staff_a1, official_a
):
    proposed(referred, dept_a1)
    item = send_back(referred, dept_a1, staff_a1, 2)
    assert item.problem_escalated_at is None
    assert not problem_notices()
    item = send_back(item, dept_a1, staff_a1, 1)  # a proposal again, sent back a third time
    assert item.problem_escalated_at is not None
    assert problem_entries(item) == [("problem",)]
    assert problem_notices() == [(official_a.username, item.reference)]


def test_a_fourth_send_back_escalates_nothing_again(referred, dept_a1, staff_a1, official_a):
    proposed(referred, dept_a1)
    item = send_back(referred, dept_a1, staff_a1, 3)
    escalated_at = item.problem_escalated_at
    Notification.objects.update(read_at=NOW)
    item = send_back(item, dept_a1, staff_a1, 1)  # the fourth
    assert item.problem_escalated_at == escalated_at
    assert len(problem_entries(item)) == 1
    assert Notification.objects.filter(kind="problem_district", read_at__isnull=True).count() == 0


def test_the_second_reopening_by_an_unsatisfied_verdict_escalates_the_item(
    referred, dept_a1, staff_a1, official_a
):
    answered(referred, dept_a1, staff_a1)
    reopen_by_verdict(referred, dept_a1, staff_a1)
    assert referred.problem_escalated_at is None
    answered(referred, dept_a1, staff_a1)
    reopen_by_verdict(referred, dept_a1, staff_a1)
    assert referred.problem_escalated_at is not None
    assert problem_entries(referred) == [("problem",)]
    assert problem_notices() == [(official_a.username, referred.reference)]


def test_reopenings_by_the_street_alone_do_not_make_a_problem_item(referred, dept_a1, staff_a1):
    for _ in range(2):
        answered(referred, dept_a1, staff_a1)
        services.grievance_reopen(grievance=referred, reason="复查未解决", user=staff_a1)
    referred.refresh_from_db()
    assert referred.problem_escalated_at is None


def test_only_the_officials_of_the_items_district_are_told(
    referred, dept_a1, staff_a1, official_a, official_b, city_official
):
    proposed(referred, dept_a1)
    send_back(referred, dept_a1, staff_a1, 3)
    assert problem_notices() == [(official_a.username, referred.reference)]
    assert not staff_a1.notifications.filter(kind="problem_district").exists()


def test_the_timeline_shows_the_escalation_in_the_readers_language(referred, dept_a1, staff_a1):
    proposed(referred, dept_a1)
    send_back(referred, dept_a1, staff_a1, 3)
    entry = referred.follow_ups.get(kind="escalated")
    with translation.override("zh-hans"):
        assert "问题件" in entry.shown_text
    with translation.override("en"):
        assert "problem item" in entry.shown_text


# ---- the daily job: items that reached the rule otherwise ------------------------------


@pytest.fixture
def imported(city, police_a1):
    """Referred items as an import leaves them, their hand-backs written on the timeline
    before the rule existed: one sent back 3 times, one reopened twice by verdicts, one
    sent back twice (not a problem item)."""

    def item(returned=0, reopened=0):
        g = factories.GrievanceFactory(
            community=city.a1[0],
            received_on=D(2026, 5, 1),
            disposition="referred",
            department=police_a1,
            deadline=D(2026, 12, 30),
        )
        FollowUp.objects.bulk_create(
            [FollowUp(grievance=g, kind="returned", text="答复不具体") for _ in range(returned)]
            + [
                FollowUp(grievance=g, kind="reopened", text=RESIDENT_UNSATISFIED)
                for _ in range(reopened)
            ]
        )
        return g

    return item


def test_the_job_escalates_an_imported_problem_item_once_even_run_twice(imported, official_a):
    sent_back, reopened, fine = imported(returned=3), imported(reopened=2), imported(returned=2)
    assert services.problem_escalate(now=NOW) == 2
    assert services.problem_escalate(now=NOW) == 0
    for item in (sent_back, reopened):
        item.refresh_from_db()
        assert item.problem_escalated_at == NOW
        assert problem_entries(item) == [("problem",)]
    fine.refresh_from_db()
    assert fine.problem_escalated_at is None
    assert sorted(s for _u, s in problem_notices()) == sorted(
        [sent_back.reference, reopened.reference]
    )


def test_the_job_leaves_an_item_the_step_escalated_alone(referred, dept_a1, staff_a1):
    proposed(referred, dept_a1)
    send_back(referred, dept_a1, staff_a1, 3)
    assert services.problem_escalate() == 0
    assert len(problem_entries(referred)) == 1


def test_the_job_makes_the_same_number_of_queries_for_few_and_many_items(imported, official_a):
    def queries(n):
        for _ in range(n):
            imported(returned=3)
        with CaptureQueriesContext(connection) as ctx:
            services.problem_escalate()
        return len(ctx.captured_queries)

    assert queries(2) == queries(30)


@pytest.mark.django_db(transaction=True)
def test_two_jobs_at_once_escalate_each_item_once(imported, official_a):
    items = [imported(returned=3) for _ in range(20)]
    start = threading.Barrier(2)
    results = [0, 0]

    def run(n):
        try:
            start.wait()
            results[n] = services.problem_escalate()
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(results) == len(items)  # each item counted by the one run that escalated it
    assert FollowUp.objects.filter(kind="escalated", text="problem").count() == 20
    assert Notification.objects.filter(kind="problem_district").count() == 20
    assert Grievance.objects.filter(problem_escalated_at__isnull=True).count() == 0
