"""The code rule (DOMAIN.md, "Areas"): letters, digits and ``-`` only, one rule for the
admin, ``full_clean``, the CSV import and the database; links to any stored code work."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.urls import resolve, reverse

from districts.models import Community, District, Official, Street
from tests import factories
from tests.districts.admin.helpers import loaded_state

pytestmark = pytest.mark.django_db

NOT_CODES = ["DA/1", "DA 1", "DA_1", "DA.1", "ＤＡ1", "DA-1\n", "DA\x001", "<b>"]


@pytest.mark.parametrize("code", NOT_CODES)
@pytest.mark.parametrize("model", [District, Street, Community, Official])
def test_full_clean_refuses_a_code_that_is_not_letters_digits_and_dashes(city, model, code):
    obj = model.objects.order_by("pk").first() or factories.OfficialFactory()
    obj.code = code
    with pytest.raises(ValidationError) as refused:
        obj.full_clean()
    assert "Use only letters (A-Z, a-z), digits (0-9) and dashes (-)." in refused.value.messages


def test_full_clean_accepts_letters_digits_and_dashes(city):
    city.street_a1.code = "JB-wld-2"
    city.street_a1.full_clean()


@pytest.mark.parametrize("model", ["district", "street", "community", "official"])
def test_the_database_refuses_a_code_with_a_slash(city, model):
    factories.OfficialFactory()
    table = f"districts_{model}"
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET code = 'A/B' WHERE id = (SELECT min(id) FROM {table})")  # noqa: S608


def test_the_admin_refuses_a_district_code_with_a_slash(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:districts_district_add"),
        {"code": "DC/1", "name": "丙区", "safety_threshold": ""},
    )
    assert response.status_code == 200
    assert "Use only letters (A-Z, a-z), digits (0-9) and dashes (-)." in response.content.decode()
    assert not District.objects.filter(name="丙区").exists()


def test_the_admin_refuses_a_street_code_with_a_space(client, superuser, city):
    client.force_login(superuser)
    url = reverse("admin:districts_street_change", args=[city.street_a1.pk])
    response = client.post(
        url,
        {
            "district": city.district_a.pk,
            "code": "DA 1",
            "name": "甲一街道",
            "kind": "street",
            **loaded_state(client, url),
        },
    )
    assert response.status_code == 200
    assert "code" in response.context["adminform"].form.errors
    city.street_a1.refresh_from_db()
    assert city.street_a1.code == "DA-1"


AREAS_HEADER = (
    "district_code,district_name,main_urban,safety_threshold,street_code,street_name,"
    "street_kind,community_code,community_name,community_kind,representatives"
)


@pytest.mark.parametrize("code", ["DC_1", "DC.1", "DC/1"])
def test_the_areas_import_refuses_the_same_codes_as_the_admin(tmp_path, code):
    path = tmp_path / "areas.csv"
    path.write_text(f"{AREAS_HEADER}\nDC,丙区,no,,{code},丙一街道,street,,,,\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_csv", "areas", str(path), stdout=io.StringIO(), stderr=err)
    assert "row 2, street_code: Use only letters" in err.getvalue()
    assert not Street.objects.filter(code=code).exists()


@pytest.fixture
def legacy_slash_district(city):
    """A district stored before the rule, with a ``/`` in its code (the constraint is
    lifted for this test only, as rows from before the migration would be)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks before ALTER
        cursor.execute("ALTER TABLE districts_district DROP CONSTRAINT district_code_valid")
        cursor.execute("ALTER TABLE districts_street DROP CONSTRAINT street_code_valid")
        cursor.execute("ALTER TABLE districts_community DROP CONSTRAINT community_code_valid")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    district = District.objects.create(code="DC/1", name="丙区", main_urban=True)
    street = Street.objects.create(code="DC/1-1", name="丙一街道", district=district)
    Community.objects.create(code="DC/1-1 01", name="丙一社区", street=street, representatives=9)
    return district


@pytest.mark.parametrize(
    "url_name",
    [
        "home",
        "districts:district_list",
        "districts:street_list",
        "districts:community_list",
        "evaluations:board",
        "rankings:city",
        "rankings:league",
    ],
)
def test_pages_listing_a_legacy_code_with_a_slash_still_open(
    client, city_official, legacy_slash_district, url_name
):
    client.force_login(city_official)
    response = client.get(reverse(url_name))
    assert response.status_code == 200


def test_a_link_to_a_legacy_code_with_a_slash_opens_its_page(
    client, city_official, legacy_slash_district
):
    client.force_login(city_official)
    url = reverse("rankings:district", args=["DC/1"])
    assert resolve(url.replace("%25", "%")).kwargs == {"code": "DC/1"}
    assert client.get(url).status_code == 200
    assert client.get(reverse("districts:district", args=["DC/1"])).status_code == 200


@pytest.mark.parametrize("code", ["DA%00", "x" * 65])
def test_an_address_with_a_nul_or_an_overlong_code_is_not_found_or_refused(
    client, city_official, code
):
    client.force_login(city_official)
    assert client.get(f"/areas/districts/{code}/").status_code in (400, 404)
