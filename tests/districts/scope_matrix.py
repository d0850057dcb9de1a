"""The scope matrix over every URL (tests/districts/test_scoping.py): the address of an
area's object for every URL name that takes one, the names that take none, the objects of
one street to build the addresses from, and what refuses each address to a user outside
that street.

A scoped user who guesses the address of another area's object gets 404 (or 405 for a
method the page does not take), never data, and a refused POST changes nothing. A new
URL pattern fails ``test_every_url_pattern_is_in_the_matrix`` until it is placed below.
"""

import datetime

from django.urls import URLPattern, URLResolver, get_resolver

from api.models import ApiToken
from api.services import token_create
from districts.models import Community, Department, District, Official, Representative, Street
from districts.services import platform_create
from evaluations import services as review_services
from evaluations.models import Meeting, Promise, PromiseNote, Recommendation
from evaluations.promises import services as promise_services
from evaluations.promises.rules import default_due_on
from evaluations.rules import quarter_bounds
from grievances.models import Bulletin, FollowUp, Grievance, Receipt
from grievances.services import bulletins_generate
from publication.models import Publication
from publication.services import publish_quarter_of
from tests import factories

# Objects of another area, by URL name: how to build the address of one (see `foreign`).
OBJECT_URLS = {
    "dashboard:pack": lambda f: [f["community"]],
    "dashboard:kit": lambda f: [f["community"], 2009, 1],
    "districts:district": lambda f: [f["district"]],
    "districts:street": lambda f: [f["street"]],
    "districts:community": lambda f: [f["community"]],
    "districts:roster": lambda f: [f["community"]],
    "districts:representative_add": lambda f: [f["community"]],
    "districts:representative_edit": lambda f: [f["representative"]],
    "districts:representative_end": lambda f: [f["representative"]],
    "evaluations:meeting": lambda f: [f["meeting"]],
    "evaluations:meeting_discard": lambda f: [f["meeting"]],
    "evaluations:official": lambda f: [f["official"]],
    "evaluations:community": lambda f: [f["community"]],
    "evaluations:meeting_edit": lambda f: [f["community"], 2009, 1],
    "evaluations:recommendation": lambda f: [f["recommendation"]],
    "evaluations:recommendation_send": lambda f: [f["recommendation"]],
    "evaluations:recommendation_outcome": lambda f: [f["recommendation"]],
    "evaluations:promise": lambda f: [f["promise"]],
    "evaluations:promise_step": lambda f: [f["promise"], "done"],
    "grievances:meeting_intake": lambda f: [f["meeting"]],
    "grievances:detail": lambda f: [f["grievance"]],
    "grievances:step": lambda f: [f["grievance"], "answer"],
    "grievances:receipt": lambda f: [f["grievance"]],
    "grievances:department_step": lambda f: [f["grievance"], "accept"],
    "rankings:district": lambda f: [f["district"]],
    "rankings:why_district": lambda f: [f["district"]],
    "rankings:why_street": lambda f: [f["street"]],
    "rankings:case_file": lambda f: [f["official"]],
    "publication:withdraw": lambda f: [f["publication"]],
    "publication:publish_bulletin": lambda f: [f["bulletin"]],
    "grievances:bulletin": lambda f: [f["bulletin"]],
    "grievances:bulletin_xlsx": lambda f: [f["bulletin"]],
    "grievances:bulletin_items": lambda f: [f["bulletin"], f["bulletin_department"], "referred"],
    "api_tokens:revoke": lambda f: [f["token"]],
}
# Pages without an area object in their address: lists and forms whose rows and choices
# are scoped (each app's view and filter tests), city-wide pages,
# and the account pages. Listed so that a new URL must be placed somewhere.
NOT_OBJECT_URLS = {
    "home",
    "favicon",  # public: a redirect to the static icon
    "districts:district_list",
    "districts:street_list",
    "districts:community_list",
    "evaluations:board",
    "evaluations:meeting_list",
    "evaluations:rating_list",
    "evaluations:policy_list",
    "evaluations:policy_edit",
    "evaluations:recommendation_list",
    "evaluations:promise_list",
    "evaluations:plans_missing",
    "grievances:list",
    "grievances:new",
    "grievances:figures",
    # the area is a parameter, refused by get_visible_or_404 as on the grievance figures
    # page (tests/evaluations/views/test_promise_figures.py)
    "evaluations:promise_figures",
    "evaluations:promise_figure_items",
    "grievances:work",
    "grievances:bulletins",  # the user's district's bulletins (tests/grievances/views)
    # the departments' record: the area (street, district) and the department are query
    # parameters, refused by their scoped look-ups (tests/grievances/views/
    # test_department_record.py), like the figures page's area
    "grievances:department_record",
    "grievances:department_items",
    "public_verdict",
    "grievances:policy_list",
    "grievances:policy_edit",
    "rankings:city",
    "rankings:league",
    "evaluations:survey_list",
    "evaluations:survey_new",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "account",
    "inbox",
    "inbox_read",
    "set_language",
    "admin_import_csv",
    "admin_export_csv",
    # an upload's page: its uploader's or a superuser's only, another administrator gets
    # 404 (tests/dashboard/test_admin_views.py); the admin turns away everyone else
    "admin_import_status",
    # publishing: the district is the user's own, never in the address
    "publication:manage",
    "publication:publish",
    "api_tokens:list",
    # public: only current publications' snapshots (tests/publication/test_notice.py)
    "notice:index",
    "notice:rankings",
    "notice:district",
    "notice:quarter",
    "notice:bulletin",
    "notice:community",
    # the API: every list is scoped to the token's user (tests/api/test_views.py)
    "api:schema",
    "api:docs",
    "api:districts",
    "api:streets",
    "api:communities",
    "api:officials",
    "api:meetings",
    "api:grievances",
    "api:surveys",
    "api:rankings",
    "api:figures",
    "api:publications",
    "api:publication",
    # issue 20: the token user's promises (tests/api/test_promises.py), the published ones
    "api:promises",
    "api:promise",
    "api:promise_figures",
    "api:published_promises",
}


def url_names(patterns=None, namespace=None):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":  # the admin has its own tests (test_admin.py)
                continue
            inner = p.namespace if not namespace else f"{namespace}:{p.namespace}"
            yield from url_names(p.url_patterns, (p.namespace and inner) or namespace)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}:{p.name}" if namespace else p.name


# What refuses each address to a user outside the object's area: the view's look-up of
# this model in the user's scope finds nothing, and the view raises Http404 from its
# DoesNotExist (tests/fixtures/refusals.py checks both). None: the view looks the object
# up among the user's own and raises a bare Http404 (a token is its owner's alone).
REFUSED_BY = {
    "dashboard:pack": Community,
    "dashboard:kit": Community,
    "districts:district": District,
    "districts:street": Street,
    "districts:community": Community,
    "districts:roster": Community,
    "districts:representative_add": Community,
    "districts:representative_edit": Representative,
    "districts:representative_end": Representative,
    "evaluations:meeting": Meeting,
    "evaluations:meeting_discard": Meeting,
    "evaluations:official": Official,
    "evaluations:community": Community,
    "evaluations:meeting_edit": Community,
    "evaluations:recommendation": Recommendation,
    "evaluations:recommendation_send": Recommendation,
    "evaluations:recommendation_outcome": Recommendation,
    "evaluations:promise": Promise,
    "evaluations:promise_step": Promise,
    "grievances:meeting_intake": Meeting,
    "grievances:detail": Grievance,
    "grievances:step": Grievance,
    "grievances:receipt": Grievance,
    "grievances:department_step": Grievance,
    "rankings:district": District,
    "rankings:why_district": District,
    "rankings:why_street": Street,
    "rankings:case_file": Official,
    "publication:withdraw": Publication,
    "publication:publish_bulletin": Bulletin,
    "grievances:bulletin": Bulletin,
    "grievances:bulletin_xlsx": Bulletin,
    "grievances:bulletin_items": Bulletin,
    "api_tokens:revoke": None,
}

# The addresses that take one method only: the other is refused (405) before any look-up.
ONLY = {
    "districts:district": "get",
    "districts:street": "get",
    "districts:community": "get",
    "evaluations:meeting_discard": "post",
    "evaluations:recommendation_send": "post",
    "evaluations:recommendation_outcome": "post",
    "evaluations:promise_step": "post",
    "grievances:meeting_intake": "post",
    "grievances:step": "post",
    "grievances:department_step": "post",
    "publication:withdraw": "post",
    "publication:publish_bulletin": "post",
    "grievances:bulletin": "get",
    "grievances:bulletin_xlsx": "get",
    "grievances:bulletin_items": "get",
    "api_tokens:revoke": "post",
}

# Whose the object in each address is, when not its street's staff: the district's
# officials (district pages), its publisher (a publication, the publisher's own token).
DISTRICT_PAGES = {
    "districts:district",
    "rankings:district",
    "rankings:why_district",
    # a district's departments' bulletin: its officials' (street staff see none)
    "publication:publish_bulletin",
    "grievances:bulletin",
    "grievances:bulletin_xlsx",
    "grievances:bulletin_items",
}
PUBLISHERS_OWN = {"publication:withdraw", "api_tokens:revoke"}


def owner(url_name, objects):
    """A user whose area holds the objects (of ``build_area_objects``) of this address."""
    street = Street.objects.get(code=objects["street"])
    if url_name in DISTRICT_PAGES:
        return factories.DistrictOfficialFactory(district=street.district)
    if url_name in PUBLISHERS_OWN:
        return factories.UserFactory._meta.model.objects.get(username=objects["publisher"])
    return factories.StreetStaffFactory(street=street)


def build_area_objects(street, code):
    """A posted official, two unsatisfied submitted quarters (so a recommendation), a
    grievance raised at the first meeting: everything a street's pages show."""
    community = Community.objects.filter(street=street).order_by("code").first()
    platform_create(streets=[street], communities=[community])
    official = factories.PostingFactory(
        community=community,
        role="police",
        official=factories.OfficialFactory(code=f"OF-{code}", name=f"秘密警官{code}"),
    ).official
    for quarter in (1, 2):
        review_services.meeting_save(
            community=community,
            year=2009,
            quarter=quarter,
            held_on=quarter_bounds(2009, quarter)[0] + datetime.timedelta(days=20),
            present=community.representatives,
            tallies=[review_services.Tally(official.pk, 0, 0, 0, 5)],
            submit=True,
        )
    meeting = Meeting.objects.get(community=community, year=2009, quarter=1)
    representative = factories.RepresentativeFactory(
        community=community, name=f"秘密代表{code}", phone="13900000000"
    )
    promise = promise_services.promise_make(
        meeting=meeting, official=official, text=f"秘密承诺{code}", due_on=default_due_on(2009, 1)
    )
    grievance = factories.GrievanceFactory(
        community=community,
        meeting=meeting,
        reference=f"JB-{code}-2009-0001",
        summary=f"秘密意见{code}",
    )
    publisher = factories.DistrictOfficialFactory(
        username=f"publisher_{code}", district=street.district
    )
    bulletin, department = _bulletin(street, community, code)
    publication = publish_quarter_of(district=street.district, year=2009, quarter=1, user=publisher)
    token, _text = token_create(user=publisher, name=f"token {code}")
    return {
        "publisher": publisher.username,
        "publication": publication.pk,
        "token": token.pk,
        "district": street.district.code,
        "street": street.code,
        "community": community.code,
        "meeting": meeting.pk,
        "official": official.code,
        "recommendation": Recommendation.objects.get(community=community).pk,
        "grievance": grievance.reference,
        "representative": representative.pk,
        "promise": promise.pk,
        "bulletin": bulletin.pk,
        "bulletin_department": department.pk,
        "secrets": [official.name, grievance.summary, representative.name, promise.text],
    }


def _bulletin(street, community, code):
    """April 2009's departments' bulletin of the street's district, naming its police
    station (an item referred to it, still open past its deadline): generated afresh."""
    department = Department.objects.get(street=street, key="police")
    factories.GrievanceFactory(
        community=community,
        reference=f"JB-{code}-2009-0002",
        summary=f"秘密意见{code}",
        received_on=datetime.date(2009, 4, 8),
        disposition="referred",
        department=department,
        deadline=datetime.date(2009, 4, 20),
    )
    Bulletin.objects.filter(district=street.district, year=2009, month=4).delete()
    bulletins_generate(year=2009, month=4, as_of=datetime.date(2009, 5, 4))
    return Bulletin.objects.get(district=street.district, year=2009, month=4), department


def snapshot():
    return (
        list(Meeting.objects.order_by("pk").values()),
        list(Recommendation.objects.order_by("pk").values()),
        list(Grievance.objects.order_by("pk").values()),
        list(FollowUp.objects.order_by("pk").values()),
        list(Receipt.objects.order_by("pk").values()),
        list(Publication.objects.order_by("pk").values()),
        list(ApiToken.objects.order_by("pk").values()),
        list(Representative.objects.order_by("pk").values()),
        list(Promise.objects.order_by("pk").values()),
        list(PromiseNote.objects.order_by("pk").values()),
    )
