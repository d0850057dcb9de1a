"""A policy per year (DOMAIN.md: "every number here lives in a per-year policy that city
officials edit; past years keep the policy they were computed with"), written once for
the two there are: the reviews' (evaluations.Policy) and the grievances'
(grievances.GrievancePolicy).

A yearly policy is a versioned model (:class:`core.models.Versioned`) with a unique
``year`` and simple-history's ``history``; a year without a row uses the model's
defaults. What they share lives here:

- the save (:func:`yearly_policy_save`): the year's row locked, a form opened at another
  version refused with what changed (core.concurrency), a save that changes nothing left
  alone, every change a new version with its history;
- the history in words (:func:`yearly_policy_history`);
- the pages (:class:`PolicyListView`, :class:`PolicyEditView`): every saved year, this
  one and the next; a year from 2000 to 2100 edited from this one on, past years closed;
- the admin (:class:`YearlyPolicyAdminMixin`): superusers add and change from this year
  on (past years read-only, as on the pages), no one deletes, and a save goes through the
  app's service; a stale admin form is refused as a stale page is (core.admin_concurrency).

Each app says who may edit, its form, templates and messages, and what else its pages show.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View

from .concurrency import StaleEdit, conflict, field_changes, who
from .forms import keep_for_retry
from .history import attribute_history
from .models import Versioned
from .years import YEARS

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

P = TypeVar("P", bound=Versioned)
NOT_VALUES = frozenset({"id", "year", "created_at", "updated_at", "version"})


def value_fields(model: type[models.Model]) -> list[str]:
    """The policy's own values: every stored field but its year and its bookkeeping."""
    return [f.name for f in model._meta.concrete_fields if f.name not in NOT_VALUES]


def same_values(a: models.Model, b: models.Model, fields: Sequence[str]) -> bool:
    """Whether two policies hold the same values (their year and bookkeeping aside)."""
    return all(getattr(a, f) == getattr(b, f) for f in fields)


def _conflict(model: Any, year: int, version: int, fields: Sequence[str]) -> StaleEdit:
    return conflict(
        model=model,
        history=model.history.filter(year=year),
        version=version,
        current=model._default_manager.filter(year=year).first(),
        fields=fields,
    )


@transaction.atomic
def yearly_policy_save(
    *,
    policy: P,
    user: AbstractBaseUser | AnonymousUser | None,
    version: int | None,
    fields: Sequence[str],
) -> P:
    """Save a year's policy with the values on ``policy``.

    ``version`` is the one the form was opened at (0: the year had no row yet and the form
    showed the defaults); a row that has moved on since raises StaleEdit, nothing saved. A
    row created with the defaults meanwhile is what the form showed: no conflict. Without
    ``version`` (the admin), the values are saved over whatever is there.
    """
    model: Any = type(policy)
    year = policy.year  # type: ignore[attr-defined]  # every yearly policy has its year
    current = model._default_manager.select_for_update().filter(year=year).first()
    if version is not None:
        seen = version
        if seen == 0 and current is not None and same_values(model(year=year), current, fields):
            seen = current.version  # created with the defaults meanwhile: what the form showed
        if seen != (current.version if current else 0):
            raise _conflict(model, year, version, fields)
    if current is not None:
        if same_values(policy, current, fields):
            return current
        policy.pk, policy.created_at = current.pk, current.created_at  # type: ignore[attr-defined]
        policy.version = current.version + 1
    else:
        policy.pk, policy.version = None, 1
    attribute_history(policy, user)
    policy.full_clean(validate_unique=False)
    try:
        with transaction.atomic():
            policy.save(force_insert=current is None)
    except IntegrityError:  # the year's row was created by a save at the same moment
        if version is None or not model._default_manager.filter(year=year).exists():
            raise
        raise _conflict(model, year, version, fields) from None
    return policy


def yearly_policy_history(
    model: Any, fields: Sequence[str], *, limit: int = 50
) -> list[dict[str, Any]]:
    """The latest changes of every year's policy, newest first: who, when, which year, and
    what changed in words ("满意起分: 75.00 → 78.00"). One query."""
    records = list(
        model.history.select_related("history_user").order_by("year", "history_date", "history_id")
    )
    entries: list[dict[str, Any]] = []
    previous: dict[int, Any] = {}
    for record in records:
        before = previous.get(record.year)
        entries.append(
            {
                "year": record.year,
                "when": record.history_date,
                "who": who(record.history_user),
                "type": record.history_type,
                "changes": field_changes(model, before, record, fields)
                if before is not None
                else [],
            }
        )
        previous[record.year] = record
    entries.sort(key=lambda e: e["when"], reverse=True)
    return entries[:limit]


@method_decorator(login_required, name="dispatch")
class PolicyListView(View):
    """Every saved year, this one and the next, newest first; a year without its own row
    shows the defaults. Any method shows the page, as a plain view would."""

    model: ClassVar[Any]  # the app's yearly policy model
    template_name: ClassVar[str]

    def may_see(self, user: Any) -> bool:
        return True

    def get_context(self, request: HttpRequest) -> dict[str, Any]:
        """What else the app's page shows."""
        return {}

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not self.may_see(request.user):
            raise PermissionDenied
        current = timezone.localdate().year
        saved: dict[int, Any] = {p.year: p for p in self.model._default_manager.all()}
        years = sorted(set(saved) | {current, current + 1}, reverse=True)
        return render(
            request,
            self.template_name,
            {
                "policies": [saved.get(y) or self.model(year=y) for y in years],
                "saved_years": set(saved),
                "current_year": current,
                **self.get_context(request),
            },
        )


@method_decorator(login_required, name="dispatch")
class PolicyEditView(View):
    """One year's policy: refused to whom may not edit it, 404 outside 2000-2100, a past
    year sent back to the list with why; saved through the app's service with the version
    the form was opened at (409 and what changed when someone saved since)."""

    model: ClassVar[Any]  # the app's yearly policy model
    form_class: ClassVar[type[forms.ModelForm[Any]]]
    template_name: ClassVar[str]
    list_url: ClassVar[str]
    refused_message: ClassVar[StrOrPromise | None] = None
    past_year_message: ClassVar[StrOrPromise]
    saved_message: ClassVar[StrOrPromise]  # with %(year)s
    policy_save: ClassVar[Callable[..., Any]]  # the app's service

    def may_edit(self, user: Any) -> bool:
        raise NotImplementedError

    def confirm(self, request: HttpRequest, year: int, proposed: Any) -> dict[str, Any] | None:
        """What the user is to confirm before these values are saved; None: nothing."""
        return None

    def get_context(self, year: int) -> dict[str, Any]:
        """What else the app's page shows."""
        return {}

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        year: int = kwargs["year"]
        if not self.may_edit(request.user):
            if self.refused_message is None:
                raise PermissionDenied
            raise PermissionDenied(self.refused_message)
        if year not in YEARS:
            raise Http404
        if year < timezone.localdate().year:
            messages.error(request, self.past_year_message)
            return redirect(self.list_url)
        manager = self.model._default_manager
        policy = manager.filter(year=year).first() or self.model(year=year)
        form = self.form_class(
            request.POST or None,
            instance=policy,
            initial={"version": policy.version if policy.pk else 0},
        )
        stale: StaleEdit | None = None
        confirm: dict[str, Any] | None = None
        if request.method == "POST" and form.is_valid():
            confirm = self.confirm(request, year, form.save(commit=False))
            if confirm is None:
                try:
                    type(self).policy_save(
                        policy=form.save(commit=False),
                        version=form.cleaned_data["version"],
                        user=request.user,
                    )
                except StaleEdit as exc:
                    stale = exc
                    keep_for_retry(form, exc)
                else:
                    messages.success(request, self.saved_message % {"year": year})
                    return redirect(self.list_url)
        return self.render(request, year, form, stale, confirm)

    def render(
        self,
        request: HttpRequest,
        year: int,
        form: forms.ModelForm[Any],
        stale: StaleEdit | None,
        confirm: dict[str, Any] | None,
    ) -> HttpResponse:
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "year": year,
                "conflict": stale,
                "confirm": confirm,
                **self.get_context(year),
            },
            status=409 if stale else 200,
        )


def is_past(year: int | None) -> bool:
    """A year before this one: its policy is closed (its figures were computed with it)."""
    return year is not None and year < timezone.localdate().year


class YearlyPolicyAdminForm(forms.ModelForm):
    """The admin's policy form: a year from this one on, as on the pages."""

    def clean_year(self) -> int | None:
        year: int | None = self.cleaned_data.get("year")
        if is_past(year):
            raise forms.ValidationError(PAST_YEAR_MESSAGE)
        return year


PAST_YEAR_MESSAGE = _("Past years keep the policy they were computed with.")


class YearlyPolicyAdminMixin:
    """Superusers add and change a year's policy in the admin, this year's and later ones,
    as on the pages; no one deletes one, and a past year's is shown read-only (its figures
    were computed with it). A save goes through the app's service, so it is a new version;
    a form opened before someone else's save, here or on the page, is refused
    (core.admin_concurrency, in every scoped admin). Put it before the admin class."""

    policy_save: ClassVar[Callable[..., Any]]  # the app's service
    form: Any = YearlyPolicyAdminForm

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return request.user.is_superuser and not is_past(getattr(obj, "year", None))

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: models.Model | None = None) -> Any:
        fields = tuple(super().get_readonly_fields(request, obj))  # type: ignore[misc]
        return fields if obj is None else (*fields, "year")  # a policy stays its year's

    def save_model(
        self, request: HttpRequest, obj: models.Model, form: forms.ModelForm[Any], change: bool
    ) -> None:
        if is_past(getattr(obj, "year", None)):  # a revert from the history, too
            raise PermissionDenied(PAST_YEAR_MESSAGE)
        user = request.user
        type(self).policy_save(policy=obj, user=user if user.is_authenticated else None)
