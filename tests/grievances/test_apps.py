"""grievances/apps.py: grievances registered with the data versions (core/dataversion.py)
by their own app."""

from core import dataversion
from grievances.models import Grievance


def test_a_saved_or_deleted_grievance_changes_the_grievances_topic():
    assert dataversion.topics_of(Grievance()) == ("grievances",)


def test_the_items_raised_at_a_meeting_carry_the_problem_badge_on_its_page(db, city, police_a1):
    import datetime

    from evaluations import services as review_services
    from grievances.apps import at_meeting_detail
    from tests import factories
    from tests.grievances.helpers import make_problem

    official = factories.PostingFactory(community=city.a1[0]).official
    meeting = review_services.meeting_save(
        community=city.a1[0],
        year=2009,
        quarter=1,
        held_on=datetime.date(2009, 2, 20),
        present=6,
        tallies=[review_services.Tally(official.pk, 6, 0, 0, 0)],
        submit=True,
    ).meeting
    raised = [factories.GrievanceFactory(community=city.a1[0], meeting=meeting) for _ in range(2)]
    make_problem(raised[0], police_a1)
    listed = at_meeting_detail({"meeting": meeting})["grievances"]
    assert [g.pk for g in listed if g.is_problem] == [raised[0].pk]
