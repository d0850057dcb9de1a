"""core/interchange/registry.py: kinds found by name, every app's kinds listed."""

import pytest

from core import interchange

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kind")]


def test_a_registered_kind_is_found_by_its_name(kind):
    assert interchange.get_kind("test_districts") is kind


def test_the_kinds_of_every_app_are_registered_and_listed_by_name():
    names = list(interchange.kinds())
    assert {"areas", "officials", "reviews", "results", "surveys", "grievances"} <= set(names)
    assert names == sorted(names)


def test_an_unknown_kind_is_refused_naming_the_known_ones():
    with pytest.raises(ValueError, match=r"Unknown kind planets; known kinds: areas, grievances"):
        interchange.get_kind("planets")
