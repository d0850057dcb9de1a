"""Every page each role uses on the demo city, with real ids: the addresses its navigation
leads to and the objects those pages link to (tests/districts/scope_matrix.py lists every
URL name; each one a person opens with GET is here, under the roles that open it).

The demo's logins (districts/demo.py): ``wulidian`` (street staff of 五里店街道),
``jiangbei`` (district official of 江北区), ``city`` (city official), ``wldpolice``
(the police station of 五里店街道), ``admin`` (the superuser); ``None`` is the public.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from districts.models import Community, District, Official, Representative, Street
from evaluations.models import Meeting, Promise, Recommendation
from grievances.models import Bulletin, Grievance
from publication.models import Publication

STREET = "JB-WLD"
DISTRICT = "JB"
ROSTER = "JB-WLD-01"  # keeps a roster by name
LONG = "JB-WLD-10"  # the demo's long names: the community and its director (districts/demo.py)

# the demo's departments' record: items referred in its last quarter
# (grievances/departments/demo.py)
RECORD_PERIOD = "?from=2010-04-01&to=2010-06-30"

ROLES = ("wulidian", "jiangbei", "city", "wldpolice", "admin", None)


def _area_pages(street: Street, community: Community) -> list[str]:
    official = Official.objects.filter(postings__community=community).order_by("code").first()
    meeting = (
        Meeting.objects.filter(community=community, status=Meeting.Status.SUBMITTED)
        .order_by("-year", "-quarter")
        .first()
    )
    recommendation = Recommendation.objects.filter(community__street=street).order_by("pk").first()
    grievance = (
        Grievance.objects.filter(community__street=street, department__isnull=False)
        .order_by("-received_on", "pk")
        .first()
    )
    assert official and meeting and recommendation and grievance, "the demo city changed"
    return [
        reverse("home"),
        reverse("districts:street", args=[street.code]),
        reverse("districts:community_list"),
        reverse("districts:community", args=[community.code]),
        reverse("evaluations:board"),
        reverse("evaluations:meeting_list"),
        reverse("evaluations:meeting", args=[meeting.pk]),
        reverse("evaluations:rating_list"),
        reverse("evaluations:official", args=[official.code]),
        reverse("evaluations:community", args=[community.code]),
        reverse("evaluations:recommendation_list"),
        reverse("evaluations:recommendation", args=[recommendation.pk]),
        reverse("evaluations:promise_list"),
        reverse("evaluations:plans_missing"),
        *_promise_page(street),
        reverse("evaluations:survey_list"),
        reverse("evaluations:policy_list"),
        reverse("grievances:list"),
        reverse("grievances:figures"),
        reverse("grievances:department_record") + RECORD_PERIOD,
        reverse("grievances:department_items") + RECORD_PERIOD + "&figure=referred",
        reverse("evaluations:promise_figures") + "?year=2009",  # the demo's promises
        reverse("grievances:detail", args=[grievance.reference]),
        reverse("rankings:city"),
        reverse("rankings:why_street", args=[street.code]),
        reverse("rankings:case_file", args=[official.code]),
        reverse("rankings:league"),
        reverse("publication:manage"),
        reverse("api_tokens:list"),
        reverse("inbox"),
        reverse("account"),
        reverse("password_change"),
    ]


def _promise_page(street: Street) -> list[str]:
    """A promise of the street, once the demo has them (the demo story is issue 20's
    "promfiles" part): its page is then opened like every other."""
    promise = Promise.objects.filter(meeting__community__street=street).order_by("pk").first()
    return [] if promise is None else [reverse("evaluations:promise", args=[promise.pk])]


def _street_staff_pages(street: Street, community: Community) -> list[str]:
    roster = Community.objects.get(code=ROSTER)
    representative = Representative.objects.filter(community=roster).order_by("pk").first()
    meeting = Meeting.objects.filter(community=community).order_by("-year", "-quarter").first()
    grievance = (
        Grievance.objects.filter(community__street=street).order_by("-received_on", "pk").first()
    )
    assert representative and meeting and grievance
    return [
        reverse("districts:roster", args=[roster.code]),
        reverse("districts:representative_add", args=[roster.code]),
        reverse("districts:representative_edit", args=[representative.pk]),
        reverse("districts:representative_end", args=[representative.pk]),
        # a submitted meeting (corrected with a reason) and a quarter not yet entered
        reverse("evaluations:meeting_edit", args=[community.code, meeting.year, meeting.quarter]),
        reverse("evaluations:meeting_edit", args=[community.code, 2010, 3]),
        reverse("grievances:new"),
        reverse("grievances:receipt", args=[grievance.reference]),
        reverse("dashboard:pack", args=[community.code]),
        reverse("dashboard:kit", args=[community.code, meeting.year, meeting.quarter]),
    ]


def pages_of(username: str | None, language: str = "zh-hans") -> list[str]:
    """The addresses ``username`` (None: the public) opens, in the order a person would;
    the notice board takes its language in the address (Chinese unless ``?lang=en``)."""
    street = Street.objects.select_related("district").get(code=STREET)
    community = Community.objects.get(code=LONG)
    district = District.objects.get(code=DISTRICT)
    if username is None:
        query = "?lang=en" if language == "en" else ""
        return [
            page + (query if page.startswith("/notice/") else "")
            for page in _public_pages(district, community)
        ]
    if username == "wldpolice":
        grievance = (
            Grievance.objects.filter(department__street=street, department__key="police")
            .order_by("-received_on", "pk")
            .first()
        )
        assert grievance is not None, "the demo refers items to 五里店's police station"
        return [
            reverse("grievances:work"),
            reverse("grievances:department_record") + RECORD_PERIOD,
            reverse("grievances:department_items") + RECORD_PERIOD + "&figure=accepted_on_time",
            reverse("grievances:list"),
            reverse("evaluations:promise_list"),
            reverse("grievances:detail", args=[grievance.reference]),
            reverse("inbox"),
            reverse("account"),
        ]
    pages = _area_pages(street, community)
    if username == "wulidian":
        return pages + _street_staff_pages(street, community)
    pages += [
        reverse("rankings:district", args=[district.code]),
        reverse("rankings:why_district", args=[district.code]),
    ]
    pages += _bulletin_pages(district)
    if username == "jiangbei":
        return pages + [
            reverse("districts:district", args=[district.code]),
            reverse("districts:street_list"),
        ]
    if username == "city":
        this_year = timezone.localdate().year  # a past year's policy is not edited
        return pages + [
            reverse("districts:district_list"),
            reverse("districts:district", args=[district.code]),
            reverse("districts:street_list"),
            reverse("evaluations:policy_edit", args=[this_year]),
            reverse("evaluations:survey_new"),
            reverse("grievances:policy_list"),
            reverse("grievances:policy_edit", args=[this_year]),
        ]
    return [  # the administrator: the admin and its CSV pages
        reverse("home"),
        reverse("admin:index"),
        reverse("admin_import_csv"),
        reverse("admin:districts_user_changelist"),
        reverse("admin:districts_community_changelist"),
        reverse("admin:districts_community_change", args=[community.pk]),
        reverse("inbox"),
        reverse("account"),
    ]


def _bulletin_pages(district: District) -> list[str]:
    """The district's departments' bulletins, one of them and the items behind a number
    (the demo generates Jiangbei's: grievances.demo.seed_bulletin)."""
    bulletin = Bulletin.objects.filter(district=district).order_by("pk").first()
    entry = bulletin.entries.order_by("pk").first() if bulletin else None
    assert bulletin is not None and entry is not None, "the demo generates a bulletin"
    return [
        reverse("grievances:bulletins"),
        reverse("grievances:bulletin", args=[bulletin.pk]),
        reverse("grievances:bulletin_items", args=[bulletin.pk, entry.department_id, "referred"]),
    ]


def _public_pages(district: District, community: Community) -> list[str]:
    quarter = (
        Publication.objects.filter(
            kind="quarter", district=district, replaced_by__isnull=True, withdrawn_at__isnull=True
        )
        .order_by("-year", "-quarter")
        .first()
    )
    assert quarter is not None, "the demo publishes every district's quarters"
    return [
        reverse("login"),
        reverse("notice:index"),
        reverse("notice:rankings", args=[2009]),
        reverse("notice:district", args=[district.code]),
        reverse("notice:quarter", args=[district.code, quarter.year, quarter.quarter]),
        reverse("notice:community", args=[district.code, community.code]),
        *[
            reverse("notice:bulletin", args=[district.code, b.year, b.month])
            for b in Publication.objects.filter(
                kind="bulletin", district=district, withdrawn_at__isnull=True
            ).order_by("pk")[:1]
        ],
        reverse("public_verdict"),
    ]
