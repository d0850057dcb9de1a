"""The scoped admin: every list, choice, filter and page limited to the administrator's scope."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.admin.options import BaseModelAdmin
from django.contrib.admin.utils import get_fields_from_path, unquote
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.contenttypes import views as contenttype_views
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import ForeignKey, Model, QuerySet
from django.db.models.fields.related import RelatedField
from django.http import Http404, HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin

from core.admin import SafeChangeListMixin
from core.admin_concurrency import StaleAdminMixin
from core.security import log_refusal

from ..permissions import may_manage, may_set_ranking_inputs
from ..scoping import manageable, scope_of

if TYPE_CHECKING:
    from django.contrib.admin.options import _ListFilterT
    from django.utils.datastructures import _ListOrTuple
    from django.utils.functional import _StrOrPromise


class TamperProofAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget, redrawn after a refused POST without looking up values
    that are no key at all (``street=abc``): Django's own sends them to the database."""

    def optgroups(
        self, name: str, value: Sequence[str], attr: dict[str, Any] | None = None
    ) -> list[tuple[str | None, list[dict[str, Any]], int | None]]:
        remote = self.field.remote_field
        target = remote.model._meta.get_field(remote.field_name or remote.model._meta.pk.name)

        def is_key(raw: str) -> bool:
            try:
                target.to_python(raw)
            except ValidationError:
                return False
            return True

        return super().optgroups(name, [v for v in value if is_key(v)], attr)


class ScopedChoicesMixin(BaseModelAdmin):
    """Foreign-key choices limited to what the administrator manages."""

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.ModelChoiceField[Any] | None:
        related = db_field.related_model
        if isinstance(related, type) and hasattr(related, "scope_q"):
            kwargs["queryset"] = manageable(request.user, related._default_manager.all())
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = TamperProofAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A list filter on a related area (or account) offers only what the admin manages."""

    def field_choices(
        self,
        field: RelatedField[Any, Any],
        request: HttpRequest,
        model_admin: admin.ModelAdmin[Any],
    ) -> list[tuple[str, _StrOrPromise]]:
        related = field.related_model
        if not (isinstance(related, type) and hasattr(related, "scope_q")):
            return super().field_choices(field, request, model_admin)
        rows = manageable(request.user, related._default_manager.all())
        if ordering := self.field_admin_ordering(field, request, model_admin):
            rows = rows.order_by(*ordering)
        target = field.target_field.attname
        return [(str(getattr(row, target)), str(row)) for row in rows]


class ScopedAdmin(StaleAdminMixin, SafeChangeListMixin, ScopedChoicesMixin, SimpleHistoryAdmin):
    """Rows, permissions, foreign-key choices and list filters all limited to the admin's
    scope; a change form opened before someone else's save is refused, not saved over it
    (core.admin_concurrency)."""

    city_only_add = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return manageable(request.user, super().get_queryset(request))

    def get_object(
        self, request: HttpRequest, object_id: str, from_field: str | None = None
    ) -> Any:
        obj = super().get_object(request, object_id, from_field)
        if obj is None:  # Django then redirects to the admin index with a message
            log_refusal(request, 404, "not found in the administrator's scope")
        return obj

    def get_list_filter(self, request: HttpRequest) -> _ListOrTuple[_ListFilterT]:
        """Plain filters on a foreign key get the scoped choices."""
        scoped: list[_ListFilterT] = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str):
                try:
                    field = get_fields_from_path(self.model, entry)[-1]
                except FieldDoesNotExist:
                    field = None
                if field is not None and field.is_relation:
                    entry = (entry, ScopedRelatedFieldListFilter)
            scoped.append(entry)
        return scoped

    def _in_scope(self, request: HttpRequest, obj: Model | None) -> bool:
        if not may_manage(request.user):
            return False
        if obj is None:
            return True
        # the admin's own rows: whatever it leaves out is out of reach on every page
        return self.get_queryset(request).filter(pk=obj.pk).exists()

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

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # simple-history looks the id up as given: "abc" reached the database
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError as exc:
            raise Http404 from exc
        return cast(HttpResponse, super().history_view(request, object_id, extra_context))

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # the same for one version of it: "abc" as an id or a version reached the database
        try:
            self.model._meta.pk.to_python(unquote(object_id))
            self.model.history.model._meta.pk.to_python(version_id)
        except ValidationError as exc:
            raise Http404 from exc
        # simple-history saves a revert for whoever may view the row: only who may change it
        if request.method == "POST" and not self.has_change_permission(
            request, self.get_object(request, unquote(object_id))
        ):
            raise PermissionDenied
        return cast(
            HttpResponse,
            super().history_form_view(request, object_id, version_id, extra_context),
        )


@admin.site.admin_view
def view_on_site(request: HttpRequest, content_type_id: str, object_id: str) -> HttpResponse:
    """The admin's "view on site" redirect (``/admin/r/<type>/<id>/``), for objects the
    administrator may open in the admin only: Django's own redirects to anything, which
    tells the codes and references of other areas."""
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        if model is None:
            raise Http404
        model_admin = admin.site.get_model_admin(model)
    except (ValueError, ContentType.DoesNotExist, NotRegistered) as exc:
        raise Http404 from exc
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404
    return contenttype_views.shortcut(request, content_type_id, object_id)


class RankingInputsAdmin(ScopedAdmin):
    """Admin of a model holding figures that rank an area: only city-level roles change
    them (``ranking_inputs`` lists the fields; empty means the whole row)."""

    ranking_inputs: tuple[str, ...] = ()

    def get_readonly_fields(
        self, request: HttpRequest, obj: Model | None = None
    ) -> _ListOrTuple[str]:
        fields = tuple(super().get_readonly_fields(request, obj))
        if self.ranking_inputs and not may_set_ranking_inputs(request.user):
            fields += tuple(f for f in self.ranking_inputs if f not in fields)
        return fields

    def _may_write(self, request: HttpRequest) -> bool:
        return bool(self.ranking_inputs) or may_set_ranking_inputs(request.user)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._may_write(request) and super().has_add_permission(request, *args)

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_write(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return self._may_write(request) and super().has_delete_permission(request, obj)


class ReadOnlyScopedAdmin(ScopedAdmin):
    """Rows that change only through their services: shown, never edited here."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False
