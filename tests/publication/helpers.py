"""Helpers to review, aggrieve and survey an area so that there is something to publish
(the ``area_a`` and ``area_b`` fixtures of tests/fixtures/publication.py use them)."""

import datetime
from dataclasses import dataclass

from districts.models import Community, Official, Street
from districts.services import platform_create
from evaluations import services as review_services
from evaluations.rules import quarter_bounds
from tests import factories


@dataclass
class Area:
    street: Street
    community: Community
    official: Official
    secrets: list[str]  # what must never be public: grievance summaries, drafts' names
    names: list[str]  # what a publication shows: officials' names


def review(community, official, year, quarter, counts, *, submit=True):
    return review_services.meeting_save(
        community=community,
        year=year,
        quarter=quarter,
        held_on=quarter_bounds(year, quarter)[0] + datetime.timedelta(days=20),
        present=community.representatives,
        tallies=[review_services.Tally(official.pk, *counts)],
        submit=submit,
    )


def fill(street: Street, code: str) -> Area:
    """One community of the street with a posted official reviewed in 2009 Q1 and Q2
    (submitted), a draft meeting in Q3, two grievances and a survey."""
    community = Community.objects.filter(street=street).order_by("code").first()
    platform_create(streets=[street], communities=[community])
    official = factories.PostingFactory(
        community=community,
        role="police",
        start_date=datetime.date(2008, 1, 1),
        official=factories.OfficialFactory(code=f"OF-{code}", name=f"公示警官{code}"),
    ).official
    review(community, official, 2009, 1, (7, 2, 1, 0))
    review(community, official, 2009, 2, (6, 3, 1, 0))
    review(community, official, 2009, 3, (1, 1, 1, 1), submit=False)
    for n in range(2):
        factories.GrievanceFactory(
            community=community,
            reference=f"G-{code}-2009-{n:04d}",
            summary=f"秘密意见{code}{n}",
            received_on=datetime.date(2009, 2, 1 + n),
        )
    review_services.survey_save(
        street_id=street.pk,
        year=2009,
        counts={"safe": 60, "fairly_safe": 30, "not_very_safe": 6, "unsafe": 4},
        user=None,
    )
    return Area(
        street, community, official, [f"秘密意见{code}0", f"秘密意见{code}1"], [official.name]
    )
