"""The street's references for its items (JB-WLD-2009-0042): the next number at intake,
and the counters moved past the numbers an import brings (DOMAIN.md, "Grievances")."""

from __future__ import annotations

import re
from collections.abc import Iterable

from districts.models import Street

from ..models import Grievance, ReferenceCounter

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
