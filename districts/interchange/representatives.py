"""The ``representatives`` CSV kind: a community's roster of resident representatives by
name (DOMAIN.md, interchange formats). Rows are matched by community_code, name and
start_date. Personal data: the admin's export holds only the rows of the admin's scope."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.history import attribute_history
from core.interchange import ImportReport, Kind, Row, RowError

from ..models import Community, Representative, User
from ..models.representatives import phone_validator
from ..scoping import manageable, visible
from .fields import TermRowForm, code_field, differs


class RepresentativeRowForm(TermRowForm):
    community_code = code_field()
    name = forms.CharField(max_length=100)
    group = forms.CharField(max_length=100, required=False)
    phone = forms.CharField(max_length=30, required=False, validators=[phone_validator])


class RepresentativesKind(Kind):
    """``representatives``: one row per term of a representative on a community's roster."""

    name = "representatives"
    verbose_name = gettext_lazy("Rosters of resident representatives")
    columns = ("community_code", "name", "group", "phone", "start_date", "end_date")
    row_form = RepresentativeRowForm

    def check(self, rows: list[Row], *, user: User | None = None) -> list[RowError]:
        errors: list[RowError] = []
        communities = Community.objects.filter(
            code__in={r.data["community_code"] for r in rows if r.has("community_code")}
        )
        if user is not None:
            communities = manageable(user, communities)
        known = set(communities.values_list("code", flat=True))
        terms: dict[tuple[str, str, Any], Row] = {}
        for row in rows:
            d = row.data
            if row.has("community_code") and d["community_code"] not in known:
                errors.append(
                    RowError(
                        row.number,
                        "community_code",
                        _("unknown community %(code)s.") % {"code": d["community_code"]},
                    )
                )
            if row.has("community_code", "name", "start_date"):
                first = terms.setdefault((d["community_code"], d["name"], d["start_date"]), row)
                if first is not row:
                    errors.append(
                        RowError(
                            row.number,
                            "start_date",
                            _(
                                "the same representative (community, name, start date) "
                                "is already on row %(row)s."
                            )
                            % {"row": first.number},
                        )
                    )
        return errors

    def apply(self, rows: list[Row], report: ImportReport, *, user: User | None = None) -> None:
        communities = dict(
            Community.objects.filter(code__in={r.data["community_code"] for r in rows}).values_list(
                "code", "pk"
            )
        )
        existing = {
            (r.community_id, r.name, r.start_date): r
            for r in Representative.objects.filter(community_id__in=communities.values())
        }
        label = _("representatives")
        for row in rows:
            d = row.data
            key = (communities[d["community_code"]], d["name"], d["start_date"])
            values = {"group": d["group"], "phone": d["phone"], "end_date": d["end_date"]}
            person = existing.get(key)
            if person is None:
                person = Representative(
                    community_id=key[0], name=d["name"], start_date=d["start_date"], **values
                )
                report.created[label] += 1
            elif differs(person, values):
                for k, v in values.items():
                    setattr(person, k, v)
                person.version += 1
                report.updated[label] += 1
            else:
                report.unchanged[label] += 1
                continue
            attribute_history(person, user)
            person.full_clean(exclude=["community"], validate_unique=False)
            person.save()
            existing[key] = person

    def export_rows(
        self, *, year: int | None = None, user: User | None = None
    ) -> Iterator[dict[str, Any]]:
        people = Representative.objects.all()
        if user is not None:
            people = visible(user, people)
        for p in people.select_related("community").order_by(
            "community__code", "name", "start_date"
        ):
            yield {
                "community_code": p.community.code,
                "name": p.name,
                "group": p.group,
                "phone": p.phone,
                "start_date": p.start_date.isoformat(),
                "end_date": p.end_date.isoformat() if p.end_date else "",
            }
