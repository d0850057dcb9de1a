"""core/yearly.py: what the two yearly policies (evaluations.Policy and
grievances.GrievancePolicy) share, checked on both: their values, the save with its
version check, and the admin's permissions. The pages are tested with each app's views."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.utils import timezone

from core.concurrency import StaleEdit
from core.yearly import same_values, value_fields, yearly_policy_save
from evaluations.admin import PolicyAdmin
from evaluations.models import Policy
from grievances.admin import GrievancePolicyAdmin
from grievances.models import GrievancePolicy

pytestmark = pytest.mark.django_db
MODELS = [Policy, GrievancePolicy]
# a value each policy may take one higher than its default
CHANGES = [(Policy, "min_meetings"), (GrievancePolicy, "due_soon_days")]


def changed(model, field, year):
    policy = model(year=year)
    setattr(policy, field, getattr(policy, field) + 1)
    return policy


def test_a_policys_values_are_its_fields_but_the_year_and_the_bookkeeping():
    assert value_fields(GrievancePolicy) == [
        "ordinary_deadline_days",
        "key_dispute_deadline_days",
        "deadline_min_days",
        "deadline_max_days",
        "due_soon_days",
        "city_escalation_days",
        "unsatisfied_verdict_reopens",
        "department_satisfaction_threshold",
        "department_on_time_threshold",
    ]
    assert value_fields(Policy)[:2] == ["quorum_share", "points_very_satisfied"]
    assert len(value_fields(Policy)) == 18
    for model in MODELS:
        assert not {"id", "year", "created_at", "updated_at", "version"} & set(value_fields(model))


@pytest.mark.parametrize(("model", "field"), CHANGES)
def test_two_years_with_the_same_values_are_the_same_policy(model, field):
    fields = value_fields(model)
    assert same_values(model(year=2030), model(year=2031), fields)
    assert not same_values(model(year=2030), changed(model, field, 2030), fields)


@pytest.mark.parametrize("model", MODELS)
def test_a_save_that_changes_nothing_keeps_the_version_and_writes_no_history(model, city_official):
    fields = value_fields(model)
    year = timezone.localdate().year
    first = yearly_policy_save(
        policy=model(year=year), user=city_official, version=0, fields=fields
    )
    again = yearly_policy_save(
        policy=model(year=year), user=city_official, version=1, fields=fields
    )
    assert (first.version, again.version, again.pk) == (1, 1, first.pk)
    assert model.history.filter(year=year).count() == 1


@pytest.mark.parametrize(("model", "field"), CHANGES)
def test_a_year_created_with_the_defaults_meanwhile_is_what_the_form_showed(
    model, field, city_official
):
    fields = value_fields(model)
    year = timezone.localdate().year
    model.objects.create(year=year)  # by someone else, after the form (version 0) was opened
    wanted = changed(model, field, year)
    saved = yearly_policy_save(policy=wanted, user=city_official, version=0, fields=fields)
    assert (saved.version, getattr(model.objects.get(year=year), field)) == (
        2,
        getattr(wanted, field),
    )


@pytest.mark.parametrize(("model", "field"), CHANGES)
def test_a_year_saved_with_other_values_since_the_form_was_opened_is_refused(
    model, field, city_official
):
    fields = value_fields(model)
    year = timezone.localdate().year
    theirs = changed(model, field, year)
    yearly_policy_save(policy=theirs, user=city_official, version=0, fields=fields)
    with pytest.raises(StaleEdit) as refusal:
        yearly_policy_save(policy=model(year=year), user=city_official, version=0, fields=fields)
    assert refusal.value.created
    assert model.objects.get(year=year).version == 1


@pytest.mark.parametrize(
    ("model", "admin_class"), [(Policy, PolicyAdmin), (GrievancePolicy, GrievancePolicyAdmin)]
)
def test_only_superusers_add_or_change_a_policy_in_the_admin_and_no_one_deletes_one(
    model, admin_class, superuser, admin_city
):
    model_admin = admin.site._registry[model]
    assert isinstance(model_admin, admin_class)
    request = RequestFactory().get("/")
    for user, allowed in ((superuser, True), (admin_city, False)):
        request.user = user
        assert model_admin.has_add_permission(request) is allowed
        assert model_admin.has_change_permission(request) is allowed
        assert model_admin.has_delete_permission(request) is False
