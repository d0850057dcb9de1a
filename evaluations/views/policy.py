"""The yearly policy: listed for everyone, edited by city officials (core.yearly), with the
meetings whose level a change would move shown for confirmation first."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.yearly import PolicyEditView, PolicyListView
from districts.permissions import may_set_policy

from .. import selectors, services
from ..forms import PolicyForm
from ..models import Meeting, Policy


class PolicyList(PolicyListView):
    model = Policy
    template_name = "evaluations/policy_list.html"

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        return {"can_edit": may_set_policy(request.user), "history": selectors.policy_history()}


class PolicyEdit(PolicyEditView):
    model = Policy
    form_class = PolicyForm
    template_name = "evaluations/policy_form.html"
    list_url = "evaluations:policy_list"
    refused_message = _("The yearly policy belongs to the city: only city officials change it.")
    past_year_message = _("Past years keep the policy they were computed with.")
    saved_message = _("The %(year)s policy is saved.")
    policy_save = services.policy_save

    def may_edit(self, user: Any) -> bool:
        return may_set_policy(user)

    def confirm(self, request: HttpRequest, year: int, proposed: Any) -> dict[str, Any] | None:
        """A change to a year that has submitted meetings is confirmed first (with the
        values it was shown for: a confirmation is not taken for values typed after it)."""
        fingerprint = services.policy_fingerprint(proposed)
        if request.POST.get("confirmed") == fingerprint:
            return None
        confirm = _consequences(year, proposed)
        if confirm is not None:
            confirm["fingerprint"] = fingerprint
        return confirm

    def get_context(self, year: int) -> dict[str, Any]:
        return {"history": [e for e in selectors.policy_history() if e["year"] == year]}


policy_list = PolicyList.as_view()
policy_edit = PolicyEdit.as_view()


def _consequences(year: int, proposed: Policy) -> dict[str, object] | None:
    """Before changing the policy of a year that has submitted meetings: the meetings whose
    level would change, for the city official to confirm. ``None``: nothing to confirm (no
    submitted meeting that year, or nothing changed)."""
    current = Policy.objects.filter(year=year).first() or Policy(year=year)
    if services.same_policy(proposed, current):
        return None
    if not Meeting.objects.filter(year=year, status=Meeting.Status.SUBMITTED).exists():
        return None
    changes = list(selectors.policy_level_changes(year=year, policy=proposed))
    meetings: dict[int, dict[str, Any]] = {}
    for rating in changes:
        entry = meetings.setdefault(rating.meeting_id, {"meeting": rating.meeting, "ratings": []})
        entry["ratings"].append(rating)
    return {"meetings": list(meetings.values()), "ratings": len(changes)}
