"""Fuzz: every URL pattern, every parameter it reads, every role, hostile values: no 500.

A generated matrix, deterministic (no randomness at all), over:

* every URL pattern of ``get_resolver()`` (the admin's included), its path parameters
  filled with real codes and ids of a small city, then each replaced by each hostile value;
* every GET parameter the page reads (recorded while it runs, plus the fields of its GET
  forms and the query keys of its own links), each set to each hostile value;
* every POST form found on the pages a role opens (its fields and defaults read from the
  HTML, hidden ones included), each field set to each hostile value, the others valid;
* every column of every CSV kind, through the admin's import page;

as each role: anonymous, street staff, district official, city official, city
administrator, superuser and department staff. Each request runs in a savepoint that is
rolled back, so every input meets the same data. The admin turns away
non-administrators at its door, before any parameter is read: for them an admin page
gets its real address and one hostile value per parameter, not the whole list.

A 500 fails the test, listed with its method, address and data.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, quote, urljoin, urlsplit

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from core.jobs import job_state
from core.models import ImportUpload
from districts.models import User
from districts.services import platform_create
from evaluations import services as review_services
from evaluations.models import Meeting, Recommendation
from evaluations.rules import quarter_bounds
from grievances import services as grievance_services
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = (
    "2147483647",  # the largest integer column value
    "2147483648",  # one past it
    str(2**63),  # one past the largest bigint
    str(10**12),
    "-1",
    "\x00",
    "x" * 10_000,
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "１２３",  # full-width digits
    "0001-01-01",
    "9999-12-31",
    "2010-02-30",
    "01/02/2010",
    "A/B",
)
# for the roles the admin turns away before reading anything
ONE_HOSTILE = ("\x00",)
# In the default run (FUZZ_FULL=1 takes every value everywhere), the admin's own pages
# (Django's forms over the models' validators) and the table parameters read by the same
# code on every list take SAMPLE values each, in turn so that every value is still used.
SAMPLE = 1
SHARED_PARAMS = {"page", "per_page", "sort", "_export"}
NOT_INPUT = {"csrfmiddlewaretoken"}  # the test client does not check it
ROLES = (
    "anonymous",
    "staff_a1",
    "official_a",
    "city_official",
    "admin_city",
    "superuser",
    "dept_a1",
)


# -- the URL patterns ---------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    segments: tuple[Any, ...]  # the pattern objects from the root to the view
    name: str  # "namespace:name", or the route itself when unnamed

    @property
    def text(self) -> str:
        return "".join(str(s) for s in self.segments)

    @property
    def is_admin(self) -> bool:
        return self.text.startswith("admin/") and not self.text.startswith(
            ("admin/import-csv/", "admin/export-csv/")
        )


def routes(resolver: URLResolver | None = None, segments=(), namespace=None) -> Iterator[Route]:
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            inner = ":".join(filter(None, [namespace, p.namespace])) or None
            yield from routes(p, (*segments, p.pattern), inner)
        elif isinstance(p, URLPattern):
            text = "".join(str(s) for s in (*segments, p.pattern))
            name = ":".join(filter(None, [namespace, p.name])) if p.name else text
            yield Route((*segments, p.pattern), name)


CONVERTER = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<param>[^>]+)>")
GROUP = re.compile(r"\(\?P<(?P<param>[^>]+)>[^)]*\)|\((?P<unnamed>[^?][^)]*)\)")


def parameters(route: Route) -> list[str]:
    names: list[str] = []
    for segment in route.segments:
        if isinstance(segment, RoutePattern):
            names += [m["param"] for m in CONVERTER.finditer(str(segment))]
        elif isinstance(segment, RegexPattern):
            unnamed = iter(("object_id", "history_id"))
            names += [m["param"] or next(unnamed) for m in GROUP.finditer(str(segment))]
    return names


def build_path(route: Route, values: dict[str, str]) -> str:
    """The address, each parameter's value percent-encoded as a browser would send it."""
    out = []
    for segment in route.segments:
        text = str(segment)
        if isinstance(segment, RoutePattern):
            text = CONVERTER.sub(lambda m: quote(values[m["param"]], safe=""), text)
        elif isinstance(segment, RegexPattern):
            unnamed = iter(("object_id", "history_id"))

            def fill(m: re.Match[str], unnamed=unnamed) -> str:
                return quote(values[m["param"] or next(unnamed)], safe="")

            text = GROUP.sub(fill, text).lstrip("^").rstrip("$")
        out.append(text)
    return "/" + "".join(out)


# -- the city and its objects -------------------------------------------------------------


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
    upload = ImportUpload.objects.create(kind="areas", dry_run=True, user=admin_city)
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
    }


REAL: dict[str, dict[str, str]] = {  # url name -> parameter -> key of ``objects``
    "admin_import_status": {"pk": "import_upload"},
    "dashboard:pack": {"code": "community"},
    "dashboard:kit": {"code": "community"},
    "districts:roster": {"code": "community"},
    "districts:representative_add": {"code": "community"},
    "districts:representative_edit": {"pk": "representative"},
    "districts:representative_end": {"pk": "representative"},
    "districts:district": {"code": "district"},
    "districts:street": {"code": "street"},
    "districts:community": {"code": "community"},
    "evaluations:meeting": {"pk": "meeting"},
    "evaluations:meeting_discard": {"pk": "draft"},
    "evaluations:official": {"code": "official"},
    "evaluations:community": {"code": "community"},
    "evaluations:meeting_edit": {"code": "community"},
    "evaluations:recommendation": {"pk": "recommendation"},
    "evaluations:recommendation_send": {"pk": "recommendation"},
    "evaluations:recommendation_outcome": {"pk": "recommendation"},
    "grievances:meeting_intake": {"pk": "meeting"},
    "grievances:detail": {"reference": "reference"},
    "grievances:step": {"reference": "reference"},
    "grievances:receipt": {"reference": "reference"},
    "grievances:department_step": {"reference": "reference"},
    "rankings:district": {"code": "district"},
    "rankings:why_district": {"code": "district"},
    "rankings:why_street": {"code": "street"},
    "rankings:case_file": {"code": "official"},
    "notice:district": {"code": "district"},
    "notice:quarter": {"code": "district"},
    "notice:community": {"code": "district", "community_code": "community"},
}
LITERAL: dict[str, dict[str, str]] = {
    "evaluations:meeting_edit": {"year": "2009", "quarter": "3"},
    "dashboard:kit": {"year": "2009", "quarter": "3"},
    "grievances:step": {"step": "note"},
    "grievances:department_step": {"step": "progress"},
    "admin_export_csv": {"kind": "areas"},
    "admin:app_list": {"app_label": "districts"},
    "notice:rankings": {"year": "2009"},
    "notice:quarter": {"year": "2009", "quarter": "1"},
    "publication:withdraw": {"pk": "1"},
    "api_tokens:revoke": {"pk": "1"},
    "api:publication": {"pk": "1"},
}


def real_values(route: Route, objects: dict[str, str]) -> dict[str, str]:
    values = {p: objects[k] for p, k in REAL.get(route.name, {}).items()}
    values |= LITERAL.get(route.name, {})
    if route.name in ("evaluations:policy_edit", "grievances:policy_edit"):
        values["year"] = str(timezone.localdate().year)
    params = parameters(route)
    if route.is_admin and params:
        model = admin_model(route)
        obj = model.objects.order_by("pk").first() if model else None
        pk = str(obj.pk) if obj else "1"
        for param in params:
            if param in ("object_id", "id"):
                values[param] = pk
            elif param == "history_id":
                history = getattr(model, "history", None)
                first = history.order_by("history_id").first() if history is not None else None
                values[param] = str(first.history_id) if first else "1"
            elif param == "content_type_id":
                values[param] = str(ContentType.objects.get(model="grievance").pk)
                values["object_id"] = objects["grievance_pk"]
            elif param == "url":
                values[param] = "no-such-page/"
    missing = set(params) - set(values)
    assert not missing, f"{route.name}: no real value for {missing}; add it to REAL or LITERAL"
    return values


def admin_model(route: Route):  # type: ignore[no-untyped-def]
    parts = route.text.split("/")
    if len(parts) > 3:
        try:
            return apps.get_model(parts[1], parts[2])
        except (LookupError, ValueError):
            return None
    return None


# -- reading the pages: forms and links ---------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    selects: dict[str, str | None] = field(default_factory=dict)


def filler(kind: str) -> str:
    """A valid value for an empty field, so that a form sent with one hostile field is
    otherwise valid and the hostile value reaches the code behind the form."""
    return {
        "number": "1",
        "date": timezone.localdate().isoformat(),
        "email": "fuzz@example.com",
        "password": "Fuzz-horse-battery-9",
        "hidden": "",
    }.get(kind, "x")


class PageReader(HTMLParser):
    """The forms of a page (with their default values) and the query keys of its links."""

    def __init__(self, base: str):
        super().__init__()
        self.base = base
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(urljoin(self.base, a["href"]))
        elif tag == "form":
            action = urljoin(self.base, a.get("action") or self.base)
            self._form = Form(action=action, method=(a.get("method") or "get").lower())
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text").lower()
            if kind == "file":
                self._form.files.append(a["name"])
            elif kind in ("checkbox", "radio"):
                taken = any(n == a["name"] for n, _ in self._form.fields)
                if ("checked" in a or kind == "radio") and not taken:
                    self._form.fields.append((a["name"], a.get("value", "on")))
            elif kind not in ("submit", "button", "reset", "image"):
                self._form.fields.append((a["name"], a.get("value") or filler(kind)))
        elif tag == "button" and a.get("name"):
            self._form.fields.append((a["name"], a.get("value", "")))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._form.selects[self._select] = None
        elif tag == "option" and self._select is not None and a.get("value"):
            # a chosen option, else the first real one (not the empty "---------")
            if self._form.selects[self._select] is None or "selected" in a:
                self._form.selects[self._select] = a["value"]
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], []

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form" and self._form is not None:
            for name, value in self._form.selects.items():
                self._form.fields.append((name, value or ""))
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form.fields.append((self._textarea, "".join(self._text).strip() or "x"))
            self._textarea = None


class ReadKeys:
    """Records every key a view reads from a QueryDict (GET or POST), present or not."""

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self._saved: dict[str, Any] = {}

    def __enter__(self) -> ReadKeys:
        keys = self.keys
        for name in ("__getitem__", "get", "getlist", "__contains__"):
            original = getattr(MultiValueDict, name)
            self._saved[name] = original

            def spy(qd, key, *args, _original=original, **kwargs):  # type: ignore[no-untyped-def]
                if isinstance(qd, QueryDict) and isinstance(key, str):
                    keys.add(key)
                return _original(qd, key, *args, **kwargs)

            setattr(MultiValueDict, name, spy)
        return self

    def __exit__(self, *exc: object) -> None:
        for name, original in self._saved.items():
            setattr(MultiValueDict, name, original)


# -- the fuzzer ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Input:
    method: str
    path: str
    data: tuple[tuple[str, str], ...] = ()
    files: tuple[str, ...] = ()  # names of file fields: their value is the file's content

    def payload(self) -> dict[str, Any]:
        data: dict[str, Any] = dict(self.data)
        for name in self.files:
            content = data.get(name) or "district_code\n"
            data[name] = SimpleUploadedFile("upload.csv", content.encode(), "text/csv")
        return data


@dataclass
class Failure:
    role: str
    input: Input
    error: str

    def __str__(self) -> str:
        shown = {k: v[:40] + "…" if len(v) > 40 else v for k, v in self.input.data}
        return f"{self.role} {self.input.method} {self.input.path[:120]} {shown!r}: {self.error}"


class Session:
    """One role's browser. Each request runs in a savepoint rolled back after it, and the
    session cookie is put back, so every input meets the same data and the same login."""

    def __init__(self, role: str, user: User | None):
        self.role = role
        self.client = Client(raise_request_exception=False)
        if user is not None:
            self.client.force_login(user)
        self.cookies = {k: m.value for k, m in self.client.cookies.items()}
        self.tried = 0
        self.failures: list[Failure] = []

    def send(self, inp: Input, keep: bool = False) -> Any:
        """``keep``: what the request wrote stays (a queued job the worker then runs)."""
        self.tried += 1
        with transaction.atomic():
            response = getattr(self.client, inp.method)(inp.path, inp.payload())
            transaction.set_rollback(not keep)
        self.client.cookies = SimpleCookie()
        for key, value in self.cookies.items():
            self.client.cookies[key] = value
        if response.status_code >= 500:
            exc = getattr(response, "exc_info", None)
            error = f"{response.status_code} {exc[1]!r}" if exc else str(response.status_code)
            self.failures.append(Failure(self.role, inp, error))
        return response

    def read(self, path: str) -> tuple[int, set[str], list[Form]]:
        """The real page: its status, the query keys it reads or offers (its GET forms'
        fields, its own links' keys), and its POST forms."""
        with ReadKeys() as read:
            response = self.send(Input("get", path))
        keys, forms = set(read.keys), []
        if response.status_code == 200 and "html" in response.get("Content-Type", ""):
            reader = PageReader("http://testserver" + path)
            reader.feed(response.content.decode())
            here = urlsplit(path).path
            for form in reader.forms:
                if form.method == "post":
                    forms.append(form)
                elif urlsplit(form.action).path == here:
                    keys |= {name for name, _ in form.fields} - NOT_INPUT
            for link in reader.links:
                if urlsplit(link).path == here:
                    keys |= {k for k, _ in parse_qsl(urlsplit(link).query, keep_blank_values=True)}
        return response.status_code, keys, forms


@dataclass
class Target:
    """One parameter of one address: how a value goes in, and which roles reach the view
    behind it (their real page answered 200, or the form was on one of their pages)."""

    label: str
    make: Callable[[str], Input]
    roles: list[str] = field(default_factory=list)


class Plan:
    """Discover every target as every role, then the inputs: each hostile value in each
    target, by every role that reaches it (FUZZ_FULL=1), or by one of them in turn (the
    default: every value and every target still tried, the run kept short)."""

    def __init__(self, sessions: dict[str, Session], objects: dict[str, str]):
        self.sessions = sessions
        self.targets: dict[tuple[str, ...], Target] = {}
        self.covered: set[str] = set()
        for role, session in sessions.items():
            for route in ALL_ROUTES:
                self._discover(role, session, route, objects)

    def _target(self, key: tuple[str, ...], make: Callable[[str], Input]) -> Target:
        return self.targets.setdefault(key, Target(" ".join(key), make))

    def _discover(self, role: str, session: Session, route: Route, objects: dict[str, str]) -> None:
        values = real_values(route, objects)
        path = build_path(route, values)
        status, keys, forms = session.read(path)
        # the address resolves to this pattern (or to the project's own view at the same
        # address, which shadows the admin's: /admin/r/..., the scoped "view on site")
        if resolve(urlsplit(path).path).route.replace("^", "") == route.text.replace("^", ""):
            self.covered.add(route.name)
        reached = status == 200
        for param in values:
            target = self._target(
                ("path", route.name, param),
                lambda v, route=route, values=values, param=param: Input(
                    "get", build_path(route, values | {param: v})
                ),
            )
            if reached or (route.is_admin and role in ("admin_city", "superuser")):
                target.roles.append(role)
        for key in keys:
            target = self._target(
                ("get", path, key), lambda v, path=path, key=key: Input("get", path, ((key, v),))
            )
            target.roles.append(role)
        # an empty POST on every address, and every field of every POST form seen
        self._target(("post", path), lambda v, path=path: Input("post", path)).roles.append(role)
        for form in forms:
            action = urlsplit(form.action).path
            defaults = dict(form.fields)
            base = tuple(sorted(defaults.items()))
            for name in sorted((set(defaults) | set(form.files)) - NOT_INPUT):
                target = self._target(
                    ("form", action, name),
                    lambda v, action=action, name=name, defaults=defaults, form=form: Input(
                        "post",
                        action,
                        tuple(sorted((defaults | {name: v}).items())),
                        tuple(form.files),
                    ),
                )
                if role not in target.roles:
                    target.roles.append(role)
            self._form_addresses(role, action, base, form)
            self._target(
                ("form", action),
                lambda v, action=action, base=base, form=form: Input(
                    "post", action, base, tuple(form.files)
                ),
            ).roles.append(role)

    def _form_addresses(self, role: str, action: str, base: Any, form: Form) -> None:
        """The form sent, as it is, to its address with each parameter gone hostile."""
        match = resolve(action)
        route = ROUTES_BY_TEXT[match.route.replace("^", "")]
        params = parameters(route)
        values = {k: str(v) for k, v in match.kwargs.items()}
        values |= dict(
            zip([p for p in params if p not in values], map(str, match.args), strict=False)
        )
        for param in params:
            target = self._target(
                ("formpath", action, param),
                lambda v, route=route, values=values, param=param, base=base, form=form: Input(
                    "post", build_path(route, values | {param: v}), base, tuple(form.files)
                ),
            )
            if role not in target.roles:
                target.roles.append(role)

    def inputs(self, full: bool) -> Iterator[tuple[str, Input]]:
        turn, shared_seen = 0, set()
        for key, target in sorted(self.targets.items()):
            roles = target.roles or list(self.sessions)
            if len(key) == 2:  # a bare address or form, as it is
                values: tuple[str, ...] = ("",)
            elif all(self.turned_away(r, key) for r in roles):
                values = ONE_HOSTILE
            elif full or key[0] == "path" or not self.sampled(key, shared_seen):
                values = HOSTILE
            else:  # values in turn, so every value is still used (all: FUZZ_FULL=1)
                values = tuple(HOSTILE[(turn + i) % len(HOSTILE)] for i in range(SAMPLE))
            for value in values:
                chosen = roles if full else [roles[turn % len(roles)]]
                turn += 1
                for role in chosen:
                    yield role, target.make(value)

    def sampled(self, key: tuple[str, ...], shared_seen: set[str]) -> bool:
        """The admin's own forms and lists, and the table parameters every list reads
        through the same code (after the first list that reads them) take SAMPLE values."""
        if self.in_admin(key):
            return True
        if key[0] == "get" and key[2] in SHARED_PARAMS:
            if key[2] in shared_seen:
                return True
            shared_seen.add(key[2])
        return False

    @staticmethod
    def in_admin(key: tuple[str, ...]) -> bool:
        where = key[1]
        return where.startswith(("admin:", "admin/")) or (
            where.startswith("/admin/")
            and not where.startswith(("/admin/import-csv/", "/admin/export-csv/"))
        )

    def turned_away(self, role: str, key: tuple[str, ...]) -> bool:
        return self.in_admin(key) and role not in ("admin_city", "superuser")


# -- CSV rows, through the admin's import page --------------------------------------------

CSV_ROWS = {  # kind -> a valid row of the small city (one column at a time goes hostile)
    "areas": {
        "district_code": "DA",
        "district_name": "甲区",
        "main_urban": "yes",
        "safety_threshold": "",
        "street_code": "DA-1",
        "street_name": "甲一街道",
        "street_kind": "street",
        "community_code": "DA-1-9",
        "community_name": "新社区",
        "community_kind": "community",
        "representatives": "30",
    },
    "officials": {
        "official_code": "OF-2",
        "name": "李主任",
        "role": "director",
        "organisation": "居委会",
        "community_code": "DA-1-0",
        "start_date": "2009-01-01",
        "end_date": "",
    },
    "reviews": {
        "community_code": "DA-1-0",
        "year": "2009",
        "quarter": "4",
        "held_on": "2009-11-20",
        "present": "8",
        "official_code": "OF-1",
        "very_satisfied": "5",
        "satisfied": "2",
        "basically_satisfied": "1",
        "unsatisfied": "0",
    },
    "surveys": {
        "street_code": "DA-1",
        "year": "2010",
        "safe": "50",
        "fairly_safe": "30",
        "not_very_safe": "15",
        "unsafe": "5",
    },
    "grievances": {
        "reference": "IMP-2009-0001",
        "community_code": "DA-1-0",
        "received_on": "2009-03-01",
        "kind": "complaint",
        "key_dispute": "no",
        "summary": "噪音",
        "disposition": "",
        "department": "",
        "deadline": "",
        "resolved_on": "",
        "answered_on": "",
    },
}


def csv_text(row: dict[str, str]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row), lineterminator="\n")
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue()


# -- the tests ----------------------------------------------------------------------------

ALL_ROUTES = sorted(routes(), key=lambda r: r.text)
ROUTES_BY_TEXT = {r.text.replace("^", ""): r for r in ALL_ROUTES}


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


def test_no_address_parameter_or_form_field_gives_a_500(request, objects, quiet):
    sessions = {
        role: Session(role, None if role == "anonymous" else request.getfixturevalue(role))
        for role in ROLES
    }
    plan = Plan(sessions, objects)
    discovered = sum(s.tried for s in sessions.values())
    for role, inp in plan.inputs(full=bool(os.environ.get("FUZZ_FULL"))):
        sessions[role].send(inp)
    tried = sum(s.tried for s in sessions.values()) - discovered
    failures = [f for s in sessions.values() for f in s.failures]
    kinds = {k[0] for k in plan.targets}
    print(
        f"\nfuzz: {len(plan.covered)}/{len(ALL_ROUTES)} URL patterns, "
        + ", ".join(
            f"{sum(1 for k in plan.targets if k[0] == kind)} {kind} targets"
            for kind in sorted(kinds)
        )
        + f", {tried} inputs ({discovered} to discover), {len(failures)} 500s"
    )
    if report := os.environ.get("FUZZ_REPORT"):
        with open(report, "w") as out:
            out.write("\n".join(str(f) for f in failures))
    assert plan.covered == {r.name for r in ALL_ROUTES}
    assert failures == [], "\n".join(str(f) for f in failures[:40])


def test_no_csv_column_gives_a_500(objects, admin_city, quiet, run_worker):
    """Each hostile file is uploaded, all are imported by the worker, then each upload's
    page is read: no 500 from the page and no job failing on its input."""
    session = Session("admin_city", admin_city)
    for kind, row in CSV_ROWS.items():
        for data in [row] + [row | {c: v} for c in row for v in HOSTILE]:
            session.send(
                Input(
                    "post",
                    "/admin/import-csv/",
                    (("kind", kind), ("dry_run", "yes"), ("file", csv_text(data))),
                    ("file",),
                ),
                keep=True,
            )
    run_worker()
    uploads = list(ImportUpload.objects.exclude(task_id=""))
    assert len(uploads) == sum(1 + len(row) * len(HOSTILE) for row in CSV_ROWS.values())
    for upload in uploads:
        session.send(Input("get", reverse("admin_import_status", args=[upload.pk])))
    failed = [(u.kind, job_state(u.task_id).error) for u in uploads]
    failed = [f for f in failed if f[1]]
    print(f"\nfuzz csv: {session.tried} inputs, {len(session.failures)} 500s")
    assert session.failures == [], "\n".join(str(f) for f in session.failures[:40])
    assert failed == [], failed[:40]
