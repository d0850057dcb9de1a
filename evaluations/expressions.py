"""SQL expressions for scores, levels and quorum: exact, in the database, per year's policy."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    CharField,
    DecimalField,
    ExpressionWrapper,
    F,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, NullIf
from django.db.models.lookups import GreaterThan, GreaterThanOrEqual

from core.expressions import Exact

if TYPE_CHECKING:
    from .models import Policy


def big(field: str) -> Cast:
    """An integer column read as bigint, so sums and products of it cannot overflow."""
    return Cast(F(field), output_field=BigIntegerField())


class RatingFigures(TypedDict):
    """What :func:`rating_expressions` adds to each rating, by name and type."""

    votes: int
    score: Decimal | None
    quorum: bool
    counts: bool
    level: str | None
    counted_level: str | None


def policy_value(lookup: str, name: str, policy: Policy | None) -> Combinable:
    """A number of the policy: the meeting's own (a column, reached by ``lookup``), or,
    given ``policy``, that policy's value as a literal (what a change would do)."""
    if policy is None:
        return F(f"{lookup}{name}")
    value = getattr(policy, name)
    field: DecimalField[Any, Any] | BigIntegerField[Any, Any] = (
        DecimalField() if isinstance(value, Decimal) else BigIntegerField()
    )
    return Value(value, output_field=field)


def quorum_q(meeting: str = "", policy: Policy | None = None) -> Q:
    """DOMAIN.md rule 2: present >= roll x the policy's quorum share, compared exactly (no
    rounding: present is whole, so this is present >= ceil(roll x share)). ``meeting`` is the
    lookup prefix from the queried model to the meeting (``"meeting__"`` from a rating)."""
    return Q(
        **{
            f"{meeting}present__gte": ExpressionWrapper(
                F(f"{meeting}roll") * policy_value(f"{meeting}policy__", "quorum_share", policy),
                output_field=DecimalField(),
            )
        }
    )


def rating_expressions(prefix: str = "", policy: Policy | None = None) -> dict[str, object]:
    """Annotations for a queryset of ratings (``prefix`` leads from another model to one);
    their names and types are :class:`RatingFigures`. With ``policy``, the figures are
    those that policy would give (its values as literals), not the meeting's year's own."""
    p = prefix
    meeting = f"{p}meeting__"

    def param(name: str) -> Combinable:
        return policy_value(f"{meeting}policy__", name, policy)

    # bigint: counts up to the column's 2**31 - 1, times points, summed, must not overflow
    vs, s, bs, u = (
        big(f"{p}{name}")
        for name in ("very_satisfied", "satisfied", "basically_satisfied", "unsatisfied")
    )
    votes = vs + s + bs + u
    points = (
        vs * param("points_very_satisfied")
        + s * param("points_satisfied")
        + bs * param("points_basically_satisfied")
        + u * param("points_unsatisfied")
    )
    quorum = quorum_q(meeting, policy)
    counts = quorum & Q(**{f"{meeting}status": "submitted"})
    level = Case(
        When(
            GreaterThan(u * param("veto_denominator"), votes * param("veto_numerator")),
            then=Value("unsatisfied"),
        ),
        When(
            GreaterThanOrEqual(points, param("very_satisfied_min") * votes),
            then=Value("very_satisfied"),
        ),
        When(GreaterThanOrEqual(points, param("satisfied_min") * votes), then=Value("satisfied")),
        When(
            GreaterThanOrEqual(points, param("basically_satisfied_min") * votes),
            then=Value("basically_satisfied"),
        ),
        default=Value("unsatisfied"),
        output_field=CharField(),
    )
    no_votes = {
        f"{p}very_satisfied": 0,
        f"{p}satisfied": 0,
        f"{p}basically_satisfied": 0,
        f"{p}unsatisfied": 0,
    }
    return {
        "votes": ExpressionWrapper(votes, output_field=BigIntegerField()),
        "score": Case(
            When(**no_votes, then=Value(None)),
            default=Exact(points) / Exact(votes),
            output_field=DecimalField(),
        ),
        "quorum": Case(
            When(quorum, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        "counts": Case(
            When(counts, then=Value(True)), default=Value(False), output_field=BooleanField()
        ),
        "level": Case(When(**no_votes, then=Value(None)), default=level, output_field=CharField()),
        # the level that counts: blank when the meeting does not count or has no votes
        "counted_level": Case(
            When(**no_votes, then=Value(None)),
            When(counts, then=level),
            default=Value(None),
            output_field=CharField(),
        ),
    }


def meeting_quorum() -> Case:
    """:func:`quorum_q` as a boolean annotation of a meeting queryset."""
    return Case(
        When(quorum_q(), then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def safety_index(*, pooled: bool = False) -> tuple[ExpressionWrapper, Combinable]:
    """The public sense-of-security index of DOMAIN.md and its sample, for a survey queryset:
    (safe + fairly safe) / all respondents x 100, exact. ``pooled`` sums the counts of the
    rows grouped together first (a district pools its streets' counts). Returns
    ``(index, respondents)``; the index is NULL when there is no respondent."""
    # bigint: four counts of up to 2**31 - 1 each add up past an integer column
    feel_safe: Combinable = big("safe") + big("fairly_safe")
    total: Combinable = big("safe") + big("fairly_safe") + big("not_very_safe") + big("unsafe")
    if pooled:
        feel_safe, total = Sum(feel_safe), Sum(total)
    index = ExpressionWrapper(
        Exact(feel_safe) * Exact(Value(100)) / NullIf(Exact(total), Exact(Value(0))),
        output_field=DecimalField(),
    )
    return index, total
