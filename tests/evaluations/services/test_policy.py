"""The yearly policy (evaluations/services/policy.py): a save from a form opened before
someone else's save, or the admin's, is refused with what changed."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import services
from evaluations.models import Policy
from tests.evaluations.services.helpers import logged_in, policy_entry, policy_url, state

pytestmark = pytest.mark.django_db


def test_a_policy_saved_by_someone_else_since_the_form_was_opened_is_refused(
    city_official, second_city_official
):
    Policy.objects.create(year=timezone.localdate().year)
    first, second = logged_in(city_official), logged_in(second_city_official)
    first_entry, second_entry = policy_entry(first), policy_entry(second)
    assert first.post(policy_url(), first_entry | {"quorum_share": "0.60"}).status_code == 302
    before = state()
    response = second.post(policy_url(), second_entry | {"satisfied_min": "70"})
    body = response.content.decode()
    assert response.status_code == 409
    assert "Quorum share of the roll: 0.50 → 0.60" in body
    assert str(city_official) in body
    assert response.context["form"]["satisfied_min"].value() == "70"
    assert state() == before
    assert Policy.objects.get().satisfied_min == Decimal("75")


def test_a_new_years_policy_created_meanwhile_by_someone_else_is_refused(
    city_official, second_city_official
):
    first, second = logged_in(city_official), logged_in(second_city_official)
    first_entry, second_entry = policy_entry(first), policy_entry(second)
    assert second_entry["version"] == 0
    assert first.post(policy_url(), first_entry | {"quorum_share": "0.60"}).status_code == 302
    response = second.post(policy_url(), second_entry | {"satisfied_min": "70"})
    assert response.status_code == 409
    assert response.context["conflict"].created
    assert Policy.objects.get().satisfied_min == Decimal("75")


def test_a_new_years_policy_created_with_the_defaults_meanwhile_is_no_conflict(
    city_official,
):
    """A meeting entered for the year creates its policy with the defaults: what the form
    showed, so saving over it loses nothing."""
    client = logged_in(city_official)
    entry = policy_entry(client)
    services.policy_for_year_saved(timezone.localdate().year)
    assert client.post(policy_url(), entry | {"satisfied_min": "70"}).status_code == 302
    policy = Policy.objects.get()
    assert (policy.satisfied_min, policy.version) == (Decimal("70"), 2)


def test_a_policy_changed_in_the_admin_gets_a_new_version_so_a_form_opened_before_is_refused(
    superuser, city_official
):
    policy = Policy.objects.create(year=timezone.localdate().year)
    client = logged_in(city_official)
    entry = policy_entry(client)
    admin = logged_in(superuser)
    url = reverse("admin:evaluations_policy_change", args=[policy.pk])
    form = admin.get(url).context["adminform"].form
    data = {k: "" if v is None else v for k, v in ((n, form[n].value()) for n in form.fields)}
    assert admin.post(url, data | {"very_satisfied_min": "92"}).status_code == 302
    policy.refresh_from_db()
    assert (policy.very_satisfied_min, policy.version) == (Decimal("92"), 2)
    response = client.post(policy_url(), entry | {"satisfied_min": "70"})
    assert response.status_code == 409
    assert "Very satisfied from score: 90.00 → 92.00" in response.content.decode()


def test_a_year_first_used_by_a_meetings_save_gets_its_policy_from_the_system_not_that_user(
    client, staff_a1, posted
):
    """Issue 21, item 14: the policy's history said street staff created it (the row was
    created inside their meeting's save, and the history took the request's user)."""
    from tests.evaluations.helpers import edit_url, form_data

    assert not Policy.objects.filter(year=2009).exists()
    client.force_login(staff_a1)
    assert client.post(edit_url("DA-1-0"), form_data(posted["a"])).status_code == 302
    (created,) = Policy.history.filter(year=2009)
    assert (created.history_type, created.history_user) == ("+", None)
