"""The grievance admin (grievances/admin.py) is scoped for district administrators."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_district_administrators_grievance_list_holds_only_their_district(client, admin_a, city):
    from tests.factories import GrievanceFactory

    GrievanceFactory(community=city.a1[0], reference="IN-1")
    GrievanceFactory(community=city.b1[0], reference="OUT-1")
    client.force_login(admin_a)
    response = client.get(reverse("admin:grievances_grievance_changelist"))
    assert [g.reference for g in response.context["cl"].result_list] == ["IN-1"]
