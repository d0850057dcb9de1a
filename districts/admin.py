"""The Django admin, scoped: administrators manage only what lies inside their own scope."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin
from django.contrib.admin.options import BaseModelAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import AnonymousUser
from django.db.models import ForeignKey, Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import Community, Department, District, Official, Posting, Street, User
from .scoping import manageable, may_manage, scope_of
from .services import platform_create

if TYPE_CHECKING:
    from django.contrib.admin.options import _FieldsetSpec


class ScopedChoicesMixin(BaseModelAdmin):
    """Foreign-key choices limited to what the administrator manages."""

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        related = db_field.related_model
        if isinstance(related, type) and hasattr(related, "scope_q"):
            kwargs["queryset"] = manageable(request.user, related._default_manager.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedAdmin(ScopedChoicesMixin, SimpleHistoryAdmin):
    """Rows, permissions and foreign-key choices all limited to the admin's scope."""

    city_only_add = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return manageable(request.user, super().get_queryset(request))

    def _in_scope(self, request: HttpRequest, obj: Model | None) -> bool:
        if not may_manage(request.user):
            return False
        if obj is None:
            return True
        return manageable(request.user, type(obj)._default_manager.filter(pk=obj.pk)).exists()

    def has_module_permission(self, request: HttpRequest) -> bool:
        return may_manage(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._in_scope(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._in_scope(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._in_scope(request, obj)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        if self.city_only_add and not scope_of(request.user).city:
            return False
        return may_manage(request.user)


class ReadOnlyScopedAdmin(ScopedAdmin):
    """Rows that change only through their services: shown, never edited here."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(District)
class DistrictAdmin(ScopedAdmin):
    list_display = ("code", "name", "main_urban", "safety_threshold")
    list_filter = ("main_urban",)
    search_fields = ("code", "name")
    city_only_add = True


@admin.register(Street)
class StreetAdmin(ScopedAdmin):
    def save_model(
        self, request: HttpRequest, obj: Street, form: forms.ModelForm[Street], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            platform_create(streets=[obj])

    list_display = ("code", "name", "kind", "district")
    list_filter = ("kind", "district")
    search_fields = ("code", "name")
    list_select_related = ("district",)


@admin.register(Community)
class CommunityAdmin(ScopedAdmin):
    def save_model(
        self, request: HttpRequest, obj: Community, form: forms.ModelForm[Community], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            platform_create(communities=[obj])

    list_display = ("code", "name", "kind", "street", "representatives")
    list_filter = ("kind",)
    search_fields = ("code", "name", "street__name")
    list_select_related = ("street",)
    autocomplete_fields = ("street",)


@admin.register(Department)
class DepartmentAdmin(ScopedAdmin):
    list_display = ("__str__", "key", "contact", "phone")
    list_filter = ("key",)
    search_fields = ("street__name", "community__name", "contact")
    list_select_related = ("street", "community")
    raw_id_fields = ("street", "community")


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
            if not scope.city and not (data.get("district") or data.get("street")):
                self.add_error(
                    "district",
                    _("You manage one district: give this account a district or a street in it."),
                )
        return data


@admin.register(User)
class UserAdmin(ScopedAdmin, BaseUserAdmin):
    list_display = ("username", "get_full_name", "role", "district", "street", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email")
    list_select_related = ("district", "street")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Role and scope"), {"fields": ("role", "district", "street")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2")}),
        (_("Role and scope"), {"fields": ("role", "district", "street")}),
    )
    readonly_fields = ("last_login", "date_joined")

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


class PostingInline(ScopedChoicesMixin, admin.TabularInline):
    model = Posting
    extra = 1
    fields = ("community", "role", "organisation", "start_date", "end_date")
    autocomplete_fields = ("community",)


@admin.register(Official)
class OfficialAdmin(ScopedAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
    inlines = [PostingInline]


@admin.register(Posting)
class PostingAdmin(ScopedAdmin):
    list_display = ("official", "role", "community", "organisation", "start_date", "end_date")
    list_filter = ("role",)
    search_fields = ("official__code", "official__name", "community__code", "community__name")
    list_select_related = ("official", "community")
    autocomplete_fields = ("official", "community")
