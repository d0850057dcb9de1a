"""What config/settings/base.py sets for every environment: sessions and languages."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_sessions_expire_after_a_working_day_and_with_the_browser(client, staff_a1):
    client.force_login(staff_a1)
    client.get("/")
    assert client.session.get_expiry_age() == 8 * 60 * 60
    assert client.session.get_expire_at_browser_close()


def test_the_browser_language_chooses_chinese_for_a_visitor(client, city):
    body = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in body
    assert "登录" in body


def test_english_is_the_default(client, city):
    body = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in body
    assert "Log in" in body
