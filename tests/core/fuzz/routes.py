"""Every URL pattern of ``get_resolver()`` (the admin's included), its parameters, and
real values for them from the small city (``objects`` in conftest.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone


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
    "evaluations:promise": {"pk": "promise"},
    "evaluations:promise_step": {"pk": "promise"},
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
    "notice:bulletin": {"code": "district", "year": "bulletin_year", "month": "bulletin_month"},
    "grievances:bulletin": {"pk": "bulletin"},
    "grievances:bulletin_xlsx": {"pk": "bulletin"},
    "grievances:bulletin_items": {"pk": "bulletin", "department": "bulletin_department"},
    "publication:publish_bulletin": {"pk": "bulletin"},
    "notice:community": {"code": "district", "community_code": "community"},
}
LITERAL: dict[str, dict[str, str]] = {
    "evaluations:meeting_edit": {"year": "2009", "quarter": "3"},
    "dashboard:kit": {"year": "2009", "quarter": "3"},
    "grievances:step": {"step": "note"},
    "evaluations:promise_step": {"step": "note"},
    "grievances:department_step": {"step": "progress"},
    "admin_export_csv": {"kind": "areas"},
    "admin:app_list": {"app_label": "districts"},
    "notice:rankings": {"year": "2009"},
    "notice:quarter": {"year": "2009", "quarter": "1"},
    "publication:withdraw": {"pk": "1"},
    "grievances:bulletin_items": {"figure": "referred"},
    "api_tokens:revoke": {"pk": "1"},
    "api:publication": {"pk": "1"},
    "api:promise": {"pk": "1"},
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


ALL_ROUTES = sorted(routes(), key=lambda r: r.text)
ROUTES_BY_TEXT = {r.text.replace("^", ""): r for r in ALL_ROUTES}
