"""The admin of districts/admin.py is scoped for non-superusers: rows, objects, choices;
its read-only base keeps meetings and grievances out of reach."""

import pytest
from django.urls import reverse

from districts.models import Role, Street, User
from tests.districts.admin.helpers import loaded_state

pytestmark = pytest.mark.django_db


def changelist_codes(client, model):
    response = client.get(reverse(f"admin:districts_{model}_changelist"))
    assert response.status_code == 200
    return sorted(
        getattr(o, "code", getattr(o, "username", None)) for o in response.context["cl"].result_list
    )


def test_a_district_administrator_lists_only_their_streets(client, admin_a):
    client.force_login(admin_a)
    assert changelist_codes(client, "street") == ["DA-1", "DA-2"]


def test_a_district_administrator_lists_only_users_of_their_district(
    client, admin_a, staff_a1, staff_b1, official_b
):
    client.force_login(admin_a)
    assert changelist_codes(client, "user") == ["admin_a", "staff_a1"]


@pytest.mark.parametrize(
    ("model", "code_attr"),
    [("street", "street_b1"), ("district", "district_b")],
)
def test_another_districts_object_is_404_in_the_admin(client, admin_a, city, model, code_attr):
    client.force_login(admin_a)
    obj = getattr(city, code_attr)
    response = client.get(reverse(f"admin:districts_{model}_change", args=[obj.pk]))
    # Django's admin answers an object outside the queryset with a redirect to the index
    assert response.status_code in (302, 404)
    assert obj.name not in response.content.decode()


def test_a_refused_admin_post_leaves_another_districts_street_unchanged(client, admin_a, city):
    client.force_login(admin_a)
    url = reverse("admin:districts_street_change", args=[city.street_b1.pk])
    client.post(
        url, {"code": "DB-1", "name": "HACKED", "kind": "street", "district": city.district_a.pk}
    )
    city.street_b1.refresh_from_db()
    assert (city.street_b1.name, city.street_b1.district_id) == ("乙一街道", city.district_b.pk)


def test_the_district_choices_of_a_district_administrator_are_their_own(client, admin_a, city):
    client.force_login(admin_a)
    response = client.get(reverse("admin:districts_street_add"))
    choices = response.context["adminform"].form.fields["district"].queryset
    assert list(choices) == [city.district_a]


def test_a_district_administrator_cannot_add_districts(client, admin_a):
    client.force_login(admin_a)
    assert client.get(reverse("admin:districts_district_add")).status_code == 403


def test_a_district_administrator_cannot_create_a_city_wide_account(client, admin_a):
    client.force_login(admin_a)
    response = client.post(
        reverse("admin:districts_user_add"),
        {
            "username": "newcity",
            "password1": "a-Long-pass-2010",
            "password2": "a-Long-pass-2010",
            "role": Role.CITY_OFFICIAL,
            "district": "",
            "street": "",
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="newcity").exists()


def test_a_district_administrator_creates_street_staff_in_their_district(client, admin_a, city):
    client.force_login(admin_a)
    response = client.post(
        reverse("admin:districts_user_add"),
        {
            "username": "newstaff",
            "password1": "a-Long-pass-2010",
            "password2": "a-Long-pass-2010",
            "role": Role.STREET_STAFF,
            "district": "",
            "street": city.street_a2.pk,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="newstaff").street == city.street_a2


def test_street_staff_without_a_street_is_refused_with_a_message_on_the_field(client, superuser):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:districts_user_add"),
        {
            "username": "nostreet",
            "password1": "a-Long-pass-2010",
            "password2": "a-Long-pass-2010",
            "role": Role.STREET_STAFF,
            "district": "",
            "street": "",
        },
    )
    assert "street" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="nostreet").exists()


def test_a_scoped_administrator_is_not_offered_the_superuser_switch(client, admin_a, staff_a1):
    client.force_login(admin_a)
    response = client.get(reverse("admin:districts_user_change", args=[staff_a1.pk]))
    assert "is_superuser" not in response.context["adminform"].form.fields


@pytest.mark.parametrize("user_fixture", ["staff_a1", "official_a", "city_official"])
def test_non_administrators_have_no_admin(client, request, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.get(reverse("admin:districts_street_changelist"))
    assert response.status_code == 302


def test_editing_a_street_in_the_admin_is_kept_in_its_history(client, superuser, city):
    client.force_login(superuser)
    url = reverse("admin:districts_street_change", args=[city.street_a1.pk])
    client.post(
        url,
        {
            "code": "DA-1",
            "name": "新名字街道",
            "kind": "street",
            "district": city.district_a.pk,
            **loaded_state(client, url),
        },
    )
    street = Street.objects.get(pk=city.street_a1.pk)
    latest = street.history.first()
    assert (street.name, latest.history_user, latest.history_type) == ("新名字街道", superuser, "~")


def test_a_street_added_in_the_admin_gets_its_six_in_one_platform(client, admin_a, city):
    client.force_login(admin_a)
    response = client.post(
        reverse("admin:districts_street_add"),
        {
            "code": "DA-3",
            "name": "甲三街道",
            "kind": "town",
            "district": city.district_a.pk,
        },
    )
    assert response.status_code == 302
    keys = Street.objects.get(code="DA-3").departments.values_list("key", flat=True)
    assert sorted(keys) == sorted(
        ["governance", "petitions", "police", "judicial", "work_safety", "armed_forces"]
    )


@pytest.mark.parametrize(
    "model",
    ["evaluations/meeting", "grievances/grievance", "evaluations/survey", "districts/official"],
)
def test_a_district_administrator_opens_the_review_admin_lists(client, admin_a, model):
    client.force_login(admin_a)
    app, name = model.split("/")
    assert client.get(reverse(f"admin:{app}_{name}_changelist")).status_code == 200


def test_meetings_and_grievances_cannot_be_changed_in_the_admin(client, superuser):
    client.force_login(superuser)
    assert client.get(reverse("admin:evaluations_meeting_add")).status_code == 403
    assert client.get(reverse("admin:grievances_grievance_add")).status_code == 403


# ---- hostile input gets an answer, never a 500 -----------------------------------------


def test_the_history_page_of_a_department_opens(client, superuser, city):
    from districts.models import Department
    from districts.services import platform_create

    platform_create(streets=[city.street_a1])
    department = Department.objects.filter(street=city.street_a1).first()
    client.force_login(superuser)
    response = client.get(reverse("admin:districts_department_history", args=[department.pk]))
    assert response.status_code == 200


def test_changing_a_department_in_the_admin_is_kept_in_its_history(client, superuser, city):
    from districts.models import Department
    from districts.services import platform_create

    platform_create(streets=[city.street_a1])
    department = Department.objects.get(street=city.street_a1, key="police")
    client.force_login(superuser)
    url = reverse("admin:districts_department_change", args=[department.pk])
    client.post(
        url,
        {
            "street": city.street_a1.pk,
            "key": "police",
            "contact": "李警官",
            "phone": "110",
            **loaded_state(client, url),
        },
    )
    latest = department.history.first()
    assert (latest.contact, latest.history_user) == ("李警官", superuser)


@pytest.mark.parametrize("model", ["street", "community", "department", "user"])
def test_a_non_numeric_id_in_an_admin_history_address_is_404(client, superuser, model):
    client.force_login(superuser)
    response = client.get(reverse(f"admin:districts_{model}_history", args=["abc"]))
    assert response.status_code == 404


@pytest.mark.parametrize("tampered", ["abc", "1.5", "-", "9" * 30])
def test_a_tampered_street_on_the_community_form_is_a_form_error(client, admin_a, city, tampered):
    community = city.a1[0]
    client.force_login(admin_a)
    response = client.post(
        reverse("admin:districts_community_change", args=[community.pk]),
        {
            "code": community.code,
            "name": "改名",
            "kind": "community",
            "street": tampered,
            "representatives": 12,
        },
    )
    assert response.status_code == 200
    assert "street" in response.context["adminform"].form.errors
    community.refresh_from_db()
    assert community.name != "改名"


def test_a_tampered_official_on_the_posting_form_is_a_form_error(client, superuser, city):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:districts_posting_add"),
        {
            "official": "abc",
            "community": "x1",
            "role": "police",
            "organisation": "派出所",
            "start_date": "2009-01-01",
        },
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert {"official", "community"} <= set(errors)


# ---- filters and "view on site" keep to the scope -------------------------------------


def filter_choices(response, title):
    """The choices of a list filter; none when the filter is not shown (a single choice)."""
    specs = [s for s in response.context["cl"].filter_specs if str(s.title) == title]
    return [label for spec in specs for _value, label in spec.lookup_choices]


def test_the_district_filter_of_the_street_list_offers_a_district_administrator_their_own(
    client, admin_a, city
):
    client.force_login(admin_a)
    response = client.get(reverse("admin:districts_street_changelist"))
    assert filter_choices(response, "district") in ([], [str(city.district_a)])
    assert city.district_b.name not in response.content.decode()


def test_the_district_filter_of_the_street_list_offers_a_superuser_every_district(
    client, superuser, city
):
    client.force_login(superuser)
    response = client.get(reverse("admin:districts_street_changelist"))
    assert filter_choices(response, "district") == [str(city.district_a), str(city.district_b)]


def view_on_site(obj):
    from django.contrib.contenttypes.models import ContentType

    content_type = ContentType.objects.get_for_model(obj)
    return reverse("admin:view_on_site", args=[content_type.pk, obj.pk])


@pytest.fixture
def grievances(city):
    from tests.factories import GrievanceFactory

    return (
        GrievanceFactory(community=city.a1[0], reference="IN-2009-1"),
        GrievanceFactory(community=city.b1[0], reference="OUT-2009-1"),
    )


def test_view_on_site_of_another_districts_grievance_is_404_for_a_district_administrator(
    client, admin_a, grievances
):
    client.force_login(admin_a)
    response = client.get(view_on_site(grievances[1]))
    assert response.status_code == 404
    assert "OUT-2009-1" not in response.content.decode()


def test_view_on_site_of_another_districts_official_is_404_for_a_district_administrator(
    client, admin_a, city
):
    from tests.factories import PostingFactory

    posting = PostingFactory(community=city.b1[0], official__code="SECRET-B")
    client.force_login(admin_a)
    response = client.get(view_on_site(posting.official))
    assert response.status_code == 404
    assert "SECRET-B" not in response.content.decode()


def test_view_on_site_of_an_own_grievance_leads_a_district_administrator_to_its_page(
    client, admin_a, grievances
):
    client.force_login(admin_a)
    response = client.get(view_on_site(grievances[0]))
    assert response.status_code == 302
    assert response["Location"].endswith(reverse("grievances:detail", args=["IN-2009-1"]))


def test_view_on_site_leads_a_superuser_anywhere(client, superuser, grievances):
    client.force_login(superuser)
    response = client.get(view_on_site(grievances[1]))
    assert response.status_code == 302


@pytest.mark.parametrize("address", ["/admin/r/abc/1/", "/admin/r/99999/1/", "/admin/r/1/abc/"])
def test_a_tampered_view_on_site_address_is_404(client, superuser, address):
    client.force_login(superuser)
    assert client.get(address).status_code == 404


def test_view_on_site_sends_street_staff_to_the_login_page(client, staff_a1, grievances):
    client.force_login(staff_a1)
    response = client.get(view_on_site(grievances[0]))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


@pytest.mark.parametrize(
    "url",
    [
        "/admin/districts/district/abc/history/",
        "/admin/districts/street/1/history/abc/",
        "/admin/grievances/grievance/%27%20OR%201%3D1/history/",
    ],
)
def test_an_admin_history_page_with_an_id_that_is_not_a_number_is_not_found(client, superuser, url):
    client.force_login(superuser)
    assert client.get(url).status_code == 404


def test_an_admin_form_with_a_street_that_is_not_an_id_shows_its_error(client, superuser, city):
    client.force_login(superuser)
    response = client.post(
        reverse("admin:districts_community_change", args=[city.a1[0].pk]),
        {
            "code": "DA-1-0",
            "name": "社区",
            "kind": "community",
            "representatives": 10,
            "street": "2010-02-30",
        },
    )
    assert response.status_code == 200
    assert "street" in response.context["adminform"].form.errors
