"""Accounts in the admin: scoped, never a superuser or a city-wide account for a district's
administrator; deactivated, never deleted, once they have history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..models import User
from ..scoping import scope_of
from ..selectors import users_with_history, users_with_lock_state
from ..services import users_deactivate, users_unlock

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldsetSpec
from .base import ScopedAdmin


class ScopedUserForm(forms.ModelForm):
    """Model validation (role vs scope), plus: a scoped admin creates users only inside it.

    Mixed into the form the user admin builds (see :meth:`UserAdmin.get_form`).
    """

    request_user: User | AnonymousUser | None = None

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if self.request_user is not None:
            scope = scope_of(self.request_user)
            if not scope.city and not (
                data.get("district") or data.get("street") or data.get("department")
            ):
                self.add_error(
                    "district",
                    _(
                        "You manage one district: give this account a district, a street or "
                        "a department in it."
                    ),
                )
        return data


@admin.register(User)
class UserAdmin(ScopedAdmin, BaseUserAdmin):
    list_display = (
        "username",
        "full_name",
        "role",
        "district",
        "street",
        "department",
        "is_active",
        "locked",
    )
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email")
    list_select_related = ("district", "street", "department__street", "department__community")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Role and scope"), {"fields": ("role", "district", "street", "department")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        (_("Role and scope"), {"fields": ("role", "district", "street", "department")}),
    )
    readonly_fields = ("last_login", "date_joined")
    # a city has tens of thousands of platform departments: searched, never listed whole
    autocomplete_fields = ("department",)
    actions = ["unlock", "deactivate"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        users = super().get_queryset(request)
        if not request.user.is_superuser:
            # whoever could set a superuser's password would hold every right
            users = users.filter(is_superuser=False)
        return users_with_lock_state(users)

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, user: User) -> str:
        return user.get_full_name()

    @admin.display(description=_("locked"), boolean=True, ordering="login_failures")
    def locked(self, user: User) -> bool:
        return bool(getattr(user, "locked", False))

    @admin.action(
        description=_("Unlock the selected accounts (clear their failed logins)"),
        permissions=["change"],
    )
    def unlock(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        done = users_unlock(users=queryset)
        for user in done:
            self.log_change(request, user, gettext("Unlocked: failed logins cleared."))
        self.message_user(
            request,
            ngettext("%(count)d account unlocked.", "%(count)d accounts unlocked.", len(done))
            % {"count": len(done)},
        )

    @admin.action(description=_("Deactivate the selected accounts"), permissions=["change"])
    def deactivate(self, request: HttpRequest, queryset: QuerySet[User]) -> None:
        if request.user.is_authenticated and queryset.filter(pk=request.user.pk).exists():
            self.message_user(
                request, gettext("You cannot deactivate your own account."), messages.WARNING
            )
        done = users_deactivate(users=queryset, by=request.user)
        self.message_user(
            request,
            ngettext("%(count)d account deactivated.", "%(count)d accounts deactivated.", len(done))
            % {"count": len(done)},
        )

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        """An account some record names as its author is not deleted: the page says so in
        words and sends the administrator to the account, to deactivate it."""
        user = self.get_object(request, unquote(object_id))
        if (
            user is not None
            and self.has_delete_permission(request, user)
            and users_with_history(User.objects.filter(pk=user.pk)).exists()
        ):
            self.message_user(request, keep_message([user]), messages.ERROR)
            return redirect("admin:districts_user_change", user.pk)
        return super().delete_view(request, object_id, extra_context)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions: dict[str, Any] = dict(super().get_actions(request))
        if "delete_selected" in actions:  # Django's bulk delete, refusing accounts with history
            _func, name, description = actions["delete_selected"]
            actions[name] = (type(self).delete_unless_history, name, description)
        return actions

    def delete_unless_history(
        self, request: HttpRequest, queryset: QuerySet[User]
    ) -> HttpResponse | None:
        keep = list(users_with_history(queryset))
        if keep:
            self.message_user(request, keep_message(keep), messages.ERROR)
            return None  # back to the list, nothing deleted
        return cast("HttpResponse | None", delete_selected(self, request, queryset))

    def get_deleted_objects(
        self, objs: Sequence[User] | QuerySet[User], request: HttpRequest
    ) -> tuple[list[str], dict[str, int], set[str], list[str]]:
        """Accounts that some record names as its author are never deleted: the history
        would lose who. Listed as protected, Django's delete page and bulk action refuse."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        keep = users_with_history(User.objects.filter(pk__in=[o.pk for o in objs]))
        reasons = [
            gettext(
                "%(user)s has changed records kept in the history: deactivate the account instead."
            )
            % {"user": user}
            for user in keep
        ]
        return deleted, counts, perms_needed, [*reasons, *protected]

    def get_fieldsets(self, request: HttpRequest, obj: User | None = None) -> _FieldsetSpec:
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        # Scoped administrators cannot hand out superuser rights.
        return [
            (name, {**opts, "fields": tuple(f for f in opts["fields"] if f != "is_superuser")})
            for name, opts in fieldsets
        ]

    def get_form(
        self, request: HttpRequest, obj: User | None = None, change: bool = False, **kwargs: Any
    ) -> type[forms.ModelForm[User]]:
        form = super().get_form(request, obj, change=change, **kwargs)
        # the admin's own form with ScopedUserForm mixed in, for this request
        scoped = cast(
            "type[ScopedUserForm]", type("ScopedUserAdminForm", (ScopedUserForm, form), {})
        )
        scoped.request_user = request.user
        return scoped


def keep_message(users: Sequence[User]) -> str:
    """Why accounts are not deleted, and what to do instead."""
    return ngettext(
        "%(users)s cannot be deleted: records in the history name this account as their "
        "author. Deactivate the account instead: untick “Active” on the account and save, or "
        "choose “Deactivate the selected accounts” on the list.",
        "%(users)s cannot be deleted: records in the history name these accounts as their "
        "author. Deactivate the accounts instead: choose “Deactivate the selected accounts” "
        "on the list.",
        len(users),
    ) % {"users": ", ".join(str(u) for u in users)}
