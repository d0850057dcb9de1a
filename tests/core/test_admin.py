"""The safe change lists of core/admin.py: a date hierarchy year out of range is a bad
parameter (the list again, with ?e=1), not a 500; on the project's admins and on those
django-axes registers; and the admin of django-tasks-db in Chinese."""

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


def test_the_admin_in_chinese_names_the_task_queue_and_its_columns_in_chinese(client, superuser):
    client.force_login(superuser)
    index = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "Tasks Database Backend" not in index and "后台任务" in index
    results = client.get(
        reverse("admin:django_tasks_database_dbtaskresult_changelist"),
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    ).content.decode()
    assert "Task Result" not in results and "任务结果" in results
