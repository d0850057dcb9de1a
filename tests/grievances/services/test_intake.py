"""grievances/services/intake.py: an item recorded, handled on the spot, or raised at a
review meeting of its own community."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from grievances import services

pytestmark = pytest.mark.django_db
D = datetime.date


def test_an_item_handled_on_the_spot_is_resolved_the_day_it_was_received(city, staff_a1):
    g = services.grievance_create(
        community=city.a1[0],
        kind="opinion",
        summary="x",
        received_on=D(2009, 3, 1),
        user=staff_a1,
        handled_on_the_spot=True,
    )
    assert (g.disposition, g.resolved_on) == ("on_the_spot", D(2009, 3, 1))


def test_a_meeting_of_another_community_is_refused(city, staff_a1):
    from evaluations import services as review_services
    from tests.factories import PostingFactory

    official = PostingFactory(community=city.a1[1]).official
    meeting = review_services.meeting_save(
        community=city.a1[1],
        year=2009,
        quarter=1,
        held_on=D(2009, 3, 1),
        present=6,
        tallies=[review_services.Tally(official.pk, 6, 0, 0, 0)],
        submit=True,
    ).meeting
    with pytest.raises(ValidationError) as excinfo:
        services.grievance_create(
            community=city.a1[0],
            meeting=meeting,
            kind="opinion",
            summary="x",
            received_on=D(2009, 3, 1),
            user=staff_a1,
        )
    assert "meeting" in excinfo.value.message_dict
