"""tools/benchmark.py: every page of the benchmark answers, and takes the same number
of queries in a small city with one year of data as in a bigger one with two."""

import pytest
from django.db import transaction

from districts.demo import DEMO_PASSWORD
from evaluations.models import Meeting
from tools import benchmark, scale

pytestmark = pytest.mark.django_db


def query_counts(size, years, folder):
    with transaction.atomic():
        city = scale.seed(size, years=years, seed=5, folder=folder, log=lambda line: None)
        scale.seed_logins(city, DEMO_PASSWORD)
        year, quarter = Meeting.objects.order_by("-year", "-quarter").values_list(
            "year", "quarter"
        )[0]
        counts = {
            name: benchmark.measure(name, action, repeat=1).queries
            for name, action in benchmark.pages(year, quarter)
        }
        transaction.set_rollback(True)
    return counts


def test_every_page_takes_the_same_queries_at_two_sizes(tmp_path):
    small = query_counts("tiny", 1, tmp_path / "tiny")
    bigger = query_counts("small", 2, tmp_path / "small")
    assert small == bigger
