"""The ``promises`` kind (DOMAIN.md, interchange formats, and "Promises"): one promise per
row, matched by community, year, quarter and number, its owner written as an official's
code, ``dept:KEY`` (a department of the community's platform) or ``street-dept:KEY`` (of
its street's).

The rules are the entry page's and the services' (:mod:`evaluations.promises.rules`,
:func:`evaluations.promises.services.owner_errors`), checked for the whole file against
what a few queries read; the rows are then written as a set (``bulk_create`` /
``bulk_update`` with their history rows), never a service call per row. A renewal link
cannot be written in the format: an import leaves the links as they are.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from core.bulksql import AnyOf
from core.forms import INT_MAX
from core.history import recorded_user
from core.interchange import ImportReport, IsoDateField, Kind, Row, RowError
from districts.interchange import code_field
from districts.models import Community, Department, Official, Posting, User, in_post
from districts.scoping import manageable, visible

from ..models import Meeting, Promise
from ..promises import rules
from ..promises.services import owner_errors
from .promise_writes import BATCH, update_promises

VERDICT = ("judged_year", "judged_quarter", "kept_votes", "not_kept_votes")
COMMUNITY_DEPARTMENT = "dept:"
STREET_DEPARTMENT = "street-dept:"


class PromiseRowForm(forms.Form):
    """One promise; the verdict's four columns all given or all blank."""

    community_code = code_field()
    year = forms.IntegerField(min_value=2000, max_value=2100)
    quarter = forms.IntegerField(min_value=1, max_value=4)
    number = forms.IntegerField(min_value=1, max_value=32767)
    owner = forms.CharField(max_length=100)
    text = forms.CharField()
    due_on = IsoDateField()
    done_on = IsoDateField(required=False)
    judged_year = forms.IntegerField(min_value=2000, max_value=2100, required=False)
    judged_quarter = forms.IntegerField(min_value=1, max_value=4, required=False)
    kept_votes = forms.IntegerField(min_value=0, max_value=INT_MAX, required=False)
    not_kept_votes = forms.IntegerField(min_value=0, max_value=INT_MAX, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if any(f in self.errors for f in VERDICT):
            return data
        given = [data.get(f) is not None for f in VERDICT]
        if any(given) and not all(given):
            for field, present in zip(VERDICT, given, strict=True):
                if not present:
                    self.add_error(
                        field,
                        _("Give all four verdict columns, or leave all four blank (no verdict)."),
                    )
        return data


def _owner_key(owner: str) -> tuple[str, str]:
    """``("official", code)``, ``("c", key)`` or ``("s", key)``."""
    if owner.startswith(STREET_DEPARTMENT):
        return "s", owner.removeprefix(STREET_DEPARTMENT)
    if owner.startswith(COMMUNITY_DEPARTMENT):
        return "c", owner.removeprefix(COMMUNITY_DEPARTMENT)
    return "official", owner


@dataclass
class _Known:
    """What a promises file is checked against and written with, read in a few queries."""

    communities: dict[str, Community]
    meetings: dict[tuple[int, int, int], Meeting]  # by (community id, year, quarter)
    officials: dict[str, Official]
    departments: dict[tuple[str, int, str], Department]  # ("c"/"s", area id, key)
    postings: dict[tuple[int, int], list[tuple[datetime.date, datetime.date | None]]]
    existing: dict[tuple[int, int], Promise]  # by (meeting id, number)
    renewed: set[int]  # the existing promises a renewal was made of

    @classmethod
    def read(cls, rows: list[Row], user: User | None, *, lock: bool = False) -> _Known:
        codes = {r.data["community_code"] for r in rows if r.has("community_code")}
        community_qs = Community.objects.filter(AnyOf(F("code"), codes))
        if user is not None:
            community_qs = manageable(user, community_qs)
        communities = {c.code: c for c in community_qs.order_by()}
        by_id = {c.pk: c for c in communities.values()}
        meetings = {}
        for m in Meeting.objects.filter(AnyOf(F("community_id"), list(by_id))).order_by():
            m.community = by_id[m.community_id]
            meetings[(m.community_id, m.year, m.quarter)] = m
        owners = [_owner_key(r.data["owner"]) for r in rows if r.has("owner")]
        officials = {
            o.code: o
            for o in Official.objects.filter(
                AnyOf(F("code"), {code for kind, code in owners if kind == "official"})
            ).order_by()
        }
        departments = {}
        streets = {c.street_id for c in by_id.values()}
        for d in Department.objects.filter(
            Q(AnyOf(F("community_id"), list(by_id))) | Q(AnyOf(F("street_id"), list(streets)))
        ).order_by():
            if d.community_id is not None:
                departments[("c", d.community_id, d.key)] = d
            elif d.street_id is not None:
                departments[("s", d.street_id, d.key)] = d
        postings: dict[tuple[int, int], list[tuple[datetime.date, datetime.date | None]]] = {}
        for official_id, community_id, start, end in (
            Posting.objects.filter(AnyOf(F("community_id"), list(by_id)))
            .order_by()
            .values_list("official_id", "community_id", "start_date", "end_date")
        ):
            postings.setdefault((official_id, community_id), []).append((start, end))
        promise_qs = Promise.objects.filter(
            AnyOf(F("meeting_id"), [m.pk for m in meetings.values()])
        ).order_by()
        if lock:  # a page's save cannot slip in between this read and the write
            promise_qs = promise_qs.select_for_update(of=("self",))
        existing = {(p.meeting_id, p.number): p for p in promise_qs}
        renewed = set(
            Promise.objects.filter(
                AnyOf(F("renews_id"), [p.pk for p in existing.values()])
            ).values_list("renews_id", flat=True)
        )
        return cls(communities, meetings, officials, departments, postings, existing, renewed)

    def owner(self, row: Row, community: Community) -> Official | Department | None:
        kind, code = _owner_key(row.data["owner"])
        if kind == "official":
            return self.officials.get(code)
        area = community.pk if kind == "c" else community.street_id
        return self.departments.get((kind, area, code))

    def posted(self, official: Official, meeting: Meeting) -> bool:
        return any(
            in_post(start, end, meeting.held_on)
            for start, end in self.postings.get((official.pk, meeting.community_id), ())
        )


class PromisesKind(Kind):
    name = "promises"
    verbose_name = gettext_lazy("Promises and verdicts")
    columns = (
        "community_code",
        "year",
        "quarter",
        "number",
        "owner",
        "text",
        "due_on",
        "done_on",
        *VERDICT,
    )
    row_form = PromiseRowForm
    takes_year = True
    # Measured on the 2-core machine (PostgreSQL, as a city administrator, test database):
    # 4,000 rows of 1,000 meetings took 3.2 s new and 3.5-4.2 s all changed, in 20 queries.
    max_upload_rows = 4_000

    def check(self, rows: list[Row], *, user: User | None = None) -> list[RowError]:
        """Every rule of a promise's save, for every row of the file."""
        known = _Known.read(rows, user)
        today = timezone.localdate()
        errors: list[RowError] = []
        first: dict[tuple[str, int, int, int], Row] = {}
        for row in rows:
            errors += _row_errors(row, known, first, today)
        return errors

    def apply(self, rows: list[Row], report: ImportReport, *, user: User | None = None) -> None:
        known = _Known.read(rows, user, lock=True)
        history_user = recorded_user(user)
        now = timezone.now()
        new: list[Promise] = []
        changed: list[Promise] = []
        for row in rows:
            meeting, values = _values(row, known)
            promise = known.existing.get((meeting.pk, row.data["number"]))
            if promise is None:
                new.append(Promise(meeting=meeting, number=row.data["number"], **values))
                continue
            if values["done_on"] is not None:  # the report's words stay (not in the format)
                values["done_text"], values["done_by_id"] = promise.done_text, promise.done_by_id
            if all(getattr(promise, k) == v for k, v in values.items()):
                continue
            for k, v in values.items():
                setattr(promise, k, v)
            promise.version += 1  # a form opened before the import is now stale
            promise.updated_at = now
            changed.append(promise)
        label = _("promises")
        if new:
            bulk_create_with_history(
                new,
                Promise,
                batch_size=BATCH,
                default_user=history_user,
                default_change_reason="import",
                default_date=now,
            )
        if changed:
            update_promises(changed, history_user, now)
        report.created[label] += len(new)
        report.updated[label] += len(changed)
        report.unchanged[label] += len(rows) - len(new) - len(changed)

    def export_rows(
        self, *, year: int | None = None, user: User | None = None
    ) -> Iterator[dict[str, Any]]:
        qs = Promise.objects.made_at_submitted()
        if user is not None:
            qs = visible(user, qs)
        if year is not None:
            qs = qs.filter(meeting__year=year)
        for p in (
            qs.select_related("meeting__community", "official", "department", "judged_at")
            .order_by("meeting__community__code", "meeting__year", "meeting__quarter", "number")
            .iterator(chunk_size=2000)
        ):
            yield {
                "community_code": p.meeting.community.code,
                "year": p.meeting.year,
                "quarter": p.meeting.quarter,
                "number": p.number,
                "owner": _owner_text(p),
                "text": p.text,
                "due_on": p.due_on.isoformat(),
                "done_on": p.done_on.isoformat() if p.done_on else "",
                "judged_year": p.judged_at.year if p.judged_at else "",
                "judged_quarter": p.judged_at.quarter if p.judged_at else "",
                "kept_votes": "" if p.kept_votes is None else p.kept_votes,
                "not_kept_votes": "" if p.not_kept_votes is None else p.not_kept_votes,
            }


def _owner_text(promise: Promise) -> str:
    if promise.official is not None:
        return promise.official.code
    department = promise.department
    assert department is not None
    prefix = COMMUNITY_DEPARTMENT if department.community_id else STREET_DEPARTMENT
    return f"{prefix}{department.key}"


def _values(row: Row, known: _Known) -> tuple[Meeting, dict[str, Any]]:
    """A checked row's meeting and the promise's values."""
    d = row.data
    community = known.communities[d["community_code"]]
    meeting = known.meetings[(community.pk, d["year"], d["quarter"])]
    owner = known.owner(row, community)
    judged = (
        known.meetings[(community.pk, d["judged_year"], d["judged_quarter"])]
        if d["judged_year"] is not None
        else None
    )
    return meeting, {
        "official_id": owner.pk if isinstance(owner, Official) else None,
        "department_id": owner.pk if isinstance(owner, Department) else None,
        "text": d["text"].strip(),
        "due_on": d["due_on"],
        "done_on": d["done_on"],
        "done_text": "",
        "done_by_id": None,
        "judged_at_id": judged.pk if judged is not None else None,
        "kept_votes": d["kept_votes"],
        "not_kept_votes": d["not_kept_votes"],
    }


def _meeting_or_error(
    row: Row, known: _Known, community: Community, columns: tuple[str, str]
) -> tuple[Meeting | None, list[RowError]]:
    """The submitted meeting the two columns (year, quarter) name, or the row's error."""
    year, quarter = (row.data[c] for c in columns)
    meeting = known.meetings.get((community.pk, year, quarter))
    if meeting is not None and meeting.status == Meeting.Status.SUBMITTED:
        return meeting, []
    message = _("%(community)s has no submitted meeting in %(year)s Q%(quarter)s.") % {
        "community": community.code,
        "year": year,
        "quarter": quarter,
    }
    return None, [RowError(row.number, columns[1], message)]


def _row_errors(
    row: Row,
    known: _Known,
    first: dict[tuple[str, int, int, int], Row],
    today: datetime.date,
) -> list[RowError]:
    d = row.data
    errors: list[RowError] = []
    if row.has("community_code", "year", "quarter", "number"):
        key = (d["community_code"], d["year"], d["quarter"], d["number"])
        seen = first.setdefault(key, row)
        if seen is not row:
            message = _("promise %(number)s of this meeting is already on row %(row)s.")
            errors.append(
                RowError(row.number, "number", message % {"number": key[3], "row": seen.number})
            )
    if not row.has("community_code"):
        return errors
    community = known.communities.get(d["community_code"])
    if community is None:
        message = _("unknown community %(code)s.") % {"code": d["community_code"]}
        return [*errors, RowError(row.number, "community_code", message)]
    if not row.has("year", "quarter"):
        return errors
    meeting, missing = _meeting_or_error(row, known, community, ("year", "quarter"))
    if meeting is None:
        return errors + missing
    errors += _owner_errors(row, known, community, meeting)
    field_errors = {}
    if row.has("due_on"):
        field_errors.update(
            rules.due_errors(
                held_on=meeting.held_on, year=d["year"], quarter=d["quarter"], due_on=d["due_on"]
            )
        )
    if row.has("done_on"):
        field_errors.update(
            rules.done_on_errors(held_on=meeting.held_on, done_on=d["done_on"], today=today)
        )
    if row.has("text") and not d["text"].strip():
        field_errors["text"] = _("Say what will be done.")
    errors += [RowError(row.number, f, m) for f, m in field_errors.items()]
    if row.has(*VERDICT):
        errors += _verdict_errors(row, known, community, meeting)
    return errors


def _owner_errors(
    row: Row, known: _Known, community: Community, meeting: Meeting
) -> list[RowError]:
    if not row.has("owner"):
        return []
    owner = known.owner(row, community)
    if owner is None:
        kind, code = _owner_key(row.data["owner"])
        message = (
            _("unknown official %(code)s.")
            if kind == "official"
            else _("%(community)s has no department %(code)s on that platform.")
        ) % {"code": code, "community": community.code}
        return [RowError(row.number, "owner", message)]
    official = owner if isinstance(owner, Official) else None
    found = owner_errors(
        meeting,
        official=official,
        department=owner if isinstance(owner, Department) else None,
        posted=known.posted(official, meeting) if official is not None else None,
    )
    return [RowError(row.number, "owner", m) for m in found.values()]


def _verdict_errors(
    row: Row, known: _Known, community: Community, meeting: Meeting
) -> list[RowError]:
    """A verdict at a later submitted meeting of the community, the votes within its
    present; a verdict a renewal was made on stays a not-kept verdict at that meeting."""
    d = row.data
    existing = known.existing.get((meeting.pk, d["number"])) if row.has("number") else None
    judged: Meeting | None = None
    if d["judged_year"] is not None:
        judged, missing = _meeting_or_error(
            row, known, community, ("judged_year", "judged_quarter")
        )
        if judged is None:
            return missing
        found = rules.verdict_errors(
            made=(meeting.year, meeting.quarter),
            judged=(judged.year, judged.quarter),
            present=judged.present,
            kept=d["kept_votes"],
            not_kept=d["not_kept_votes"],
        )
        columns = {"judged_at": "judged_quarter"}
        errors = [RowError(row.number, columns.get(f, f), m) for f, m in found.items()]
        if errors:
            return errors
    if (
        existing is not None
        and existing.pk in known.renewed
        and (
            judged is None
            or judged.pk != existing.judged_at_id
            or rules.is_kept(d["kept_votes"], d["not_kept_votes"])
        )
    ):
        message = _("The promise was renewed on this verdict; remove the renewal first.")
        return [RowError(row.number, "judged_quarter", message)]
    return []
