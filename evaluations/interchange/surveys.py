"""The ``surveys`` kind: a street's yearly sense-of-security counts (DOMAIN.md, "Public
sense-of-security index"), imported at city level only, matched by street and year."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.interchange import ImportReport, Kind, Row, RowError
from districts.interchange import code_field
from districts.models import User
from districts.permissions import may_set_ranking_inputs
from districts.scoping import manageable, visible

from .. import services
from ..models import Survey
from .fields import count_field

SURVEY_COUNTS = ("safe", "fairly_safe", "not_very_safe", "unsafe")


class SurveyRowForm(forms.Form):
    street_code = code_field()
    year = forms.IntegerField(min_value=2000, max_value=2100)
    safe = count_field()
    fairly_safe = count_field()
    not_very_safe = count_field()
    unsafe = count_field()

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if all(f in data for f in SURVEY_COUNTS) and not any(data[f] for f in SURVEY_COUNTS):
            self.add_error("unsafe", _("A survey needs at least one respondent."))
        return data


class SurveysKind(Kind):
    """``surveys``: a street's yearly sense-of-security counts, matched by street and year."""

    name = "surveys"
    verbose_name = gettext_lazy("Safety surveys")
    columns = ("street_code", "year", *SURVEY_COUNTS)
    row_form = SurveyRowForm
    takes_year = True
    # The rows `make bench` imports of this kind (once the admin page's limit per request).
    # Measured by `make bench` on the 2-core machine as a city administrator: 3,000 rows
    # took 6.0-7.9 s new and 6.7-7.2 s all changed.
    max_upload_rows = 3_000

    def check(self, rows: list[Row], *, user: User | None = None) -> list[RowError]:
        from districts.models import Street

        streets = Street.objects.filter(
            code__in={r.data["street_code"] for r in rows if r.has("street_code")}
        )
        if user is not None:
            streets = manageable(user, streets)
        known = set(streets.values_list("code", flat=True))
        errors: list[RowError] = []
        first: dict[tuple[str, int], Row] = {}
        city_level = user is None or may_set_ranking_inputs(user)
        for row in rows:
            d = row.data
            if not city_level and row.has("street_code"):
                errors.append(
                    RowError(
                        row.number,
                        "street_code",
                        _(
                            "surveys rank %(code)s and are recorded at city level only, "
                            "not by the district's administrators."
                        )
                        % {"code": d["street_code"]},
                    )
                )
            elif row.has("street_code") and d["street_code"] not in known:
                errors.append(
                    RowError(
                        row.number,
                        "street_code",
                        _("unknown street %(code)s.") % {"code": d["street_code"]},
                    )
                )
            if row.has("street_code", "year"):
                seen = first.setdefault((d["street_code"], d["year"]), row)
                if seen is not row:
                    errors.append(
                        RowError(
                            row.number,
                            "year",
                            _("%(code)s already has a %(year)s survey on row %(row)s.")
                            % {"code": d["street_code"], "year": d["year"], "row": seen.number},
                        )
                    )
        return errors

    def apply(self, rows: list[Row], report: ImportReport, *, user: User | None = None) -> None:
        from districts.models import Street

        streets = dict(
            Street.objects.filter(code__in={r.data["street_code"] for r in rows}).values_list(
                "code", "pk"
            )
        )
        label = _("surveys")
        for row in rows:
            d = row.data
            outcome = services.survey_save(
                street_id=streets[d["street_code"]],
                year=d["year"],
                counts={f: d[f] for f in SURVEY_COUNTS},
                user=user,
            )
            {"created": report.created, "updated": report.updated, "unchanged": report.unchanged}[
                outcome
            ][label] += 1

    def export_rows(
        self, *, year: int | None = None, user: User | None = None
    ) -> Iterator[dict[str, Any]]:
        qs = Survey.objects.all() if user is None else visible(user, Survey.objects.all())
        if year is not None:
            qs = qs.filter(year=year)
        for s in qs.select_related("street").order_by("street__code", "year"):
            yield {
                "street_code": s.street.code,
                "year": s.year,
                **{f: getattr(s, f) for f in SURVEY_COUNTS},
            }
