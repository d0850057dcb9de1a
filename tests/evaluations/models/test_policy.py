"""The yearly policy refuses nonsense (evaluations/models/policy.py): each rule by its
field and in words, never a constraint's name; the table refuses it too."""

from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from evaluations.models import Policy

pytestmark = pytest.mark.django_db

REFUSED = [
    ({"points_very_satisfied": 101}, "points_very_satisfied", "100"),
    (
        {"points_satisfied": 90, "points_very_satisfied": 85},
        "points_satisfied",
        "Points must not increase from very satisfied to unsatisfied: points: satisfied (90) is "
        "more than points: very satisfied (85).",
    ),
    ({"points_unsatisfied": 61}, "points_unsatisfied", "Points must not increase"),
    ({"points_basically_satisfied": 81}, "points_basically_satisfied", "Points must not increase"),
    (
        {"satisfied_min": Decimal("90")},
        "satisfied_min",
        "The level thresholds must descend: satisfied from score (90) must be below very "
        "satisfied from score (90).",
    ),
    (
        {"basically_satisfied_min": Decimal("80")},
        "basically_satisfied_min",
        "The level thresholds must descend",
    ),
    (
        {"weight_safety": Decimal("0.41")},
        NON_FIELD_ERRORS,
        "The four weights add up to 1.01; they must add up to exactly 1.",
    ),
    (
        {"weight_key_disputes": Decimal("0.14")},
        NON_FIELD_ERRORS,
        "The four weights add up to 0.99; they must add up to exactly 1.",
    ),
    ({"veto_denominator": 0}, "veto_denominator", "The veto denominator must be above 0."),
    ({"veto_numerator": 4}, "veto_numerator", "The veto share cannot be more than 1"),
    (
        {"weight_safety": Decimal("1.10"), "weight_satisfaction": Decimal("-0.10")},
        "weight_safety",
        "1",
    ),
]


@pytest.mark.parametrize(("values", "field", "message"), REFUSED)
def test_a_nonsense_policy_is_refused_on_its_field_in_words(values, field, message):
    policy = Policy(year=2030, **values)
    with pytest.raises(ValidationError) as exc:
        policy.full_clean()
    errors = exc.value.message_dict
    assert any(message in m for m in errors[field]), errors
    assert "policy_" not in str(errors)


def test_the_defaults_are_sensible():
    Policy(year=2030).full_clean()


def test_equal_points_are_allowed_they_only_must_not_increase():
    Policy(year=2030, points_very_satisfied=80, points_satisfied=80).full_clean()


def test_each_rule_is_said_once_not_again_by_its_constraint():
    policy = Policy(year=2030, veto_denominator=0)
    with pytest.raises(ValidationError) as exc:
        policy.full_clean()
    assert exc.value.message_dict == {"veto_denominator": ["The veto denominator must be above 0."]}


@pytest.mark.parametrize(
    "values",
    [
        {"weight_safety": Decimal("0.50")},
        {"points_satisfied": 101, "points_very_satisfied": 101},
        {"points_unsatisfied": 90},
        {"satisfied_min": Decimal("90")},
    ],
)
def test_the_table_refuses_nonsense_saved_past_the_checks(values):
    with pytest.raises(IntegrityError), transaction.atomic():
        Policy.objects.create(year=2030, **values)


def test_every_constraint_has_a_message_in_words():
    for constraint in Policy._meta.constraints:
        message = str(constraint.violation_error_message)
        assert constraint.name not in message
        assert not message.startswith("Constraint")
