"""The ``areas`` CSV kind: districts, streets and communities, one community per row.

A row whose community columns are all blank describes a street (and its district) alone,
so a street without communities survives an export/import round trip.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any, TypeVar

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.forms import INT_MAX
from core.history import recorded_user
from core.interchange import ImportReport, Kind, Row, RowError, YesNoField, yes_no

from ..models import Community, District, Street, User
from ..permissions import may_set_ranking_inputs
from ..scoping import scope_of, visible
from ..services import platform_create
from .fields import COMMUNITY_COLUMNS, code_field, differs

Area = TypeVar("Area", District, Street, Community)


class AreaRowForm(forms.Form):
    district_code = code_field()
    district_name = forms.CharField(max_length=100)
    main_urban = YesNoField()
    safety_threshold = forms.DecimalField(
        required=False, min_value=0, max_value=100, max_digits=5, decimal_places=2
    )
    street_code = code_field()
    street_name = forms.CharField(max_length=100)
    street_kind = forms.ChoiceField(choices=Street.Kind.choices)
    community_code = code_field(required=False)
    community_name = forms.CharField(max_length=100, required=False)
    community_kind = forms.ChoiceField(choices=Community.Kind.choices, required=False)
    representatives = forms.IntegerField(required=False, min_value=0, max_value=INT_MAX)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        filled = [c for c in COMMUNITY_COLUMNS if self.data.get(c, "").strip()]
        if filled:
            for column in COMMUNITY_COLUMNS:
                if column not in filled and column not in self.errors:
                    self.add_error(column, _("required when a community is given on the row."))
        return data


def same_as_first(
    row: Row, first: Row, columns: tuple[str, ...], message: str, code: str
) -> list[RowError]:
    """Rows naming the same code must agree on these columns (where both cleaned)."""
    if first is row:
        return []
    return [
        RowError(row.number, column, message % {"row": first.number, "code": code})
        for column in columns
        if row.has(column) and first.has(column) and row.data[column] != first.data[column]
    ]


def _district_values(d: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "name": d["district_name"],
        "main_urban": d["main_urban"],
        "safety_threshold": d["safety_threshold"],
    }


def _street_values(d: Mapping[str, Any]) -> dict[str, Any]:
    return {"name": d["street_name"], "kind": d["street_kind"]}


def _community_values(d: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "name": d["community_name"],
        "kind": d["community_kind"],
        "representatives": d["representatives"],
    }


class AreasKind(Kind):
    name = "areas"
    verbose_name = gettext_lazy("Areas: districts, streets and communities")
    columns = (
        "district_code",
        "district_name",
        "main_urban",
        "safety_threshold",
        "street_code",
        "street_name",
        "street_kind",
        "community_code",
        "community_name",
        "community_kind",
        "representatives",
    )
    row_form = AreaRowForm
    # The rows `make bench` imports of this kind (once the admin page's limit per request).
    # Measured by `make bench` on the 2-core machine as a city administrator: 10,000 rows
    # took 6.8-7.8 s new and 8.6-10.6 s with every community changed.
    max_upload_rows = 10_000

    def check(self, rows: list[Row], *, user: User | None = None) -> list[RowError]:
        errors: list[RowError] = []
        scope = scope_of(user) if user is not None else None
        own_district_code = None
        if scope is not None and not scope.city and scope.district_id is not None:
            own = District.objects.filter(pk=scope.district_id).values_list("code", flat=True)
            own_district_code = next(iter(own), None)

        first_district: dict[str, Row] = {}
        first_street: dict[str, Row] = {}
        first_community: dict[str, Row] = {}
        if user is not None and not may_set_ranking_inputs(user):
            errors += self._ranking_inputs_unchanged(rows)
        errors += self._rows_agree(
            rows, scope, own_district_code, first_district, first_street, first_community
        )
        return errors + self._no_moves(first_street, first_community)

    @staticmethod
    def _rows_agree(
        rows: list[Row],
        scope: Any,
        own_district_code: str | None,
        first_district: dict[str, Row],
        first_street: dict[str, Row],
        first_community: dict[str, Row],
    ) -> list[RowError]:
        """Each row within the user's district, and the rows of one area alike (the first
        row of each code is kept in ``first_*`` for the check against the database)."""
        errors: list[RowError] = []
        for row in rows:
            d = row.data
            if row.has("district_code"):
                if scope is not None and not scope.city and d["district_code"] != own_district_code:
                    errors.append(
                        RowError(
                            row.number,
                            "district_code",
                            _("%(code)s is outside the area you manage.")
                            % {"code": d["district_code"]},
                        )
                    )
                seen = first_district.setdefault(d["district_code"], row)
                errors += same_as_first(
                    row,
                    seen,
                    ("district_name", "main_urban", "safety_threshold"),
                    _("differs from row %(row)s for the same district_code %(code)s."),
                    d["district_code"],
                )
            if row.has("street_code"):
                seen = first_street.setdefault(d["street_code"], row)
                errors += same_as_first(
                    row,
                    seen,
                    ("district_code", "street_name", "street_kind"),
                    _("differs from row %(row)s for the same street_code %(code)s."),
                    d["street_code"],
                )
            if d.get("community_code"):
                seen = first_community.setdefault(d["community_code"], row)
                if seen is not row:
                    errors.append(
                        RowError(
                            row.number,
                            "community_code",
                            _("duplicate code %(code)s: already on row %(row)s.")
                            % {"code": d["community_code"], "row": seen.number},
                        )
                    )

        return errors

    @staticmethod
    def _no_moves(first_street: dict[str, Row], first_community: dict[str, Row]) -> list[RowError]:
        """Against the database: areas are matched by code and never move between parents."""
        errors: list[RowError] = []
        streets = {
            s.code: s.district.code
            for s in Street.objects.filter(code__in=first_street).select_related("district")
        }
        for code, row in first_street.items():
            if (
                code in streets
                and row.has("district_code")
                and (streets[code] != row.data["district_code"])
            ):
                errors.append(
                    RowError(
                        row.number,
                        "district_code",
                        _(
                            "street %(code)s belongs to district %(old)s; "
                            "moving a street to another district is not done by import."
                        )
                        % {"code": code, "old": streets[code]},
                    )
                )
        communities = dict(
            Community.objects.filter(code__in=first_community).values_list("code", "street__code")
        )
        for code, row in first_community.items():
            if (
                code in communities
                and row.has("street_code")
                and (communities[code] != row.data["street_code"])
            ):
                errors.append(
                    RowError(
                        row.number,
                        "street_code",
                        _(
                            "community %(code)s belongs to street %(old)s; "
                            "moving a community to another street is not done by import."
                        )
                        % {"code": code, "old": communities[code]},
                    )
                )
        return errors

    @staticmethod
    def _ranking_inputs_unchanged(rows: list[Row]) -> list[RowError]:
        """For a district administrator: a district's main-urban flag and threshold rank it,
        so they are set at city level; the file must carry the values already held."""
        codes = {r.data["district_code"] for r in rows if r.has("district_code")}
        held = {d.code: d for d in District.objects.filter(code__in=codes)}
        errors = []
        for row in rows:
            if not row.has("district_code"):
                continue
            district = held.get(row.data["district_code"])
            if district is None:
                continue
            for column, value, shown in (
                ("main_urban", district.main_urban, yes_no(district.main_urban)),
                (
                    "safety_threshold",
                    district.safety_threshold,
                    "" if district.safety_threshold is None else f"{district.safety_threshold:.2f}",
                ),
            ):
                if row.has(column) and row.data[column] != value:
                    errors.append(
                        RowError(
                            row.number,
                            column,
                            _(
                                "%(column)s of district %(code)s ranks it and is set at city "
                                "level only; keep %(value)s."
                            )
                            % {
                                "column": column,
                                "code": district.code,
                                "value": shown or _("(blank)"),
                            },
                        )
                    )
        return errors

    def apply(self, rows: list[Row], report: ImportReport, *, user: User | None = None) -> None:
        by_code: dict[str, dict[str, Any]] = {}
        for row in rows:
            d = row.data
            by_code.setdefault("d:" + d["district_code"], _district_values(d))
            by_code.setdefault(
                "s:" + d["street_code"], _street_values(d) | {"district_code": d["district_code"]}
            )
            if d["community_code"]:
                by_code["c:" + d["community_code"]] = _community_values(d) | {
                    "street_code": d["street_code"]
                }

        def wanted(prefix: str) -> dict[str, dict[str, Any]]:
            return {k[2:]: v for k, v in by_code.items() if k.startswith(prefix)}

        districts = self._upsert(District, wanted("d:"), report, user, _("districts"))
        street_rows = {
            code: {k: v for k, v in values.items() if k != "district_code"}
            | {"district": districts[values["district_code"]]}
            for code, values in wanted("s:").items()
        }
        streets = self._upsert(
            Street,
            street_rows,
            report,
            user,
            _("streets"),
            after_create=lambda created: platform_create(streets=created),
        )
        community_rows = {
            code: {k: v for k, v in values.items() if k != "street_code"}
            | {"street": streets[values["street_code"]]}
            for code, values in wanted("c:").items()
        }
        self._upsert(
            Community,
            community_rows,
            report,
            user,
            _("communities"),
            after_create=lambda created: platform_create(communities=created),
        )

    def _upsert(
        self,
        model: type[Area],
        rows: dict[str, dict[str, Any]],
        report: ImportReport,
        user: User | None,
        label: str,
        after_create: Callable[[list[Area]], object] | None = None,
    ) -> dict[str, Area]:
        existing = {o.code: o for o in model.objects.filter(code__in=rows)}
        new, changed = [], []
        for code, values in rows.items():
            obj = existing.get(code)
            if obj is None:
                new.append(model(code=code, **values))
            elif differs(obj, values):
                for k, v in values.items():
                    setattr(obj, k, v)
                changed.append(obj)
            else:
                report.unchanged[label] += 1
        for obj in new + changed:
            # parents were just resolved from the database: skip re-checking each one
            obj.full_clean(
                exclude=["district", "street"], validate_unique=False, validate_constraints=False
            )
        history_user = recorded_user(user)
        if new:
            bulk_create_with_history(
                new,
                model,
                batch_size=1000,
                default_user=history_user,
                default_change_reason="import",
            )
            created = {o.code: o for o in model.objects.filter(code__in=[o.code for o in new])}
            existing.update(created)
            if after_create is not None:  # streets and communities get their platforms
                after_create(list(created.values()))
        if changed:
            fields = sorted({k for v in rows.values() for k in v})
            bulk_update_with_history(
                changed,
                model,
                fields,
                batch_size=1000,
                default_user=history_user,
                default_change_reason="import",
            )
        report.created[label] += len(new)
        report.updated[label] += len(changed)
        return existing

    def export_rows(
        self, *, year: int | None = None, user: User | None = None
    ) -> Iterator[dict[str, Any]]:
        streets = Street.objects.all() if user is None else visible(user, Street.objects.all())
        streets = (
            streets.select_related("district")
            .prefetch_related("communities")
            .order_by("district__code", "code")
        )
        for street in streets:
            district = street.district
            base = {
                "district_code": district.code,
                "district_name": district.name,
                "main_urban": yes_no(district.main_urban),
                "safety_threshold": ""
                if district.safety_threshold is None
                else f"{district.safety_threshold:.2f}",
                "street_code": street.code,
                "street_name": street.name,
                "street_kind": street.kind,
            }
            communities = sorted(street.communities.all(), key=lambda c: c.code)
            if not communities:
                yield base | dict.fromkeys(COMMUNITY_COLUMNS, "")
            for c in communities:
                yield base | {
                    "community_code": c.code,
                    "community_name": c.name,
                    "community_kind": c.kind,
                    "representatives": c.representatives,
                }
