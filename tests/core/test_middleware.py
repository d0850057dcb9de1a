"""Response headers: a strict Content-Security-Policy, a Permissions-Policy, nothing a
signed-in user receives kept in a cache, no Server header (Django and gunicorn)."""

import http.client
import os
import re
import socket
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse

from core.charts import bar_chart, line_chart
from grievances.models import Grievance
from tests.factories import GrievanceFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def policy(response) -> dict[str, str]:
    directives = (d.strip() for d in response["Content-Security-Policy"].split(";"))
    return dict(d.split(" ", 1) for d in directives if d)


def assert_security_headers(response):
    assert policy(response) == CSP
    permissions = response["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    assert "Server" not in response


@pytest.fixture
def exports(client, staff_a1, city):
    GrievanceFactory(community=city.a1[0])
    client.force_login(staff_a1)
    return client


def test_a_page_carries_the_security_headers(exports):
    assert_security_headers(exports.get(reverse("home")))


def test_an_export_carries_the_security_headers(exports):
    assert_security_headers(exports.get(reverse("grievances:list"), {"_export": "csv"}))


def test_the_login_page_carries_the_security_headers(client):
    assert_security_headers(client.get(reverse("login")))


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("home", {}),
        ("grievances:list", {}),
        ("grievances:list", {"_export": "csv"}),
        ("grievances:list", {"_export": "xlsx"}),
        ("rankings:city", {"_export": "xlsx"}),
    ],
)
def test_nothing_a_signed_in_user_receives_is_stored_by_a_cache(exports, name, query):
    response = exports.get(reverse(name), query)
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_the_admins_streamed_export_is_not_stored_by_a_cache(client, admin_city):
    client.force_login(admin_city)
    response = client.get(reverse("admin_export_csv", args=["areas"]))
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_gunicorn_with_the_projects_config_sends_no_server_header():
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    server = subprocess.Popen(  # gunicorn reads ./gunicorn.conf.py from the project folder
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/static/css/missing.css", headers={"Host": "localhost"})
                response = connection.getresponse()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
        assert response.status == 404  # answered by Django, through gunicorn
        assert response.getheader("Server") is None
        assert response.getheader("Content-Security-Policy")
    finally:
        server.terminate()
        server.wait(timeout=10)


INLINE = {
    "style element": re.compile(r"<style\b", re.I),
    "style attribute": re.compile(r"\sstyle\s*=", re.I),
    "inline script": re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"javascript:", re.I),
}


@pytest.mark.parametrize("template", sorted((ROOT / "templates").rglob("*.html")), ids=str)
def test_no_template_holds_inline_script_or_style(template):
    text = template.read_text(encoding="utf-8")
    found = [what for what, pattern in INLINE.items() if pattern.search(text)]
    assert not found, f"{template.relative_to(ROOT)}: {', '.join(found)}"


def test_the_charts_hold_no_inline_style():
    chart = str(line_chart(labels=["2009", "2010"], series=[("x", [Decimal(90), None])]))
    chart += str(bar_chart(bars=[("a", 3, "#214a70")]))
    assert not INLINE["style attribute"].search(chart)
    assert not INLINE["style element"].search(chart)


@pytest.mark.parametrize(
    "url",
    [
        "/grievances/?q=%00",
        "/areas/communities/?q=a%00b",
        "/rankings/league/?street=DA%00",
        "/grievances/figures/?district=%00",
        "/areas/districts/DA%00/",
        "/grievances/DA-1-2009-0001%00/",
        "/reviews/officials/%00/",
    ],
)
def test_a_nul_byte_in_the_address_is_a_400(client, city_official, city, url):
    client.force_login(city_official)
    assert client.get(url).status_code == 400


def test_a_nul_byte_in_a_form_field_is_a_400_and_saves_nothing(client, staff_a1, city):
    client.force_login(staff_a1)
    response = client.post(
        reverse("grievances:new"),
        {
            "community": city.a1[0].pk,
            "source": "hotline",
            "kind": "complaint",
            "summary": "噪音\x00",
            "received_on": "2009-03-02",
        },
    )
    assert response.status_code == 400
    assert not Grievance.objects.exists()


def test_a_nul_byte_in_a_cookie_is_a_400(client, city_official):
    client.force_login(city_official)
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get(reverse("home")).status_code == 400


def test_the_bad_request_page_fits_a_phone_and_speaks_chinese_first(client, city_official):
    client.force_login(city_official)
    body = client.get("/grievances/?q=%00").content.decode()
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in body
    assert '<html lang="zh-hans">' in body


@pytest.fixture
def slow_reviews():
    """Every statement on the reviews' tables sleeps 1 s in PostgreSQL before it runs, on
    a connection whose statement_timeout is 200 ms: PostgreSQL cancels it, for real."""
    from django.db import connection

    def sleepy(execute, sql, params, many, context):
        if "evaluations_" in sql and not many:
            sql = f"SELECT pg_sleep(1); {sql}"
        return execute(sql, params, many, context)

    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = '200ms'")
    try:
        with connection.execute_wrapper(sleepy):
            yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")


@pytest.mark.django_db(transaction=True)
def test_a_statement_cancelled_by_the_timeout_is_a_503_page_not_a_500(
    client, city, city_official, slow_reviews
):
    client.force_login(city_official)
    response = client.get(reverse("rankings:city"), {"year": 2009})
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "took too long to compute and was stopped" in response.content.decode()
