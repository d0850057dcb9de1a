"""The safe change lists of core/admin.py: a date hierarchy year out of range is a bad
parameter (the list again, with ?e=1), not a 500; on the project's admins and on those
django-axes registers."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("year", [str(2**31), str(2**63), "9999"])
@pytest.mark.parametrize(
    ("changelist", "hierarchy"),
    [
        ("admin:grievances_grievance_changelist", "received_on"),
        ("admin:axes_accesslog_changelist", "attempt_time"),
    ],
)
def test_an_admin_date_hierarchy_year_out_of_range_is_a_bad_parameter(
    client, superuser, changelist, hierarchy, year
):
    client.force_login(superuser)
    response = client.get(reverse(changelist), {f"{hierarchy}__year": year})
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")
