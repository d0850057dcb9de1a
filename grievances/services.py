"""Writes of grievances: intake, referral, resolution, the answer, reopening, notes.

Each step checks DOMAIN.md's consistency rules (grievances.rules), saves with its history
and adds an entry to the timeline, in one transaction. A step taken from a form carries the
item's version the form was opened at: if someone else changed the item since, the step is
refused (StaleEdit, saying what changed) and nothing is saved (core.concurrency).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.concurrency import bump_if_changed, conflict, snapshot
from core.history import attribute_history, recorded_user
from districts.models import Community, Department, Street, User
from evaluations.models import Meeting

from .escalation import escalate as escalate  # the daily job's entry point, re-exported
from .models import FollowUp, Grievance, GrievancePolicy, ReferenceCounter
from .rules import consistency_errors, date_range_errors, deadline_days_errors, referral_deadline
from .selectors import departments_for

REFERENCE_TAIL = re.compile(r"^(?P<street>.+)-(?P<year>[0-9]{4})-(?P<number>[0-9]+)\Z")
# A number past this (an import may bring JB-WLD-2009-2147483647) does not move the
# counter: intake would never reach it, and the counter would overflow its column.
NUMBER_MAX = 99_999_999


def reference_format(street_code: str, year: int, number: int) -> str:
    return f"{street_code}-{year}-{number:04d}"


def reference_parts(reference: str) -> tuple[str, int, int] | None:
    """(street code, year, number) of a reference in the generated form, else None."""
    match = REFERENCE_TAIL.match(reference)
    if match is None:
        return None
    year, number = int(match["year"]), int(match["number"])
    if not year or not 0 < number <= NUMBER_MAX:
        return None
    return match["street"], year, number


def reference_next(*, street: Street, year: int) -> str:
    """JB-WLD-2009-0042: the street's code, the year, and the street's next number in it.

    The number comes from the street's counter for the year, locked for the rest of the
    transaction so two people recording at once cannot take the same one; never from the
    text of stored references, which an import may have ended in anything. A number some
    reference already holds (an import that did not move the counter) is stepped over.
    """
    counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(
        street=street, year=year
    )
    number = counter.last + 1
    while Grievance.objects.filter(reference=reference_format(street.code, year, number)).exists():
        number += 1
    counter.last = number
    counter.save(update_fields=["last"])
    return reference_format(street.code, year, number)


def reference_counters_advance(*, references: Iterable[str]) -> None:
    """Move each street's counter past the numbers that references brought by an import
    carry, so intake never generates one of them. One read and one write per kind of
    change, whatever the number of references; references of another form are ignored
    (they cannot collide with a generated one)."""
    wanted: dict[tuple[str, int], int] = {}
    for reference in references:
        parts = reference_parts(reference)
        if parts is not None:
            code, year, number = parts
            wanted[(code, year)] = max(wanted.get((code, year), 0), number)
    if not wanted:
        return
    streets = dict(
        Street.objects.filter(code__in={code for code, _year in wanted}).values_list("code", "pk")
    )
    wanted_by_pk = {(streets[c], y): n for (c, y), n in wanted.items() if c in streets}
    if not wanted_by_pk:
        return
    # every counter exists (at 0 where new), then all are locked and raised where behind
    ReferenceCounter.objects.bulk_create(
        [ReferenceCounter(street_id=s, year=y) for s, y in wanted_by_pk],
        batch_size=1000,
        ignore_conflicts=True,
    )
    raised = []
    for counter in ReferenceCounter.objects.select_for_update().filter(
        street_id__in={s for s, _y in wanted_by_pk}, year__in={y for _s, y in wanted_by_pk}
    ):
        number = wanted_by_pk.get((counter.street_id, counter.year), 0)
        if counter.last < number:
            counter.last = number
            raised.append(counter)
    ReferenceCounter.objects.bulk_update(raised, ["last"], batch_size=1000)


def _check(grievance: Grievance) -> None:
    errors = consistency_errors(
        {
            "received_on": grievance.received_on,
            "disposition": grievance.disposition,
            "department": grievance.department_id,
            "deadline": grievance.deadline,
            "resolved_on": grievance.resolved_on,
            "answered_on": grievance.answered_on,
        }
    )
    meeting = grievance.meeting  # None without a query when there is no meeting
    if meeting is not None and meeting.community_id != grievance.community_id:
        errors["meeting"] = _("The meeting belongs to another community.")
    if (
        grievance.department_id
        and not departments_for(grievance.community).filter(pk=grievance.department_id).exists()
    ):
        errors["department"] = _("The department is not on this community's or street's platform.")
    if errors:
        raise ValidationError(errors)


HISTORY_FIELDS = [
    "kind",
    "key_dispute",
    "summary",
    "received_on",
    "disposition",
    "department",
    "deadline",
    "resolved_on",
    "answer",
    "answered_on",
    "answered_by",
]


def _locked(grievance: Grievance, version: int | None) -> dict[str, Any]:
    """Lock the item, refuse a form opened at another version, and bring the instance up
    to date (a step never writes back values someone else has changed); returns its
    values before the step."""
    current = Grievance.objects.select_for_update().get(pk=grievance.pk)
    if version is not None and current.version != version:
        raise conflict(
            model=Grievance,
            history=Grievance.history.filter(id=current.pk),
            version=version,
            current=current,
            fields=HISTORY_FIELDS,
        )
    grievance.refresh_from_db()
    return snapshot(grievance)


def _save(
    grievance: Grievance,
    user: User | None,
    kind: str,
    text: str = "",
    before: dict[str, Any] | None = None,
) -> Grievance:
    _check(grievance)
    if before is not None:
        bump_if_changed(grievance, before)
    attribute_history(grievance, user)
    grievance.full_clean(
        exclude=["community", "meeting", "department", "answered_by"], validate_unique=False
    )
    grievance.save()
    FollowUp.objects.create(grievance=grievance, user=recorded_user(user), kind=kind, text=text)
    return grievance


@transaction.atomic
def grievance_create(
    *,
    community: Community,
    kind: str,
    summary: str,
    received_on: datetime.date,
    user: User | None,
    source: str = Grievance.Source.OTHER,
    meeting: Meeting | None = None,
    key_dispute: bool = False,
    handled_on_the_spot: bool = False,
    reference: str | None = None,
) -> Grievance:
    if errors := date_range_errors({"received_on": received_on}):
        raise ValidationError(errors)  # before a number is taken for its year
    if reference:  # brought from elsewhere: intake must not generate it again
        reference_counters_advance(references=[reference])
    grievance = Grievance(
        reference=reference or reference_next(street=community.street, year=received_on.year),
        community=community,
        source=Grievance.Source.MEETING if meeting is not None else source,
        meeting_id=None if meeting is None else meeting.pk,
        kind=kind,
        key_dispute=key_dispute,
        summary=summary.strip(),
        received_on=received_on,
    )
    if handled_on_the_spot:
        grievance.disposition = Grievance.Disposition.ON_THE_SPOT
        grievance.resolved_on = received_on
    return _save(
        grievance,
        user,
        FollowUp.Kind.RECEIVED,
        _("handled on the spot") if handled_on_the_spot else "",
    )


@transaction.atomic
def grievance_refer(
    *,
    grievance: Grievance,
    department: Department | None,
    deadline: datetime.date | None = None,
    working_days: int | None = None,
    user: User | None,
    note: str = "",
    version: int | None = None,
    today: datetime.date | None = None,
) -> Grievance:
    """Refer the item to a department with a deadline: ``working_days`` from ``today`` on
    the official calendar (within the year's limits, GrievancePolicy), or a ``deadline``
    date as such (imports, corrections). Re-referring clears an earlier escalation: the
    new deadline starts the clock again."""
    before = _locked(grievance, version)
    if grievance.is_resolved:
        raise ValidationError({"department": _("A resolved item is reopened before referring.")})
    if working_days is not None:
        today = timezone.localdate() if today is None else today
        errors = deadline_days_errors(working_days, GrievancePolicy.for_year(today.year))
        if errors:
            raise ValidationError(errors)
        deadline, _days = referral_deadline(
            referred_on=today, key_dispute=grievance.key_dispute, days=working_days
        )
        note = " · ".join(
            filter(
                None,
                [_("%(days)s working days") % {"days": working_days}, note.strip()],
            )
        )
    if deadline != grievance.deadline:
        grievance.escalated_to_district_at = None
        grievance.escalated_to_city_at = None
    grievance.disposition = Grievance.Disposition.REFERRED
    if department is None or grievance.department_id != department.pk:
        # a new department takes the item up afresh
        grievance.accepted_at = None
        grievance.proposed_answer, grievance.proposed_at = "", None
    grievance.department = department
    grievance.deadline = deadline
    text = " · ".join(
        filter(
            None,
            [
                department.get_key_display() if department else "",
                deadline.isoformat() if deadline else "",
                note.strip(),
            ],
        )
    )
    return _save(grievance, user, FollowUp.Kind.REFERRED, text, before)


@transaction.atomic
def grievance_resolve(
    *,
    grievance: Grievance,
    resolved_on: datetime.date,
    user: User | None,
    note: str = "",
    version: int | None = None,
) -> Grievance:
    before = _locked(grievance, version)
    if grievance.is_resolved:
        raise ValidationError({"resolved_on": _("This item is already resolved.")})
    grievance.resolved_on = resolved_on
    if grievance.disposition != Grievance.Disposition.REFERRED:
        grievance.disposition = (
            Grievance.Disposition.ON_THE_SPOT
            if resolved_on == grievance.received_on
            else Grievance.Disposition.AFTERWARDS
        )
    return _save(grievance, user, FollowUp.Kind.RESOLVED, note.strip(), before)


@transaction.atomic
def grievance_answer(
    *,
    grievance: Grievance,
    answer: str,
    answered_on: datetime.date,
    user: User | None,
    version: int | None = None,
) -> Grievance:
    before = _locked(grievance, version)
    if not answer.strip():
        raise ValidationError({"answer": _("Write what the resident was told.")})
    if grievance.answer != answer.strip():
        grievance.verdict, grievance.verdict_on = "", None  # a new answer awaits its verdict
    grievance.answer = answer.strip()
    grievance.answered_on = answered_on
    grievance.answered_by = recorded_user(user)
    return _save(grievance, user, FollowUp.Kind.ANSWERED, grievance.answer, before)


@transaction.atomic
def grievance_reopen(
    *, grievance: Grievance, reason: str, user: User | None, version: int | None = None
) -> Grievance:
    before = _locked(grievance, version)
    if not grievance.is_resolved:
        raise ValidationError({"reason": _("This item is not resolved.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the item is reopened.")})
    grievance.resolved_on = None
    if grievance.disposition != Grievance.Disposition.REFERRED:
        grievance.disposition = Grievance.Disposition.NONE
    # back to its department, to take up again
    grievance.accepted_at = None
    grievance.proposed_answer, grievance.proposed_at = "", None
    return _save(grievance, user, FollowUp.Kind.REOPENED, reason.strip(), before)


@transaction.atomic
def grievance_note(*, grievance: Grievance, text: str, user: User | None) -> FollowUp:
    if not text.strip():
        raise ValidationError({"text": _("The note is empty.")})
    return FollowUp.objects.create(
        grievance=grievance, user=recorded_user(user), kind=FollowUp.Kind.NOTE, text=text.strip()
    )


GRIEVANCE_POLICY_FIELDS = [
    f.name
    for f in GrievancePolicy._meta.concrete_fields
    if f.name not in ("id", "year", "created_at", "updated_at", "version")
]


@transaction.atomic
def grievance_policy_save(
    *, policy: GrievancePolicy, user: User | None, version: int | None = None
) -> GrievancePolicy:
    """Save a year's grievance policy with the values on ``policy``.

    ``version`` is the one the form was opened at (0: the year had no row yet and the form
    showed the defaults); a row that has moved on since raises StaleEdit, nothing saved.
    """
    current = GrievancePolicy.objects.select_for_update().filter(year=policy.year).first()
    if version is not None and version != (current.version if current else 0):
        raise conflict(
            model=GrievancePolicy,
            history=GrievancePolicy.history.filter(year=policy.year),
            version=version,
            current=current,
            fields=GRIEVANCE_POLICY_FIELDS,
        )
    if current is not None:
        if all(getattr(policy, f) == getattr(current, f) for f in GRIEVANCE_POLICY_FIELDS):
            return current
        policy.pk, policy.created_at = current.pk, current.created_at
        policy.version = current.version + 1
    else:
        policy.pk, policy.version = None, 1
    attribute_history(policy, user)
    policy.full_clean(validate_unique=False)
    policy.save(force_insert=current is None)
    return policy
