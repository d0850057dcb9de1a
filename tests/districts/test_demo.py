"""districts/demo.py: the demo logins, department staff among them."""

import pytest

from districts.models import Role, User
from districts.scoping import visible
from grievances.models import Grievance

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username, key", [("wldpolice", "police"), ("wldjudicial", "judicial")])
def test_the_demos_department_logins_see_only_what_is_referred_to_them(demo, username, key):
    user = User.objects.get(username=username)
    assert user.role == Role.DEPARTMENT_STAFF
    assert (user.department.street.code, user.department.key) == ("JB-WLD", key)
    theirs = visible(user, Grievance.objects.all())
    assert theirs.exists()
    assert theirs.count() == Grievance.objects.filter(department=user.department).count()
