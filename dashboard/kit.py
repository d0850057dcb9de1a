"""The printable meeting kit for a community and a quarter (DOMAIN.md, quarterly review):
the sign-in sheet, a tally sheet per official with the four boxes, a verdict sheet of the
promises due at the meeting (kept / not kept boxes, what was reported done), last
quarter's notes and the open grievances (the meeting pack's), and a QR code that opens
the meeting's entry page. It joins reviews and grievances, so it lives above both apps.

Names on the sign-in sheet are personal data: the kit is scoped like every page (another
area's community is 404) and is never published.
"""

from __future__ import annotations

from typing import Any

import segno
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from districts.http import AuthenticatedHttpRequest
from districts.models import Community, Representative
from districts.scoping import get_visible_or_404, visible
from evaluations import selectors as review_selectors
from evaluations.models import Meeting
from evaluations.promises import selectors as promise_selectors
from evaluations.rules import quarter_bounds

from .pack import pack_context


def qr_svg(url: str) -> SafeString:
    """The QR code of ``url`` as inline SVG, made on the server (segno): the kit needs no
    network and no script. Error correction M survives a crease or a smudge on paper."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=4, border=2, omitsize=True, svgclass="kit-qr-code", dark="#000")
    return mark_safe(svg)  # noqa: S308 - segno's own SVG of a URL we built


def entry_url(
    request: AuthenticatedHttpRequest, community: Community, year: int, quarter: int
) -> str:
    """The absolute address of the meeting's entry page, for the QR code."""
    return request.build_absolute_uri(
        reverse("evaluations:meeting_edit", args=[community.code, year, quarter])
    )


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


# a sign-in sheet up to this many lines is one column; longer, two side by side, so a
# normal roll (30 to 60 representatives) fits one A4 page
ONE_COLUMN_LINES = 20


def signin_columns(names: list[Representative], blank: int) -> list[list[dict[str, Any]]]:
    """The sign-in sheet's lines (a name each from the roster, else ``blank`` empty lines,
    numbered), in one column or two halves."""
    lines: list[dict[str, Any]] = [
        {"n": n, "name": p.name, "group": p.group} for n, p in enumerate(names, start=1)
    ] or [{"n": n, "name": "", "group": ""} for n in range(1, blank + 1)]
    if len(lines) <= ONE_COLUMN_LINES:
        return [lines]
    half = (len(lines) + 1) // 2
    return [lines[:half], lines[half:]]


@login_required
def meeting_kit(
    request: AuthenticatedHttpRequest, code: str, year: int, quarter: int
) -> HttpResponse:
    if not (1 <= quarter <= 4 and 2000 <= year <= 2100):
        raise Http404
    community = get_visible_or_404(
        request.user, Community.objects.select_related("street"), code=code
    )
    start, end = quarter_bounds(year, quarter)
    meeting = Meeting.objects.filter(community=community, year=year, quarter=quarter).first()
    day = meeting.held_on if meeting else min(max(timezone.localdate(), start), end)
    roster = visible(request.user, Representative.objects.filter(community=community))
    names = list(roster.active_on(day).by_group("name"))
    keeps_roster = roster.exists()
    roll = len(names) if keeps_roster else (meeting.roll if meeting else community.representatives)
    earlier = previous_quarter(year, quarter)
    last = (
        Meeting.objects.filter(
            community=community,
            year=earlier[0],
            quarter=earlier[1],
            status=Meeting.Status.SUBMITTED,
        )
        .only("held_on", "promised", "asked", "year", "quarter")
        .first()
    )
    # the promises to put to the representatives: due at this meeting, as held (or as it
    # would be held on ``day``, before it is entered)
    judging = meeting or Meeting(community=community, year=year, quarter=quarter, held_on=day)
    url = entry_url(request, community, year, quarter)
    context: dict[str, Any] = {
        **pack_context(request, community, timezone.localdate()),
        "year": year,
        "quarter": quarter,
        "day": day,
        "meeting": meeting,
        "keeps_roster": keeps_roster,
        "names": names,
        "blank_lines": range(1, roll + 1) if not keeps_roster else range(0),
        "signin_columns": signin_columns(names, 0 if keeps_roster else roll),
        "roll": roll,
        "postings": review_selectors.postings_for_meeting(community, year, quarter, meeting),
        "previous": last,
        "due_promises": promise_selectors.due_for_verdict(judging),
        "previous_period": f"{earlier[0]} Q{earlier[1]}",
        "entry_url": url,
        "qr": qr_svg(url),
    }
    return render(request, "dashboard/kit.html", context)
