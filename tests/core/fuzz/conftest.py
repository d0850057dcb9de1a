"""The fuzz tests' fixtures: the small city with everything its pages show, and quiet
loggers."""

import datetime
import logging

import pytest

from core.interchange.models import ImportUpload
from districts.services import platform_create
from evaluations import services as review_services
from evaluations.models import Meeting, Recommendation
from evaluations.promises import services as promise_services
from evaluations.promises.rules import default_due_on
from evaluations.rules import quarter_bounds
from grievances import services as grievance_services
from publication.services import publish_bulletin_of
from tests import factories


@pytest.fixture
def objects(city, staff_a1, official_a, city_official, admin_city, superuser, dept_a1):
    """Street DA-1 with everything its pages show: a posted official, two unsatisfied
    quarters (so a recommendation), a draft third quarter, a grievance raised at the
    first meeting, a survey; departments everywhere."""
    platform_create(streets=[city.street_a1, city.street_a2, city.street_b1], communities=city.a1)
    community = city.a1[0]
    official = factories.PostingFactory(
        community=community, official=factories.OfficialFactory(code="OF-1", name="张警官")
    ).official
    for quarter in (1, 2, 3):
        review_services.meeting_save(
            community=community,
            year=2009,
            quarter=quarter,
            held_on=quarter_bounds(2009, quarter)[0] + datetime.timedelta(days=20),
            present=community.representatives,
            tallies=[review_services.Tally(official.pk, 0, 0, 0, 5)],
            submit=quarter < 3,
        )
    meeting = Meeting.objects.get(community=community, year=2009, quarter=1)
    grievance = grievance_services.grievance_create(
        community=community,
        meeting=meeting,
        kind="complaint",
        summary="噪音扰民",
        received_on=meeting.held_on,
        user=staff_a1,
    )
    # referred to dept_a1's department, so its pages and forms are reached too
    grievance_services.grievance_refer(
        grievance=grievance,
        department=dept_a1.department,
        deadline=meeting.held_on + datetime.timedelta(days=10),
        user=staff_a1,
    )
    review_services.survey_save(
        street_id=city.street_a1.pk,
        year=2009,
        counts={"safe": 50, "fairly_safe": 30, "not_very_safe": 15, "unsafe": 5},
        user=None,
    )
    representative = factories.RepresentativeFactory(community=community, name="王芳")
    # a promise of the first meeting, owned by dept_a1's department: its page and its
    # steps are reached by the street's staff and by the department's
    promise = promise_services.promise_make(
        meeting=meeting,
        department=dept_a1.department,
        text="加装路灯",
        due_on=default_due_on(2009, 1),
    )
    upload = ImportUpload.objects.create(kind="areas", dry_run=True, user=admin_city)
    # the month's departments' bulletin names dept_a1's department (its item is late), published
    (bulletin,) = grievance_services.bulletins_generate(
        year=meeting.held_on.year,
        month=meeting.held_on.month,
        as_of=datetime.date(2009, 6, 1),
        districts=[city.district_a.pk],
    )
    publish_bulletin_of(bulletin=bulletin, user=official_a)
    return {
        "import_upload": str(upload.pk),
        "district": city.district_a.code,
        "street": city.street_a1.code,
        "community": community.code,
        "representative": str(representative.pk),
        "official": official.code,
        "meeting": str(meeting.pk),
        "draft": str(Meeting.objects.get(community=community, year=2009, quarter=3).pk),
        "recommendation": str(Recommendation.objects.get(community=community).pk),
        "reference": grievance.reference,
        "grievance_pk": str(grievance.pk),
        "promise": str(promise.pk),
        "bulletin": str(bulletin.pk),
        "bulletin_department": str(dept_a1.department_id),
        "bulletin_year": str(bulletin.year),
        "bulletin_month": str(bulletin.month),
    }


@pytest.fixture
def quiet():
    """Thousands of 4xx would each log a warning: keep the output for the failures."""
    loggers = [logging.getLogger(n) for n in ("django.request", "django.security", "security")]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL)
    yield
    for lg, level in zip(loggers, levels, strict=True):
        lg.setLevel(level)
