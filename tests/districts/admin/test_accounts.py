"""Accounts in the admin: a district administrator manages the accounts of their district
and never a superuser or a city-wide account (DOMAIN.md, "The people who use it")."""

import pytest
from django.db import connection
from django.urls import reverse

from districts.models import Role, User
from tests import factories
from tests.districts.admin.helpers import loaded_state
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_in_district_a(city):
    """A superuser carrying district A, as rows written before the rule forbade it were.

    The check constraint is dropped inside the test's transaction (rolled back after it),
    so the scoping is tested on its own, not only through the constraint."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            "ALTER TABLE districts_user DROP CONSTRAINT IF EXISTS user_superuser_has_city_scope"
        )
    user = factories.AdministratorFactory(username="root_a", is_superuser=True)
    User.objects.filter(pk=user.pk).update(district=city.district_a)
    return user


def user_form_data(user, **overrides):
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "role": user.role,
        "district": user.district_id or "",
        "street": user.street_id or "",
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v != ""}


ACCOUNT_PAGES = [
    "admin:districts_user_change",
    "admin:auth_user_password_change",  # Django's UserAdmin names it so, whatever the model
    "admin:districts_user_delete",
    "admin:districts_user_history",
]
OUT_OF_REACH = ["superuser_in_district_a", "superuser", "city_official", "admin_city"]


@pytest.mark.parametrize("account", OUT_OF_REACH)
@pytest.mark.parametrize("page", ACCOUNT_PAGES)
def test_a_district_administrator_opens_no_page_of_a_superuser_or_city_wide_account(
    client, request, admin_a, account, page
):
    target = request.getfixturevalue(account)
    client.force_login(admin_a)
    response = client.get(reverse(page, args=[target.pk]))
    assert response.status_code in (302, 403, 404)
    assert target.username not in response.content.decode()


def test_a_district_administrator_cannot_set_the_password_of_a_superuser_in_their_district(
    client, admin_a, superuser_in_district_a
):
    client.force_login(admin_a)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[superuser_in_district_a.pk]),
        {"password1": "Taken-over-2026", "password2": "Taken-over-2026"},
    )
    assert response.status_code == 404
    superuser_in_district_a.refresh_from_db()
    assert superuser_in_district_a.check_password(PASSWORD)


def test_a_district_administrators_user_list_holds_no_superuser_of_their_district(
    client, admin_a, staff_a1, superuser_in_district_a
):
    client.force_login(admin_a)
    response = client.get(reverse("admin:districts_user_changelist"))
    names = sorted(u.username for u in response.context["cl"].result_list)
    assert names == ["admin_a", "staff_a1"]


def test_the_user_autocomplete_of_a_district_administrator_offers_no_superuser(
    client, admin_a, staff_a1, superuser_in_district_a
):
    client.force_login(admin_a)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "evaluations",
            "model_name": "meeting",
            "field_name": "submitted_by",
            "term": "",
        },
    )
    assert response.status_code == 200
    labels = sorted(r["text"] for r in response.json()["results"])
    assert labels == sorted(str(u) for u in (admin_a, staff_a1))


def test_a_district_administrator_cannot_delete_a_superuser_of_their_district(
    client, admin_a, superuser_in_district_a
):
    client.force_login(admin_a)
    client.post(
        reverse("admin:districts_user_delete", args=[superuser_in_district_a.pk]),
        {"post": "yes"},
    )
    assert User.objects.filter(pk=superuser_in_district_a.pk).exists()


def test_a_district_administrator_cannot_grant_superuser_status(client, admin_a, staff_a1):
    client.force_login(admin_a)
    response = client.post(
        reverse("admin:districts_user_change", args=[staff_a1.pk]),
        {
            **user_form_data(staff_a1, is_superuser="on", is_staff="on"),
            **loaded_state(client, reverse("admin:districts_user_change", args=[staff_a1.pk])),
        },
    )
    assert response.status_code == 302
    staff_a1.refresh_from_db()
    assert not staff_a1.is_superuser


def test_a_district_administrator_cannot_turn_an_account_into_a_city_administrator(
    client, admin_a, official_a, city
):
    client.force_login(admin_a)
    response = client.post(
        reverse("admin:districts_user_change", args=[official_a.pk]),
        {
            **user_form_data(official_a, role=Role.ADMINISTRATOR, district="", is_staff="on"),
            **loaded_state(client, reverse("admin:districts_user_change", args=[official_a.pk])),
        },
    )
    assert "district" in response.context["adminform"].form.errors
    official_a.refresh_from_db()
    assert (official_a.role, official_a.district) == (Role.DISTRICT_OFFICIAL, city.district_a)


def test_a_superuser_is_refused_a_district_in_the_admin(client, superuser, city):
    other = factories.AdministratorFactory(username="root2", is_superuser=True)
    client.force_login(superuser)
    response = client.post(
        reverse("admin:districts_user_change", args=[other.pk]),
        user_form_data(other, is_superuser="on", district=city.district_a.pk),
    )
    assert "district" in response.context["adminform"].form.errors
    other.refresh_from_db()
    assert other.district_id is None


# ---- accounts with history are deactivated, never deleted ------------------------------


@pytest.fixture
def staff_with_history(city, staff_a1):
    """Street staff who renamed their street once: the history names them."""
    street = city.street_a1
    street.name = "甲一街道（新）"
    street._history_user = staff_a1
    street.save()
    return staff_a1


def test_deleting_a_user_who_changed_records_is_refused_with_a_message(
    client, superuser, staff_with_history
):
    client.force_login(superuser)
    url = reverse("admin:districts_user_delete", args=[staff_with_history.pk])
    response = client.post(url, {"post": "yes"}, follow=True)
    assert User.objects.filter(pk=staff_with_history.pk).exists()
    assert "Deactivate the account instead" in response.content.decode()


def test_opening_the_delete_page_of_a_user_with_history_says_to_deactivate_in_chinese(
    client, superuser, staff_with_history
):
    """Issue 21, item 14: Django's generic "would require deleting the following protected
    related objects" page, not what to do."""
    client.force_login(superuser)
    client.cookies["django_language"] = "zh-hans"
    url = reverse("admin:districts_user_delete", args=[staff_with_history.pk])
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "admin:districts_user_change", args=[staff_with_history.pk]
    )
    page = response.content.decode()
    assert "不能删除" in page and "停用该账号" in page
    assert "受保护" not in page


def test_the_bulk_delete_of_users_who_changed_records_is_refused(
    client, superuser, staff_with_history, staff_b1
):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:districts_user_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": [staff_with_history.pk, staff_b1.pk],
            "post": "yes",
        },
        follow=True,
    )
    assert User.objects.filter(pk__in=[staff_with_history.pk, staff_b1.pk]).count() == 2
    assert "Deactivate the account instead" in response.content.decode()


def test_the_history_keeps_who_after_a_refused_delete(client, superuser, staff_with_history):
    client.force_login(superuser)
    client.post(
        reverse("admin:districts_user_delete", args=[staff_with_history.pk]), {"post": "yes"}
    )
    from districts.models import Street

    assert Street.history.filter(history_user=staff_with_history).count() == 1


def test_a_user_who_never_changed_anything_can_be_deleted(client, superuser, staff_b1):
    client.force_login(superuser)
    client.post(reverse("admin:districts_user_delete", args=[staff_b1.pk]), {"post": "yes"})
    assert not User.objects.filter(pk=staff_b1.pk).exists()


def test_logging_in_is_no_history_that_keeps_an_account(client, superuser, staff_b1):
    client.post(reverse("login"), {"username": "staff_b1", "password": PASSWORD})
    client.force_login(superuser)
    client.post(reverse("admin:districts_user_delete", args=[staff_b1.pk]), {"post": "yes"})
    assert not User.objects.filter(pk=staff_b1.pk).exists()


def deactivate(client, *users):
    return client.post(
        reverse("admin:districts_user_changelist"),
        {"action": "deactivate", "_selected_action": [u.pk for u in users]},
    )


def test_an_administrator_deactivates_an_account_kept_in_the_history_with_who(
    client, admin_a, staff_with_history
):
    client.force_login(admin_a)
    deactivate(client, staff_with_history)
    staff_with_history.refresh_from_db()
    latest = staff_with_history.history.first()
    assert (staff_with_history.is_active, latest.is_active, latest.history_user) == (
        False,
        False,
        admin_a,
    )


def test_a_deactivated_account_cannot_log_in(client, admin_a, staff_a1):
    client.force_login(admin_a)
    deactivate(client, staff_a1)
    client.logout()
    response = client.post(reverse("login"), {"username": "staff_a1", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_a_district_administrator_deactivates_no_account_outside_their_district(
    client, admin_a, staff_b1, superuser
):
    client.force_login(admin_a)
    deactivate(client, staff_b1, superuser)
    assert User.objects.filter(pk__in=[staff_b1.pk, superuser.pk], is_active=True).count() == 2


def test_an_administrator_cannot_deactivate_their_own_account(client, admin_a):
    client.force_login(admin_a)
    deactivate(client, admin_a)
    admin_a.refresh_from_db()
    assert admin_a.is_active


# ---- administrators unlock the accounts they manage ------------------------------------


@pytest.fixture
def lock(client, settings):
    def lock(username):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(
                reverse("login"),
                {"username": username, "password": "wrong"},
                REMOTE_ADDR="10.9.0.1",
            )

    return lock


def logs_in(client, username):
    client.logout()
    response = client.post(
        reverse("login"), {"username": username, "password": PASSWORD}, REMOTE_ADDR="10.9.0.2"
    )
    return response.status_code == 302


def unlock(client, *users):
    return client.post(
        reverse("admin:districts_user_changelist"),
        {"action": "unlock", "_selected_action": [u.pk for u in users]},
    )


def test_the_user_list_shows_which_accounts_are_locked(client, admin_a, staff_a1, lock):
    lock("staff_a1")
    client.force_login(admin_a)
    response = client.get(reverse("admin:districts_user_changelist"))
    locked = {u.username: u.locked for u in response.context["cl"].result_list}
    assert locked == {"admin_a": False, "staff_a1": True}


def test_a_district_administrator_unlocks_their_staff(client, admin_a, staff_a1, lock):
    lock("staff_a1")
    assert not logs_in(client, "staff_a1")
    client.force_login(admin_a)
    unlock(client, staff_a1)
    assert logs_in(client, "staff_a1")


def test_a_district_administrator_unlocks_no_account_outside_their_district(
    client, admin_a, staff_b1, lock
):
    lock("staff_b1")
    client.force_login(admin_a)
    unlock(client, staff_b1)
    assert not logs_in(client, "staff_b1")


def test_unlocking_is_kept_in_the_admin_log_with_who(client, admin_a, staff_a1, lock):
    from django.contrib.admin.models import LogEntry

    lock("staff_a1")
    client.force_login(admin_a)
    unlock(client, staff_a1)
    entry = LogEntry.objects.get(object_id=str(staff_a1.pk))
    assert (entry.user, "unlock" in entry.get_change_message().lower()) == (admin_a, True)


@pytest.mark.parametrize("page", ACCOUNT_PAGES)
def test_a_city_administrator_opens_no_page_of_a_superuser(client, admin_city, superuser, page):
    client.force_login(admin_city)
    response = client.get(reverse(page, args=[superuser.pk]))
    assert response.status_code in (302, 403, 404)


def test_a_city_administrator_cannot_set_a_superusers_password(client, admin_city, superuser):
    client.force_login(admin_city)
    client.post(
        reverse("admin:auth_user_password_change", args=[superuser.pk]),
        {"password1": "Taken-over-2026", "password2": "Taken-over-2026"},
    )
    superuser.refresh_from_db()
    assert superuser.check_password(PASSWORD)


def test_a_city_administrator_manages_city_wide_accounts(client, admin_city, city_official):
    client.force_login(admin_city)
    response = client.get(reverse("admin:districts_user_changelist"))
    assert {u.username for u in response.context["cl"].result_list} == {
        "admin_city",
        "city_official",
    }


def add_department_staff(client, username, department_pk, **extra):
    return client.post(
        reverse("admin:districts_user_add"),
        {
            "username": username,
            "password1": "a-Long-pass-2010",
            "password2": "a-Long-pass-2010",
            "role": "department_staff",
            "district": "",
            "street": "",
            "department": department_pk,
            **extra,
        },
    )


def test_a_district_administrator_creates_a_department_account_of_their_district(
    client, admin_a, police_a1
):
    client.force_login(admin_a)
    response = add_department_staff(client, "police_a1_new", police_a1.pk)
    assert response.status_code == 302
    assert User.objects.get(username="police_a1_new").department == police_a1


def test_a_district_administrator_cannot_give_another_districts_department(client, admin_a, city):
    from tests.factories import DepartmentFactory

    foreign = DepartmentFactory(street=city.street_b1, key="police")
    client.force_login(admin_a)
    response = add_department_staff(client, "police_b1_new", foreign.pk)
    assert "department" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="police_b1_new").exists()


def test_department_staff_without_a_department_are_refused_on_the_field(client, superuser, city):
    client.force_login(superuser)
    response = add_department_staff(client, "nodept", "")
    assert "department" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="nodept").exists()


def test_department_staff_with_a_street_as_well_are_refused(client, superuser, city, police_a1):
    client.force_login(superuser)
    response = add_department_staff(client, "both", police_a1.pk, street=city.street_a1.pk)
    assert response.context["adminform"].form.errors
    assert not User.objects.filter(username="both").exists()


def test_the_account_list_names_its_columns_in_words(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin:districts_user_changelist")).content.decode()
    assert "column-full_name" in page
    assert "Get full name" not in page and "GET FULL NAME" not in page


def test_the_admin_in_chinese_shows_no_english_caption_of_djangos_or_axes(client, superuser):
    client.force_login(superuser)
    page = client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    for english in ("Model name", "Add link", "Change or view list link", "Access attempts"):
        assert english not in page
    assert "模型名称" in page
