"""The account pages routed in config/urls.py: login (and its lockout), logout, password
change and the language switch."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_the_right_password_logs_in_and_lands_on_the_home_page(client, staff_a1):
    response = login(client, "staff_a1", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_a_wrong_password_keeps_the_visitor_on_the_login_page_with_an_error(client, staff_a1):
    response = login(client, "staff_a1", "wrong")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_the_login_form_keeps_the_username_typed(client, staff_a1):
    response = login(client, "staff_a1", "wrong")
    assert 'value="staff_a1"' in response.content.decode()


def test_repeated_failures_lock_the_account_even_against_the_right_password(client, staff_a1):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "staff_a1", "wrong")
    response = login(client, "staff_a1", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert "Too many failed login attempts" in response.content.decode()


def test_failures_below_the_limit_do_not_lock_the_account(client, staff_a1):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(client, "staff_a1", "wrong")
    assert login(client, "staff_a1", PASSWORD).status_code == 302


def test_the_lockout_of_one_account_leaves_the_others_alone(client, staff_a1, staff_b1):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, "staff_a1", "wrong")
    assert login(client, "staff_b1", PASSWORD).status_code == 302


def test_logout_is_a_post_and_ends_the_session(client, staff_a1):
    client.force_login(staff_a1)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert client.get("/").status_code == 302


def test_a_user_changes_their_password(client, staff_a1):
    client.force_login(staff_a1)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Another-pass-2026",
            "new_password2": "Another-pass-2026",
        },
    )
    assert response.status_code == 302
    staff_a1.refresh_from_db()
    assert staff_a1.check_password("Another-pass-2026")


def test_a_password_change_with_a_wrong_old_password_changes_nothing(client, staff_a1):
    client.force_login(staff_a1)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "nope",
            "new_password1": "Another-pass-2026",
            "new_password2": "Another-pass-2026",
        },
    )
    assert "old_password" in response.context["form"].errors
    staff_a1.refresh_from_db()
    assert staff_a1.check_password(PASSWORD)


def test_the_language_switch_serves_the_pages_in_simplified_chinese(client, staff_a1):
    client.force_login(staff_a1)
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    body = client.get("/").content.decode()
    assert '<html lang="zh-hans">' in body
    assert "首页" in body
    assert "退出登录" in body


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_a_username_longer_than_any_account_is_a_form_error(client, city, url_name):
    response = client.post(reverse(url_name), {"username": "a" * 256, "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


# ---- throttling: per username across addresses, per address across usernames ----------


def login_from(client, address, username, password):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_a_locked_account_stays_locked_from_another_address(client, staff_a1):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login_from(client, "10.0.0.1", "staff_a1", "wrong")
    response = login_from(client, "10.0.0.2", "staff_a1", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_spread_over_addresses_lock_the_account(client, staff_a1):
    for i in range(settings.AXES_FAILURE_LIMIT):
        login_from(client, f"10.0.1.{i}", "staff_a1", "wrong")
    assert login_from(client, "10.0.1.99", "staff_a1", PASSWORD).status_code == 429


def test_failures_on_many_usernames_from_one_address_lock_that_address(client, staff_a1):
    for i in range(settings.AXES_IP_FAILURE_LIMIT):
        login_from(client, "10.0.2.1", f"guess{i}", "wrong")
    assert login_from(client, "10.0.2.1", "staff_a1", PASSWORD).status_code == 429
    assert login_from(client, "10.0.2.2", "staff_a1", PASSWORD).status_code == 302


def test_failures_on_many_usernames_below_the_address_limit_lock_nothing(client, staff_a1):
    for i in range(settings.AXES_IP_FAILURE_LIMIT - 1):
        login_from(client, "10.0.3.1", f"guess{i}", "wrong")
    assert login_from(client, "10.0.3.1", "staff_a1", PASSWORD).status_code == 302


def test_logging_into_ones_own_account_does_not_clear_the_failures_on_another(
    client, staff_a1, staff_b1
):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login_from(client, "10.0.4.1", "staff_a1", "wrong")
    assert login_from(client, "10.0.4.1", "staff_b1", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    login_from(client, "10.0.4.1", "staff_a1", "wrong")
    assert login_from(client, "10.0.4.2", "staff_a1", PASSWORD).status_code == 429


def test_a_lockout_ends_after_the_cool_off(client, staff_a1):
    import datetime

    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        login_from(client, "10.0.5.1", "staff_a1", "wrong")
    cool_off = datetime.timedelta(hours=settings.AXES_COOLOFF_TIME)
    for attempt in AccessAttempt.objects.filter(username="staff_a1"):
        attempt.attempt_time -= cool_off + datetime.timedelta(minutes=1)
        attempt.save()
    assert login_from(client, "10.0.5.1", "staff_a1", PASSWORD).status_code == 302


def test_favicon_ico_leads_to_the_static_icon(client):
    """Issue 21, item 14: /favicon.ico was a 404 on every page."""
    from django.contrib.staticfiles import finders

    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("favicon.ico")
    icon = finders.find("favicon.ico")
    assert icon is not None
    with open(icon, "rb") as f:
        assert f.read(4) == b"\x00\x00\x01\x00"  # an ICO file


def test_every_page_links_the_icon(client):
    page = client.get(reverse("login")).content.decode()
    assert 'rel="icon" href="/static/favicon.svg"' in page


def test_behind_a_trusted_proxy_a_locked_address_is_the_clients_not_the_proxys(
    client, settings, staff_a1
):
    settings.TRUSTED_PROXY_COUNT = 1
    for i in range(settings.AXES_IP_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": f"guess{i}", "password": "wrong"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{i}, 203.0.113.7",  # the left part: the client's
        )
    locked = client.post(
        reverse("login"),
        {"username": "staff_a1", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.99, 203.0.113.7",
    )
    assert locked.status_code == 429
    other = client.post(
        reverse("login"),
        {"username": "staff_a1", "password": PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert other.status_code == 302


def test_a_login_lockout_holds_for_an_ipv6_client_moving_within_its_64(client, settings, staff_a1):
    for i in range(settings.AXES_IP_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": f"guess{i}", "password": "wrong"},
            REMOTE_ADDR=f"2001:db8:1:2::{i + 1:x}",
        )
    moved = client.post(
        reverse("login"),
        {"username": "staff_a1", "password": PASSWORD},
        REMOTE_ADDR="2001:db8:1:2::ff",
    )
    assert moved.status_code == 429
