"""Grievance pages: work lists, intake, the item's page and steps, figures, meeting pack."""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin

from core import dataversion
from core.concurrency import StaleEdit
from core.export_safety import SafeExportMixin
from core.forms import add_service_errors, keep_for_retry
from core.pagination import pagination
from districts.http import AuthenticatedHttpRequest
from districts.models import Community, District, Street
from districts.scoping import changeable, department_of, get_visible_or_404, scope_of

from . import selectors, services
from .filters import STATUS_CHOICES, GrievanceFilter
from .forms import (
    AcceptForm,
    AnswerForm,
    ConfirmForm,
    IntakeForm,
    MeetingIntakeForm,
    NoteForm,
    ProgressForm,
    ProposeForm,
    ReferForm,
    ReopenForm,
    ResolveForm,
    SendBackForm,
    VerdictForm,
)
from .models import Grievance, GrievancePolicy
from .tables import GrievanceTable

EXPORT_LIMIT = 100_000
FIGURE_COLUMNS = [  # (figure, the status filter of its rows): selectors.FIGURE_COLUMNS
    ("total", ""),
    ("on_the_spot", "on_the_spot"),
    ("afterwards", "afterwards"),
    ("referred", "referred"),
    ("referred_resolved", "referred_resolved"),
    ("referred_open", "referred_open"),
    ("unaccounted", "unaccounted"),
    ("overdue", "overdue"),
    ("escalated_district", "escalated_district"),
    ("escalated_city", "escalated_city"),
    ("resolution_rate", "resolved"),
    ("answer_rate", "answered"),
    ("answer_satisfaction", "satisfied_verdicts"),
    ("key_dispute_resolution_rate", "key_disputes_resolved"),
]


class GrievanceListView(SafeExportMixin, SingleTableMixin, FilterView):
    template_name = "grievances/list.html"
    table_class = GrievanceTable
    filterset_class = GrievanceFilter
    table_pagination = pagination(50, keys_first=True)
    export_name = "grievances"
    request: AuthenticatedHttpRequest  # dispatch() lets only signed-in users through

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Grievance]:
        return selectors.grievances(user=self.request.user)

    def create_export(self, export_format: str) -> HttpResponseBase:
        # exports are built in memory: refuse, clearly, what would not fit
        if self.object_list.count() > EXPORT_LIMIT:
            return HttpResponse(
                _("More than %(n)s rows: narrow the filter before exporting.")
                % {"n": EXPORT_LIMIT},
                status=400,
                content_type="text/plain; charset=utf-8",
            )
        return super().create_export(export_format)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["statuses"] = STATUS_CHOICES[:4]
        context["can_add"] = changeable(self.request.user, Community.objects.all()).exists()
        return context


def _changeable_grievance(request: AuthenticatedHttpRequest, reference: str) -> Grievance:
    grievance = selectors.grievance_get(user=request.user, reference=reference)
    if not changeable(request.user, Grievance.objects.filter(pk=grievance.pk)).exists():
        raise PermissionDenied
    return grievance


@login_required
def grievance_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    communities = changeable(request.user, Community.objects.select_related("street"))
    if not communities.exists():
        raise PermissionDenied
    form = IntakeForm(request.POST or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            grievance = services.grievance_create(
                community=d["community"],
                source=d["source"],
                kind=d["kind"],
                key_dispute=d["key_dispute"],
                summary=d["summary"],
                received_on=d["received_on"],
                handled_on_the_spot=d["handled_on_the_spot"],
                user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Recorded as %(ref)s.") % {"ref": grievance.reference})
            return redirect(grievance)
    return render(request, "grievances/new.html", {"form": form})


@require_POST
@login_required
def meeting_intake(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Add an item raised at a meeting from the meeting's own page."""
    meeting = selectors.meeting_for_intake(user=request.user, pk=pk)
    form = MeetingIntakeForm(request.POST, communities=Community.objects.none())
    if form.is_valid():
        d = form.cleaned_data
        try:
            grievance = services.grievance_create(
                community=meeting.community,
                meeting=meeting,
                kind=d["kind"],
                key_dispute=d["key_dispute"],
                summary=d["summary"],
                received_on=meeting.held_on,
                handled_on_the_spot=d["handled_on_the_spot"],
                user=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Recorded as %(ref)s.") % {"ref": grievance.reference})
    if form.errors:
        messages.error(
            request,
            _("Not recorded: %(errors)s")
            % {
                "errors": "; ".join(
                    f"{form.fields[f].label}: {' '.join(map(str, e))}"
                    if f in form.fields
                    else " ".join(map(str, e))
                    for f, e in form.errors.items()
                )
            },
        )
    back = request.POST.get("next", "")
    if not (
        back.startswith("/")
        and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
    ):
        back = reverse("evaluations:meeting", args=[pk])
    # a URL, never redirect()'s guess at a view name (which raised NoReverseMatch)
    return HttpResponseRedirect(back + "#grievances")


def _refer_kwargs(grievance: Grievance, today: datetime.date) -> dict[str, Any]:
    return {
        "departments": selectors.departments_for(grievance),
        "policy": GrievancePolicy.for_year(today.year),
        "key_dispute": grievance.key_dispute,
        "today": today,
    }


def _forms(grievance: Grievance, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    today = timezone.localdate()
    forms = {
        "refer_form": ReferForm(
            auto_id="id_refer_%s",
            **_refer_kwargs(grievance, today),
            initial={"department": grievance.department_id, "version": grievance.version},
        ),
        "resolve_form": ResolveForm(
            auto_id="id_resolve_%s", initial={"resolved_on": today, "version": grievance.version}
        ),
        "answer_form": AnswerForm(
            initial={
                "answered_on": today,
                "answer": grievance.answer,
                "version": grievance.version,
            }
        ),
        "reopen_form": ReopenForm(initial={"version": grievance.version}),
        "note_form": NoteForm(),
        "confirm_form": ConfirmForm(
            auto_id="id_confirm_%s", initial={"version": grievance.version}
        ),
        "send_back_form": SendBackForm(
            auto_id="id_send_back_%s", initial={"version": grievance.version}
        ),
        "verdict_form": VerdictForm(
            auto_id="id_verdict_%s",
            initial={"given_on": today, "version": grievance.version},
        ),
        # the department's own steps (grievances.department_views)
        "accept_form": AcceptForm(auto_id="id_accept_%s", initial={"version": grievance.version}),
        "progress_form": ProgressForm(auto_id="id_progress_%s"),
        "propose_form": ProposeForm(
            auto_id="id_propose_%s",
            initial={"answer": grievance.proposed_answer, "version": grievance.version},
        ),
    }
    forms.update(bound or {})
    return forms


@login_required
def grievance_detail(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    grievance = selectors.grievance_get(user=request.user, reference=reference)
    return _render_detail(request, grievance)


def _render_detail(
    request: HttpRequest,
    grievance: Grievance,
    bound: dict[str, Any] | None = None,
    status: int = 200,
    conflict: StaleEdit | None = None,
) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "grievances/detail.html",
        {
            "g": grievance,
            "conflict": conflict,
            "timeline": grievance.follow_ups.select_related("user"),
            "can_edit": changeable(
                request.user, Grievance.objects.filter(pk=grievance.pk)
            ).exists(),
            "is_department": grievance.department_id is not None
            and department_of(request.user) == grievance.department_id,
            "overdue": grievance.is_overdue(today),
            "due_soon": Grievance.objects.filter(
                Grievance.due_soon_q(today), pk=grievance.pk
            ).exists(),
            **_forms(grievance, bound),
        },
        status=status,
    )


STEPS = {
    "refer": (
        "refer_form",
        lambda g, d, u: services.grievance_refer(
            grievance=g,
            department=d["department"],
            working_days=d["working_days"],
            note=d["note"],
            user=u,
            version=d["version"],
        ),
    ),
    "resolve": (
        "resolve_form",
        lambda g, d, u: services.grievance_resolve(
            grievance=g, resolved_on=d["resolved_on"], note=d["note"], user=u, version=d["version"]
        ),
    ),
    "answer": (
        "answer_form",
        lambda g, d, u: services.grievance_answer(
            grievance=g,
            answer=d["answer"],
            answered_on=d["answered_on"],
            user=u,
            version=d["version"],
        ),
    ),
    "reopen": (
        "reopen_form",
        lambda g, d, u: services.grievance_reopen(
            grievance=g, reason=d["reason"], user=u, version=d["version"]
        ),
    ),
    "note": (
        "note_form",
        lambda g, d, u: services.grievance_note(grievance=g, text=d["text"], user=u),
    ),
    "confirm": (
        "confirm_form",
        lambda g, d, u: services.grievance_confirm(grievance=g, user=u, version=d["version"]),
    ),
    "send_back": (
        "send_back_form",
        lambda g, d, u: services.grievance_send_back(
            grievance=g, reason=d["reason"], user=u, version=d["version"]
        ),
    ),
    "verdict": (
        "verdict_form",
        lambda g, d, u: services.grievance_verdict(
            grievance=g,
            verdict=d["verdict"],
            given_on=d["given_on"],
            user=u,
            version=d["version"],
        ),
    ),
}
FORM_CLASSES = {
    "refer_form": ReferForm,
    "resolve_form": ResolveForm,
    "answer_form": AnswerForm,
    "reopen_form": ReopenForm,
    "note_form": NoteForm,
    "confirm_form": ConfirmForm,
    "send_back_form": SendBackForm,
    "verdict_form": VerdictForm,
}


@require_POST
@login_required
def grievance_step(request: AuthenticatedHttpRequest, reference: str, step: str) -> HttpResponse:
    if step not in STEPS:
        from django.http import Http404

        raise Http404
    grievance = _changeable_grievance(request, reference)
    form_name, apply = STEPS[step]
    kwargs = _refer_kwargs(grievance, timezone.localdate()) if step == "refer" else {}
    form = FORM_CLASSES[form_name](request.POST, auto_id=f"id_{step}_%s", **kwargs)
    return apply_step(request, grievance, form_name, form, apply)


def apply_step(
    request: AuthenticatedHttpRequest,
    grievance: Grievance,
    form_name: str,
    form: forms.Form,
    apply: Callable[[Grievance, dict[str, Any], Any], Any],
) -> HttpResponse:
    """One step of an item's handling from its form: saved and back to the item, or the
    item's page again with the form as typed (409 for a stale form, 400 for a refusal)."""
    if form.is_valid():
        try:
            apply(grievance, form.cleaned_data, request.user)
        except StaleEdit as exc:
            keep_for_retry(form, exc)
            grievance.refresh_from_db()
            return _render_detail(request, grievance, {form_name: form}, status=409, conflict=exc)
        except ValidationError as exc:
            add_service_errors(form, exc)
            grievance.refresh_from_db()
        else:
            messages.success(request, _("Saved."))
            return redirect(grievance)
    return _render_detail(request, grievance, {form_name: form}, status=400)


def _period(request: HttpRequest) -> tuple[datetime.date, datetime.date]:
    start, end = selectors.default_period(timezone.localdate())
    with contextlib.suppress(ValueError):
        start = datetime.date.fromisoformat(request.GET.get("from", ""))
    with contextlib.suppress(ValueError):
        end = datetime.date.fromisoformat(request.GET.get("to", ""))
    return start, end


@login_required
def figures(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Figures for an area and period; every number links to the rows behind it."""
    start, end = _period(request)
    today = timezone.localdate()
    scope = scope_of(request.user)
    street: Street | None = None
    district: District | None = None
    area_name = _("whole city")
    if code := request.GET.get("street"):
        street = get_visible_or_404(request.user, Street.objects.all(), code=code)
    elif code := request.GET.get("district"):
        district = get_visible_or_404(request.user, District.objects.all(), code=code)
    elif scope.street_id:
        street = Street.objects.get(pk=scope.street_id)
    elif scope.district_id:
        district = District.objects.get(pk=scope.district_id)
    area_param: dict[str, str] = {}
    if street is not None:
        area_name, area_param = street.name, {"street": street.code}
    elif district is not None:
        area_name, area_param = district.name, {"district": district.code}
    period = {"received_from": start.isoformat(), "received_to": end.isoformat()}

    def cells(values: dict[str, Any], area: dict[str, Any]) -> list[dict[str, Any]]:
        return [
            {
                "name": name,
                "value": values[name],
                "rate": name in selectors.RATES,
                "url": reverse("grievances:list")
                + "?"
                + urlencode({**({"status": status} if status else {}), **period, **area}),
            }
            for name, status in FIGURE_COLUMNS
        ]

    def build() -> tuple[list[dict[str, Any]], list[dict[str, Any]], str]:
        table, total_values, level = selectors.figure_table(
            user=request.user, start=start, end=end, today=today, district=district, street=street
        )
        rows = [
            {"code": r["code"], "name": r["name"], "cells": cells(r, {level: r["code"]})}
            for r in table
        ]
        return rows, cells(total_values, area_param), level

    # the cells with their links, once per data version like the figures (38 districts
    # of 14 figures, each with its address, took longer than the cached figures)
    rows, total, level = dataversion.cached(
        f"figures_page:{scope}:{start}:{end}:{today}:"
        f"{district.pk if district else ''}:{street.pk if street else ''}",
        build,
        topics=("grievances",),
    )
    return render(
        request,
        "grievances/figures.html",
        {
            "start": start,
            "end": end,
            "area_name": area_name,
            "level": level,
            "total": total,
            "rows": rows,
            "figures": FIGURE_COLUMNS,
            # the area chosen, kept when the period changes (never request.GET.items in
            # the template: a parameter named "items" would stand in for the method)
            "carry": [(k, request.GET[k]) for k in ("district", "street") if k in request.GET],
        },
    )
