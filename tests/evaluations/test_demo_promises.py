"""evaluations/demo_promises.py: the report's night patrol at Wanfeng, kept, and a mix of
every state elsewhere in the demo city."""

import pytest
from django.utils import timezone

from evaluations import demo_promises
from evaluations.models import Promise, PromiseState

pytestmark = pytest.mark.django_db


def test_wanfengs_night_patrol_was_promised_by_its_police_officer_and_judged_kept(demo):
    patrol = Promise.objects.get(
        meeting__community__code="JB-WLD-02", meeting__year=2009, meeting__quarter=3, number=1
    )
    assert "夜间巡逻" in patrol.text
    assert (patrol.official.code, patrol.done_on is not None) == ("P-JB-WLD-02", True)
    assert (patrol.judged_at.year, patrol.judged_at.quarter, patrol.is_kept) == (2009, 4, True)
    assert patrol.kept_votes + patrol.not_kept_votes <= patrol.judged_at.present


def test_the_demo_has_every_state_a_renewal_and_a_department_owner(demo):
    states = set(Promise.objects.with_state(timezone.localdate()).values_list("state", flat=True))
    assert {PromiseState.KEPT, PromiseState.NOT_KEPT, PromiseState.OVERDUE} <= states
    assert Promise.objects.filter(renews__isnull=False).count() == 1
    assert Promise.objects.filter(department__isnull=False).exists()


def test_seeding_the_promises_again_changes_nothing(demo):
    history = Promise.history.count()
    lines = []
    demo_promises.seed(lines)
    assert "promises: 0 created, 0 updated, 9 unchanged." in lines
    assert Promise.history.count() == history
