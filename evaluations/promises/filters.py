"""Filters of the promise list and of the missing improvement plans, over scoped rows."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from districts.filters import AreaChoiceFilter
from districts.models import Platform

from ..filters import visible_communities
from ..models import PromiseQuerySet, PromiseState
from . import alerts
from .plans import escalated_q

DUE_CHOICES = [("overdue", _("overdue")), ("due_soon", _("due soon"))]


class PromiseFilter(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(label=_("State"), choices=PromiseState.choices)
    owner = django_filters.CharFilter(label=_("Owner (official)"), method="by_owner")
    department = django_filters.ChoiceFilter(
        label=_("Owner (department)"), field_name="department__key", choices=Platform.choices
    )
    community = AreaChoiceFilter(
        label=_("Community"), field_name="meeting__community", queryset=visible_communities
    )
    due = django_filters.ChoiceFilter(label=_("Due"), choices=DUE_CHOICES, method="by_due")

    def by_owner(self, queryset: PromiseQuerySet, name: str, value: str) -> PromiseQuerySet:
        value = value.strip()
        return queryset.filter(Q(official__name__icontains=value) | Q(official__code=value))

    def by_due(self, queryset: PromiseQuerySet, name: str, value: str) -> PromiseQuerySet:
        """The dashboards' rule (evaluations.promises.alerts.due), as of today."""
        return alerts.due(queryset, value, timezone.localdate())


class PlanFilter(django_filters.FilterSet):
    escalated = django_filters.ChoiceFilter(
        label=_("Escalated"),
        choices=[("yes", _("escalated to the district")), ("no", _("not yet escalated"))],
        method="by_escalated",
    )
    community = AreaChoiceFilter(
        label=_("Community"), field_name="meeting__community", queryset=visible_communities
    )

    def by_escalated(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        """``yes``: the rule of evaluations.promises.plans.plans_escalated."""
        return queryset.filter(escalated_q() if value == "yes" else ~escalated_q())
