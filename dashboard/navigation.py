from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from districts.permissions import may_manage, may_set_policy
from districts.scoping import department_of, scope_of


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The navigation of the signed-in user's role, built from their scope."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    scope = scope_of(user)
    items = [(_("Home"), reverse("home"))]
    if department_of(user) is not None:
        # department staff see only the items referred to them
        items = [
            (_("Work list"), reverse("grievances:work")),
            (_("Grievances"), reverse("grievances:list")),
        ]
        return _marked(request, items)
    if scope.city:
        items.append((_("Districts"), reverse("districts:district_list")))
    elif scope.district_id and user.district_id:
        items.append((_("My district"), reverse("districts:district", args=[user.district.code])))
    if scope.city or scope.district_id:
        items.append((_("Streets"), reverse("districts:street_list")))
    elif scope.street_id and user.street_id:
        items.append((_("My street"), reverse("districts:street", args=[user.street.code])))
    items.append((_("Communities"), reverse("districts:community_list")))
    items.append((_("Quarterly reviews"), reverse("evaluations:board")))
    items.append((_("Review results"), reverse("evaluations:rating_list")))
    items.append((_("Recommendations"), reverse("evaluations:recommendation_list")))
    items.append((_("Grievances"), reverse("grievances:list")))
    items.append((_("Grievance figures"), reverse("grievances:figures")))
    items.append((_("Department record"), reverse("grievances:department_record")))
    items.append((_("Promise figures"), reverse("evaluations:promise_figures")))
    if scope.city or scope.district_id:  # a district's assessment of its departments
        items.append((_("Departments' bulletins"), reverse("grievances:bulletins")))
    items.append((_("Rankings"), reverse("rankings:city")))
    items.append((_("Community league"), reverse("rankings:league")))
    items.append((_("Safety surveys"), reverse("evaluations:survey_list")))
    items.append((_("Policy"), reverse("evaluations:policy_list")))
    items.append((_("Publication"), reverse("publication:manage")))
    items.append((_("API tokens"), reverse("api_tokens:list")))
    if may_set_policy(user):
        items.append((_("Grievance policy"), reverse("grievances:policy_list")))
    if may_manage(user):
        items.append((_("Administration"), reverse("admin:index")))
    return _marked(request, items)


def _marked(request: HttpRequest, items: list[tuple[Any, str]]) -> dict[str, Any]:
    current = request.path
    return {
        "nav_items": [
            {
                "label": label,
                "url": url,
                "active": url == current or (url != "/" and current.startswith(url)),
            }
            for label, url in items
        ]
    }
