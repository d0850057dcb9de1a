"""The roster model (districts/models/representatives.py): terms, constraints, scope."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from districts import scoping
from districts.models import Representative
from tests import factories

pytestmark = pytest.mark.django_db

D = datetime.date


def test_a_representative_serves_from_the_first_to_the_last_day_of_the_term(city):
    person = factories.RepresentativeFactory(
        community=city.a1[0], start_date=D(2009, 1, 1), end_date=D(2009, 6, 30)
    )
    assert [person.serving_on(d) for d in (D(2008, 12, 31), D(2009, 1, 1), D(2009, 6, 30))] == [
        False,
        True,
        True,
    ]
    assert not person.serving_on(D(2009, 7, 1))


def test_active_on_counts_the_same_terms_in_sql(city):
    factories.RepresentativeFactory(community=city.a1[0], start_date=D(2009, 1, 1))
    factories.RepresentativeFactory(
        community=city.a1[0], start_date=D(2008, 1, 1), end_date=D(2009, 3, 31)
    )
    factories.RepresentativeFactory(community=city.a1[0], start_date=D(2009, 5, 1))
    qs = Representative.objects.filter(community=city.a1[0])
    assert qs.active_on(D(2009, 3, 31)).count() == 2
    assert qs.active_on(D(2009, 4, 1)).count() == 1
    assert qs.active_on(D(2009, 5, 1)).count() == 2


def test_a_term_ending_before_it_starts_is_refused_with_a_message_not_a_constraint_name(city):
    person = Representative(
        community=city.a1[0], name="王芳", start_date=D(2009, 5, 1), end_date=D(2009, 4, 1)
    )
    with pytest.raises(ValidationError) as exc:
        person.full_clean()
    assert exc.value.message_dict["end_date"] == ["The end date is before the start date."]
    assert "representative_ends_after_it_starts" not in str(exc.value)


def test_the_same_name_starting_the_same_day_twice_in_a_community_is_refused_in_words(city):
    factories.RepresentativeFactory(community=city.a1[0], name="王芳", start_date=D(2009, 1, 1))
    twin = Representative(community=city.a1[0], name="王芳", start_date=D(2009, 1, 1))
    with pytest.raises(ValidationError) as exc:
        twin.full_clean()
    assert "already has a representative of this name" in str(exc.value)
    assert "representative_unique_term" not in str(exc.value)


def test_a_phone_with_letters_is_refused(city):
    person = Representative(
        community=city.a1[0], name="王芳", start_date=D(2009, 1, 1), phone="call me"
    )
    with pytest.raises(ValidationError) as exc:
        person.full_clean()
    assert "phone" in exc.value.message_dict


def test_names_are_visible_only_inside_the_users_scope(
    city, staff_a1, staff_b1, official_a, official_b, city_official
):
    factories.RepresentativeFactory(community=city.a1[0], name="甲代表")
    factories.RepresentativeFactory(community=city.a2[0], name="甲二代表")
    factories.RepresentativeFactory(community=city.b1[0], name="乙代表")

    def names(user):
        return sorted(
            scoping.visible(user, Representative.objects.all()).values_list("name", flat=True)
        )

    assert names(staff_a1) == ["甲代表"]
    assert names(staff_b1) == ["乙代表"]
    assert names(official_a) == ["甲二代表", "甲代表"]
    assert names(official_b) == ["乙代表"]
    assert len(names(city_official)) == 3
