"""Fuzz every address, parameter and form as every role (tests/core/fuzz/__init__.py):
no 500."""

import os

import pytest

from .hostile import ROLES
from .plan import Plan
from .routes import ALL_ROUTES
from .sessions import Session

pytestmark = pytest.mark.django_db


def test_no_address_parameter_or_form_field_gives_a_500(request, objects, quiet):
    sessions = {
        role: Session(role, None if role == "anonymous" else request.getfixturevalue(role))
        for role in ROLES
    }
    plan = Plan(sessions, objects)
    discovered = sum(s.tried for s in sessions.values())
    for role, inp in plan.inputs(full=bool(os.environ.get("FUZZ_FULL"))):
        sessions[role].send(inp)
    tried = sum(s.tried for s in sessions.values()) - discovered
    failures = [f for s in sessions.values() for f in s.failures]
    kinds = {k[0] for k in plan.targets}
    print(
        f"\nfuzz: {len(plan.covered)}/{len(ALL_ROUTES)} URL patterns, "
        + ", ".join(
            f"{sum(1 for k in plan.targets if k[0] == kind)} {kind} targets"
            for kind in sorted(kinds)
        )
        + f", {tried} inputs ({discovered} to discover), {len(failures)} 500s"
    )
    if report := os.environ.get("FUZZ_REPORT"):
        with open(report, "w") as out:
            out.write("\n".join(str(f) for f in failures))
    assert plan.covered == {r.name for r in ALL_ROUTES}
    assert failures == [], "\n".join(str(f) for f in failures[:40])
