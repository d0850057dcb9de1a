"""The ``grievances`` CSV kind (DOMAIN.md): one row per grievance, matched by reference."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django import forms
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core import bulksql
from core.bulksql import AnyOf
from core.history import recorded_user
from core.interchange import ImportReport, IsoDateField, Kind, Row, RowError, YesNoField, yes_no
from districts.interchange import code_field
from districts.models import COMMUNITY_PLATFORM, Community, Department, Platform, User
from districts.scoping import manageable, visible

from .models import REFERENCE_MAX_LENGTH, FollowUp, Grievance
from .rules import consistency_errors
from .services import reference_counters_advance

FIELDS = (
    "kind",
    "key_dispute",
    "summary",
    "received_on",
    "disposition",
    "department",
    "deadline",
    "resolved_on",
    "answered_on",
)


class GrievanceRowForm(forms.Form):
    reference = code_field(max_length=REFERENCE_MAX_LENGTH)
    community_code = code_field()
    received_on = IsoDateField()
    kind = forms.ChoiceField(choices=Grievance.Kind.choices)
    key_dispute = YesNoField()
    summary = forms.CharField()
    disposition = forms.ChoiceField(choices=Grievance.Disposition.choices, required=False)
    department = forms.ChoiceField(choices=[("", ""), *Platform.choices], required=False)
    deadline = IsoDateField(required=False)
    resolved_on = IsoDateField(required=False)
    answered_on = IsoDateField(required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if "received_on" in data:
            for field, message in consistency_errors(data).items():
                if field not in self.errors:
                    self.add_error(field, message)
        return data


UPDATED_FIELDS = (
    "kind",
    "key_dispute",
    "summary",
    "received_on",
    "disposition",
    "deadline",
    "resolved_on",
    "answered_on",
    "department",
    "version",
    "updated_at",
)


class _Areas:
    """The communities and platform departments an import has met so far, as ids: looked
    up once per batch for the communities new to it, and small enough to keep."""

    def __init__(self) -> None:
        self.communities: dict[str, tuple[int, int]] = {}  # code: (id, street id)
        self.departments: dict[tuple[str, int, str], int] = {}  # (level, owner id, key): id
        self._streets: set[int] = set()

    def load(self, codes: set[str]) -> None:
        found = Community.objects.filter(
            AnyOf(F("code"), codes - self.communities.keys())
        ).values_list("code", "pk", "street_id")
        new = {code: (pk, street_id) for code, pk, street_id in found}
        self.communities.update(new)
        for community_id, key, pk in Department.objects.filter(
            AnyOf(F("community_id"), [pk for pk, _street in new.values()])
        ).values_list("community_id", "key", "pk"):
            self.departments[("c", community_id, key)] = pk
        streets = {street_id for _pk, street_id in new.values()} - self._streets
        for street_id, key, pk in Department.objects.filter(
            AnyOf(F("street_id"), streets)
        ).values_list("street_id", "key", "pk"):
            self.departments[("s", street_id, key)] = pk
        self._streets |= streets

    def department_for(
        self, community: tuple[int, int], key: str, current: Department | None
    ) -> int | None:
        """The department of ``key`` on the community's platform, or else its street's;
        the one already chosen when the key is unchanged."""
        if not key:
            return None
        if current is not None and current.key == key:
            return current.pk  # keep the level already chosen
        if key in COMMUNITY_PLATFORM:
            return self.departments.get(("c", community[0], key))
        return self.departments.get(("s", community[1], key))


class GrievancesKind(Kind):
    name = "grievances"
    verbose_name = gettext_lazy("Grievances")
    columns = (
        "reference",
        "community_code",
        "received_on",
        "kind",
        "key_dispute",
        "summary",
        "disposition",
        "department",
        "deadline",
        "resolved_on",
        "answered_on",
    )
    row_form = GrievanceRowForm
    takes_year = True
    # The rows `make bench` imports of this kind (once the admin page's limit per request).
    # Measured by `make bench` on the 2-core machine as a city administrator: 4,000 rows
    # took 2.3 s new and 8.1-8.3 s all changed (each update is saved with its history and a
    # follow-up); through gunicorn 8.3 s. 90,000 rows take 60-90 s: use import_csv.
    max_upload_rows = 4_000

    def check(self, rows: list[Row], *, user: User | None = None) -> list[RowError]:
        errors: list[RowError] = []
        communities = Community.objects.filter(
            AnyOf(F("code"), {r.data["community_code"] for r in rows if r.has("community_code")})
        )
        if user is not None:
            communities = manageable(user, communities)
        known = set(communities.values_list("code", flat=True))
        existing = dict(
            Grievance.objects.filter(
                AnyOf(F("reference"), {r.data["reference"] for r in rows if r.has("reference")})
            ).values_list("reference", "community__code")
        )
        first: dict[str, Row] = {}
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
            if not row.has("reference"):
                continue
            seen = first.setdefault(d["reference"], row)
            if seen is not row:
                errors.append(
                    RowError(
                        row.number,
                        "reference",
                        _("duplicate reference %(ref)s: already on row %(row)s.")
                        % {"ref": d["reference"], "row": seen.number},
                    )
                )
            owner = existing.get(d["reference"])
            if owner and row.has("community_code") and owner != d["community_code"]:
                errors.append(
                    RowError(
                        row.number,
                        "community_code",
                        _(
                            "grievance %(ref)s belongs to community %(code)s; "
                            "it is not moved by import."
                        )
                        % {"ref": d["reference"], "code": owner},
                    )
                )
        return errors

    # Rows are written this many at a time, so the model instances (and their history
    # rows) of a big file never all sit in memory together.
    batch_size = 2000

    def apply(self, rows: list[Row], report: ImportReport, *, user: User | None = None) -> None:
        areas = _Areas()
        for start in range(0, len(rows), self.batch_size):
            batch = rows[start : start + self.batch_size]
            areas.load({r.data["community_code"] for r in batch})
            self._apply_batch(batch, report, user, areas)

    def _apply_batch(
        self, rows: list[Row], report: ImportReport, user: User | None, areas: _Areas
    ) -> None:
        history_user = recorded_user(user)
        existing = {  # locked: a form's step cannot slip in between this read and the write
            g.reference: g
            for g in Grievance.objects.filter(
                AnyOf(F("reference"), {r.data["reference"] for r in rows})
            )
            .select_related("department")
            .select_for_update(of=("self",))
            .order_by()  # not the model's ordering: nothing to sort
        }
        now = timezone.now()
        label = _("grievances")
        new, changed = _new_and_changed(rows, existing, areas, now)
        if unchanged := len(rows) - len(new) - len(changed):
            report.unchanged[label] += unchanged
        if changed:  # in bulk, each with its history row and a follow-up, as a save would
            self._update(changed, history_user, now)
        report.updated[label] += len(changed)
        if new:
            _create(new, history_user)
        report.created[label] += len(new)
        # intake must never generate a reference the file brought
        reference_counters_advance(references=[g.reference for g in new])

    def _update(
        self, changed: list[Grievance], history_user: User | None, now: datetime.datetime
    ) -> None:
        bulk_update_with_history(
            changed,
            Grievance,
            fields=[*UPDATED_FIELDS],
            batch_size=self.batch_size,
            default_user=history_user,
            default_date=now,
        )
        FollowUp.objects.bulk_create(
            [
                FollowUp(
                    grievance=grievance,
                    user=history_user,
                    kind=FollowUp.Kind.CORRECTED,
                    text=_("updated by import"),
                )
                for grievance in changed
            ],
            batch_size=self.batch_size,
        )

    def export_rows(
        self, *, year: int | None = None, user: User | None = None
    ) -> Iterator[dict[str, Any]]:
        qs = Grievance.objects.all() if user is None else visible(user, Grievance.objects.all())
        if year is not None:
            qs = qs.filter(received_on__year=year)
        for g in (
            qs.select_related("community", "department")
            .order_by("reference")
            .iterator(chunk_size=2000)
        ):
            yield {
                "reference": g.reference,
                "community_code": g.community.code,
                "received_on": g.received_on.isoformat(),
                "kind": g.kind,
                "key_dispute": yes_no(g.key_dispute),
                "summary": g.summary,
                "disposition": g.disposition,
                "department": g.department.key if g.department is not None else "",
                "deadline": g.deadline.isoformat() if g.deadline else "",
                "resolved_on": g.resolved_on.isoformat() if g.resolved_on else "",
                "answered_on": g.answered_on.isoformat() if g.answered_on else "",
            }


def _new_and_changed(
    rows: list[Row], existing: dict[str, Grievance], areas: _Areas, now: datetime.datetime
) -> tuple[list[Grievance], list[Grievance]]:
    """The rows' new grievances, and the existing ones their row changes (with the values
    set, a new version so a form opened before is stale, and ``now``); a row that changes
    nothing is neither."""
    new: list[Grievance] = []
    changed: list[Grievance] = []
    for row in rows:
        d = row.data
        community = areas.communities[d["community_code"]]
        grievance = existing.get(d["reference"])
        values = {
            "kind": d["kind"],
            "key_dispute": d["key_dispute"],
            "summary": d["summary"],
            "received_on": d["received_on"],
            "disposition": d["disposition"],
            "deadline": d["deadline"],
            "resolved_on": d["resolved_on"],
            "answered_on": d["answered_on"],
            "department_id": areas.department_for(
                community, d["department"], grievance.department if grievance else None
            ),
        }
        if grievance is None:
            new.append(Grievance(reference=d["reference"], community_id=community[0], **values))
            continue
        if all(getattr(grievance, k) == v for k, v in values.items()):
            continue
        for k, v in values.items():
            setattr(grievance, k, v)
        grievance.version += 1  # a form opened before the import is now stale
        grievance.updated_at = now
        changed.append(grievance)
    return new, changed


NEW_FIELDS = (
    "reference",
    "community_id",
    "kind",
    "key_dispute",
    "summary",
    "received_on",
    "disposition",
    "department_id",
    "deadline",
    "resolved_on",
    "answered_on",
)


def _create(new: list[Grievance], history_user: User | None) -> None:
    """The new grievances with their history rows (why: "import") and a follow-up each
    ("imported"): with COPY and one INSERT ... SELECT on PostgreSQL (a model instance per
    row, twice, was most of the write), else through simple-history's bulk path."""
    now = timezone.now()
    if not bulksql.available():
        bulk_create_with_history(
            new,
            Grievance,
            batch_size=GrievancesKind.batch_size,
            default_user=history_user,
            default_change_reason="import",
            default_date=now,
        )
        FollowUp.objects.bulk_create(
            [
                FollowUp(
                    grievance_id=g.pk,
                    user=history_user,
                    kind=FollowUp.Kind.RECEIVED,
                    text=FollowUp.IMPORTED,
                )
                for g in new
            ],
            batch_size=GrievancesKind.batch_size,
        )
        return
    user_id = history_user.pk if history_user is not None else None
    ids = bulksql.next_ids(Grievance, len(new))
    bulksql.copy_insert(
        Grievance,
        ("id", *NEW_FIELDS),
        ((pk, *(getattr(g, f) for f in NEW_FIELDS)) for pk, g in zip(ids, new, strict=True)),
        now=now,
    )
    bulksql.history_insert(
        Grievance, ids, history_type="+", user_id=user_id, date=now, reason="import"
    )
    text = FollowUp.IMPORTED  # shown translated (FollowUp.shown_text)
    bulksql.copy_insert(
        FollowUp,
        ("grievance_id", "user_id", "kind", "text"),
        ((pk, user_id, FollowUp.Kind.RECEIVED.value, text) for pk in ids),
        now=now,
    )
