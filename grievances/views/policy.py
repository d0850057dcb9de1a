"""The grievance part of the yearly policy (deadlines, due soon, escalation, verdicts):
city officials only, each year's row with its history (DOMAIN.md, "Grievances"; the pages
every yearly policy has, core.yearly), with how far the official calendar reaches."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core import workdays
from core.yearly import PolicyEditView, PolicyListView
from districts.permissions import may_set_policy

from .. import services
from ..forms import GrievancePolicyForm
from ..models import GrievancePolicy


def _calendar_note() -> dict[str, int]:
    return {"calendar_last_year": workdays.last_known_year()}


class PolicyList(PolicyListView):
    model = GrievancePolicy
    template_name = "grievances/policy_list.html"

    def may_see(self, user: Any) -> bool:
        return may_set_policy(user)

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        return _calendar_note()


class PolicyEdit(PolicyEditView):
    model = GrievancePolicy
    form_class = GrievancePolicyForm
    template_name = "grievances/policy_form.html"
    list_url = "grievances:policy_list"
    past_year_message = _("Past years keep the policy their deadlines were set with.")
    saved_message = _("The %(year)s grievance policy is saved.")
    policy_save = services.grievance_policy_save

    def may_edit(self, user: Any) -> bool:
        return may_set_policy(user)

    def get_context(self, year: int) -> dict[str, Any]:
        return _calendar_note()


policy_list = PolicyList.as_view()
policy_edit = PolicyEdit.as_view()
