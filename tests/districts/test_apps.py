"""districts/apps.py: the areas and officials registered with the data versions
(core/dataversion.py) by their own app."""

import pytest

from core import dataversion
from districts.models import Community, District, Official, Street

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [District, Street, Community])
def test_a_saved_or_deleted_area_changes_everything(model):
    assert dataversion.topics_of(model()) == ()


def test_a_saved_or_deleted_official_changes_the_recommendations_only():
    assert dataversion.topics_of(Official()) == ("recommendations",)


def test_a_renamed_district_changes_every_topics_version(cached, city):
    versions = [dataversion.current([t]) for t in ("reviews:2009", "grievances")]
    city.district_a.name = "甲区（新）"
    city.district_a.save()
    assert [dataversion.current([t]) for t in ("reviews:2009", "grievances")] != versions
