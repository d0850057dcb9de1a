"""districts/permissions.py: every ``may_*`` check, for every role (and anonymous, and an
inactive account), so a change of who may do what shows here first."""

import pytest
from django.contrib.auth.models import AnonymousUser

from districts import permissions

pytestmark = pytest.mark.django_db

ROLES = [
    "staff_a1",
    "official_a",
    "city_official",
    "admin_a",
    "admin_city",
    "dept_a1",
    "superuser",
]
# who may, of the roles above; anonymous and inactive accounts may nothing
ALLOWED = {
    "may_change_day_to_day": {"staff_a1"},
    "may_manage": {"admin_a", "admin_city", "superuser"},
    "may_set_policy": {"city_official", "superuser"},
    "may_set_ranking_inputs": {"city_official", "admin_city", "superuser"},
    "may_enter_surveys": {"city_official", "admin_city", "superuser"},
    "may_exchange_data": {"admin_a", "admin_city", "superuser"},
    "may_publish_quarter": {"official_a"},
    "may_publish_rankings": {"city_official", "superuser"},
    "may_see_unpublished_rankings": {
        "staff_a1",
        "official_a",
        "city_official",
        "admin_a",
        "admin_city",
        "superuser",
    },
}


@pytest.mark.parametrize("check", sorted(ALLOWED))
def test_each_check_allows_exactly_its_roles(request, check):
    allowed = {name for name in ROLES if getattr(permissions, check)(request.getfixturevalue(name))}
    assert allowed == ALLOWED[check]


@pytest.mark.parametrize("check", sorted(ALLOWED))
def test_anonymous_and_inactive_accounts_may_nothing(request, check):
    assert getattr(permissions, check)(AnonymousUser()) is False
    for name in ROLES:
        user = request.getfixturevalue(name)
        user.is_active = False
        assert getattr(permissions, check)(user) is False


def test_a_quarter_is_withdrawn_by_its_own_districts_officials_only(city, official_a, official_b):
    assert permissions.may_withdraw(official_a, district_id=city.district_a.pk)
    assert not permissions.may_withdraw(official_b, district_id=city.district_a.pk)


@pytest.mark.parametrize("name", ROLES)
def test_the_rankings_are_withdrawn_by_who_publishes_them(request, name):
    user = request.getfixturevalue(name)
    assert permissions.may_withdraw(user, district_id=None) is (
        name in ALLOWED["may_publish_rankings"]
    )


def test_no_city_level_role_withdraws_a_districts_quarter(city, city_official, superuser):
    assert not permissions.may_withdraw(city_official, district_id=city.district_a.pk)
    assert not permissions.may_withdraw(superuser, district_id=city.district_a.pk)
