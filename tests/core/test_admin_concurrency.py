"""core/admin_concurrency.py: an admin form opened before someone else's save, in the
admin or on a page, is refused with what changed, and nothing is overwritten; the yearly
policies' admin keeps the pages' rules (core/yearly.py: past years closed)."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from districts.models import Community
from evaluations import services as evaluation_services
from evaluations.models import Policy
from grievances.models import GrievancePolicy

pytestmark = pytest.mark.django_db


def opened(client, url):
    """The admin form at ``url`` as a browser would post it back, unchanged."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    data = {"_save": "Save"}
    for name, field in form.fields.items():
        if field.disabled:
            continue
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else value
    return data


def session(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_second_administrators_stale_community_form_is_refused_and_overwrites_nothing(
    city, admin_city, admin_a
):
    community = city.a1[0]
    url = reverse("admin:districts_community_change", args=[community.pk])
    first, second = session(admin_city), session(admin_a)
    first_form, second_form = opened(first, url), opened(second, url)

    assert first.post(url, {**first_form, "representatives": 58}).status_code == 302
    response = second.post(url, {**second_form, "representatives": 51, "name": "改过的名字"})

    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.non_field_errors())
    assert "changed by someone else" in errors
    assert "admin_city" in errors and "58" in errors  # who saved, and what changed
    community.refresh_from_db()
    assert (community.representatives, community.name) != (51, "改过的名字")
    assert community.representatives == 58
    form = response.context["adminform"].form
    assert (form["representatives"].value(), form["name"].value()) == ("51", "改过的名字")


def test_saving_again_after_reading_the_refusal_goes_through(city, admin_city, admin_a):
    community = city.a1[0]
    url = reverse("admin:districts_community_change", args=[community.pk])
    first, second = session(admin_city), session(admin_a)
    first_form, second_form = opened(first, url), opened(second, url)
    first.post(url, {**first_form, "representatives": 58})
    refused = second.post(url, {**second_form, "representatives": 51})
    again = {**second_form, "representatives": 51}
    again["_loaded_state"] = refused.context["adminform"].form["_loaded_state"].value()

    assert second.post(url, again).status_code == 302
    community.refresh_from_db()
    assert community.representatives == 51


def test_an_admin_form_is_not_stale_when_the_other_save_changed_nothing(city, admin_city, admin_a):
    community = city.a1[0]
    url = reverse("admin:districts_community_change", args=[community.pk])
    first, second = session(admin_city), session(admin_a)
    first_form, second_form = opened(first, url), opened(second, url)
    first.post(url, first_form)  # saved as it was: a historical record, the same values

    assert second.post(url, {**second_form, "representatives": 51}).status_code == 302
    assert Community.objects.get(pk=community.pk).representatives == 51


def test_a_stale_admin_policy_form_after_the_policy_page_saved_is_refused(
    city, superuser, city_official
):
    year = timezone.localdate().year
    policy = evaluation_services.policy_save(policy=Policy(year=year), user=city_official)
    url = reverse("admin:evaluations_policy_change", args=[policy.pk])
    admin_session = session(superuser)
    form = opened(admin_session, url)
    # the city official saves the policy page meanwhile
    evaluation_services.policy_save(
        policy=Policy(year=year, min_grievances=12), user=city_official, version=policy.version
    )

    response = admin_session.post(url, {**form, "min_grievances": 10})

    assert response.status_code == 200
    assert "changed by someone else" in " ".join(
        response.context["adminform"].form.non_field_errors()
    )
    assert Policy.objects.get(year=year).min_grievances == 12


@pytest.mark.parametrize("model", [Policy, GrievancePolicy])
def test_a_past_years_policy_cannot_be_changed_or_reverted_in_the_admin(model, superuser):
    past = timezone.localdate().year - 1
    policy = model.objects.create(year=past)
    record = policy.history.first()
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    client = session(superuser)
    form = opened(client, reverse(f"{name}_change", args=[policy.pk]))  # shown read-only

    changed = client.post(reverse(f"{name}_change", args=[policy.pk]), form)
    reverted = client.post(
        reverse(f"{name}_simple_history", args=[policy.pk, record.history_id]), form
    )

    assert (changed.status_code, reverted.status_code) == (403, 403)
    policy.refresh_from_db()
    assert policy.version == 1 and policy.history.count() == 1


@pytest.mark.parametrize("model", [Policy, GrievancePolicy])
def test_a_past_years_policy_cannot_be_added_in_the_admin(model, superuser):
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}_add"
    client = session(superuser)
    form = opened(client, reverse(name))
    past = timezone.localdate().year - 1

    response = client.post(reverse(name), {**form, "year": past})

    assert response.status_code == 200
    assert "Past years keep the policy" in str(response.context["adminform"].form.errors["year"])
    assert not model.objects.filter(year=past).exists()


@pytest.mark.parametrize("state", ["", "v99999999999999999999", "h²:abc", "x"])
def test_a_missing_or_tampered_state_is_refused_never_a_500(city, superuser, state):
    year = timezone.localdate().year
    policy = Policy.objects.create(year=year)
    client = session(superuser)
    for url in (
        reverse("admin:districts_community_change", args=[city.a1[0].pk]),
        reverse("admin:evaluations_policy_change", args=[policy.pk]),
    ):
        form = opened(client, url)
        response = client.post(url, {**form, "_loaded_state": state})
        assert response.status_code == 200
        assert response.context["adminform"].form.non_field_errors()


def test_a_stale_account_form_is_refused_with_what_changed_though_its_history_has_no_password(
    city, admin_city, superuser, staff_a1
):
    url = reverse("admin:districts_user_change", args=[staff_a1.pk])
    first, second = session(superuser), session(admin_city)
    first_form, second_form = opened(first, url), opened(second, url)
    assert first.post(url, {**first_form, "first_name": "甲"}).status_code == 302

    response = second.post(url, {**second_form, "first_name": "乙"})

    assert response.status_code == 200
    assert "First name: " in " ".join(response.context["adminform"].form.non_field_errors())
    staff_a1.refresh_from_db()
    assert staff_a1.first_name == "甲"
