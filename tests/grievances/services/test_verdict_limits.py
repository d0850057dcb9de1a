"""grievances/services/verdict_limits.py: the verdict page's counts of code checks, one
statement each; per address and per reference from one address (issue 22, item 6)."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from grievances.models import VerdictLimit
from grievances.services import (
    verdict_check_release,
    verdict_check_reserve,
    verdict_limits_prune,
)

pytestmark = pytest.mark.django_db


def counts():
    return dict(VerdictLimit.objects.values_list("key", "count"))


@override_settings(VERDICT_ATTEMPTS_PER_ADDRESS=10, VERDICT_ATTEMPTS_PER_REFERENCE=2)
def test_a_check_over_one_limit_leaves_nothing_reserved():
    reserved = [verdict_check_reserve(address="192.0.2.1", reference="JB-1") for _ in range(4)]
    assert reserved == [True, True, False, False]
    assert counts() == {"addr:192.0.2.1": 2, "ref:192.0.2.1:JB-1": 2}


@override_settings(VERDICT_ATTEMPTS_PER_ADDRESS=10, VERDICT_ATTEMPTS_PER_REFERENCE=5)
def test_a_right_code_gives_its_check_back():
    assert verdict_check_reserve(address="192.0.2.1", reference="JB-1")
    verdict_check_release(address="192.0.2.1", reference="JB-1")
    assert counts() == {"addr:192.0.2.1": 0, "ref:192.0.2.1:JB-1": 0}


@override_settings(VERDICT_ATTEMPTS_PER_ADDRESS=1, VERDICT_ATTEMPT_WINDOW_MINUTES=60)
def test_a_count_whose_window_has_passed_starts_again():
    assert verdict_check_reserve(address="192.0.2.1", reference="JB-1")
    assert not verdict_check_reserve(address="192.0.2.1", reference="JB-2")
    VerdictLimit.objects.update(started_at=timezone.now() - datetime.timedelta(minutes=61))
    assert verdict_check_reserve(address="192.0.2.1", reference="JB-3")
    assert counts()["addr:192.0.2.1"] == 1


@override_settings(VERDICT_ATTEMPTS_PER_ADDRESS=2, VERDICT_ATTEMPTS_PER_REFERENCE=100)
def test_an_ipv6_client_is_counted_by_its_64():
    first = verdict_check_reserve(address="2001:db8:1:2::a", reference="JB-1")
    second = verdict_check_reserve(address="2001:db8:1:2:ffff::b", reference="JB-2")
    third = verdict_check_reserve(address="2001:db8:1:2::c", reference="JB-3")
    assert (first, second, third) == (True, True, False)
    assert verdict_check_reserve(address="2001:db8:1:3::a", reference="JB-1")


@override_settings(VERDICT_ATTEMPT_WINDOW_MINUTES=60)
def test_pruning_deletes_the_counts_whose_window_has_passed():
    now = timezone.now()
    VerdictLimit.objects.create(key="addr:a", started_at=now - datetime.timedelta(hours=2))
    VerdictLimit.objects.create(key="addr:b", started_at=now - datetime.timedelta(minutes=5))
    assert verdict_limits_prune() == 1
    assert list(VerdictLimit.objects.values_list("key", flat=True)) == ["addr:b"]
