"""The public notice board (公示栏): no login, Chinese by default (``?lang=en`` for English).

Every page is built from current publications' snapshots only, never from live tables,
so what is shown is what was published, as it was published. Pages are cached under a
key that includes the publication state (:func:`selectors.version`), so a withdrawal or a
new publication changes the key at once and no cache can serve the old page; browsers
and proxies get ``Cache-Control: public, no-cache`` with an ETag and Last-Modified, so
they must revalidate (a cheap 304) before reusing a copy.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _

from districts.models import OfficialRole, Platform
from evaluations.models import Level
from rankings.flags import FLAG_LABEL

from . import selectors
from .models import Publication

LANGUAGES = ("zh-hans", "en")
DEFAULT_LANGUAGE = "zh-hans"
CACHE_SECONDS = 24 * 60 * 60

Page = Callable[..., str]


def language(request: HttpRequest) -> str:
    lang = request.GET.get("lang", "")
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def public_page(view: Page) -> Callable[..., HttpResponse]:
    """Serve a notice page from the cache when the publication state is unchanged."""

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        state, changed = selectors.version()
        lang = language(request)
        key = "notice:" + hashlib.sha256(f"{state}|{lang}|{request.path}".encode()).hexdigest()
        etag = f'"{key[7:39]}"'
        last_modified = int(changed.timestamp()) if changed else None
        response: HttpResponse | None = get_conditional_response(
            request, etag=etag, last_modified=last_modified
        )
        if response is None:
            content = cache.get(key)
            if content is None:
                with translation.override(lang):
                    content = view(request, *args, lang=lang, **kwargs)
                cache.set(key, content, CACHE_SECONDS)
            response = HttpResponse(content)
        response["ETag"] = etag
        if last_modified is not None:
            response["Last-Modified"] = http_date(last_modified)
        response["Content-Language"] = lang
        patch_cache_control(response, public=True, no_cache=True)
        return response

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def _render(template: str, request: HttpRequest, lang: str, **context: Any) -> str:
    other = "en" if lang == DEFAULT_LANGUAGE else DEFAULT_LANGUAGE
    return render_to_string(
        f"publication/{template}",
        {
            **context,
            "lang": lang,
            "request_path": request.path,
            "lang_query": "" if lang == DEFAULT_LANGUAGE else f"?lang={lang}",
            "other_lang": other,
            "other_lang_query": "" if other == DEFAULT_LANGUAGE else f"?lang={other}",
            "other_lang_name": "English" if other == "en" else "简体中文",
        },
    )


def _ranking_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {**row, "flag_labels": [FLAG_LABEL[f] for f in row["flags"].split(";") if f]}
        for row in rows
    ]


def rankings_context(snapshot: dict[str, Any]) -> dict[str, Any]:
    """The tables of a rankings snapshot (the notice board's and the preview's)."""
    districts = _ranking_rows(snapshot["districts"])
    main_urban = sorted(
        (r for r in districts if r["main_urban"]),
        key=lambda r: (r["main_urban_rank"] is None, r["main_urban_rank"] or 0, r["code"]),
    )
    return {"districts": districts, "main_urban": main_urban}


def _published_districts() -> list[dict[str, str]]:
    seen: dict[str, dict[str, str]] = {}
    for publication in selectors.current_quarters():
        seen.setdefault(publication.snapshot["district"]["code"], publication.snapshot["district"])
    return list(seen.values())


@public_page
def index(request: HttpRequest, *, lang: str, year: int | None = None) -> str:
    """The city's published rankings (the latest year, or the year asked for)."""
    publication = selectors.current_rankings(year)
    if year is not None and publication is None:
        raise Http404
    years = list(
        selectors.current()
        .filter(kind=Publication.Kind.RANKINGS)
        .order_by("-year")
        .values_list("year", flat=True)
    )
    context = (
        {"publication": publication, **rankings_context(publication.snapshot)}
        if publication
        else {}
    )
    return _render(
        "notice_index.html",
        request,
        lang,
        years=years,
        published_districts=_published_districts(),
        **context,
    )


def _official_rows(officials: list[dict[str, Any]]) -> list[dict[str, Any]]:
    roles = dict(OfficialRole.choices)
    levels = dict(Level.choices)
    return [
        {
            "name": o["name"],
            "role": roles.get(o["role"], o["role"]),
            "level": levels.get(o["level"], "") if o["level"] else "",
            "level_key": o["level"] or "",
        }
        for o in officials
    ]


def _owner_label(owner: dict[str, str]) -> dict[str, str]:
    """A promise's owner as shown: the official's role, or the department's platform, in
    the page's language."""
    labels = dict(OfficialRole.choices if owner["kind"] == "official" else Platform.choices)
    return {**owner, "role": str(labels.get(owner["role"], owner["role"]))}


def _promise_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{**row, "owner": _owner_label(row["owner"])} for row in rows]


def _community_entry(community: dict[str, Any]) -> dict[str, Any]:
    """A community of a quarter snapshot, ready to show (a snapshot published before
    promises were kept has none: it shows none)."""
    meeting = community["meeting"]
    return {
        **community,
        "officials": _official_rows(meeting["officials"]) if meeting else [],
        "promises": _promise_rows(meeting.get("promises", [])) if meeting else [],
        "verdicts": _promise_rows(meeting.get("verdicts", [])) if meeting else [],
    }


def quarter_streets(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """A quarter snapshot's communities street by street (the notice's and the preview's)."""
    streets: dict[str, dict[str, Any]] = {}
    for c in map(_community_entry, snapshot["communities"]):
        street = streets.setdefault(
            c["street_code"], {"code": c["street_code"], "name": c["street_name"], "rows": []}
        )
        street["rows"].append(c)
    return list(streets.values())


@public_page
def district(request: HttpRequest, code: str, *, lang: str) -> str:
    """A district's streets in the latest published rankings, and its published quarters."""
    quarters = list(selectors.current_quarters(code))
    bulletins = list(selectors.current_bulletins(code))
    rankings = None
    streets: list[dict[str, Any]] = []
    name = None
    for publication in selectors.current().filter(kind=Publication.Kind.RANKINGS).order_by("-year"):
        streets = [r for r in publication.snapshot["streets"] if r["district_code"] == code]
        if streets:
            rankings, name = publication, streets[0]["district_name"]
            break
    if quarters:
        name = quarters[0].snapshot["district"]["name"]
    elif bulletins and name is None:
        name = bulletins[0].snapshot["district"]["name"]
    if name is None:
        raise Http404
    return _render(
        "notice_district.html",
        request,
        lang,
        code=code,
        name=name,
        rankings=rankings,
        streets=_ranking_rows(streets),
        quarters=quarters,
        bulletins=bulletins,
        communities=quarters[0].snapshot["communities"] if quarters else [],
    )


@public_page
def quarter(request: HttpRequest, code: str, year: int, quarter: int, *, lang: str) -> str:
    """A district's published quarter: the notice to print (A4 portrait)."""
    publication = selectors.current_quarters(code).filter(year=year, quarter=quarter).first()
    if publication is None:
        raise Http404
    return _render(
        "notice_quarter.html",
        request,
        lang,
        publication=publication,
        district=publication.snapshot["district"],
        streets=quarter_streets(publication.snapshot),
        title=_("%(district)s: review results of %(year)s Q%(quarter)s")
        % {"district": publication.snapshot["district"]["name"], "year": year, "quarter": quarter},
    )


@public_page
def community(request: HttpRequest, code: str, community_code: str, *, lang: str) -> str:
    """A community's published quarters, newest first."""
    entries = []
    for publication in selectors.current_quarters(code):
        for c in publication.snapshot["communities"]:
            if c["code"] == community_code:
                entries.append({"publication": publication, **_community_entry(c)})
    if not entries:
        raise Http404
    return _render(
        "notice_community.html",
        request,
        lang,
        district=entries[0]["publication"].snapshot["district"],
        community=entries[0],
        entries=entries,
    )


def bulletin_departments(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """A bulletin snapshot's departments, each platform key in the reader's language."""
    platform = dict(Platform.choices)
    return [{**d, "key_label": platform.get(d["key"], d["key"])} for d in snapshot["departments"]]


@public_page
def bulletin(request: HttpRequest, code: str, year: int, month: int, *, lang: str) -> str:
    """A district's published monthly departments' bulletin: departments and figures only
    (A4 portrait)."""
    publication = selectors.current_bulletins(code).filter(year=year, month=month).first()
    if publication is None:
        raise Http404
    snapshot = publication.snapshot
    return _render(
        "notice_bulletin.html",
        request,
        lang,
        publication=publication,
        district=snapshot["district"],
        snapshot=snapshot,
        departments=bulletin_departments(snapshot),
        title=_("%(district)s: departments' bulletin of %(year)s-%(month)s")
        % {"district": snapshot["district"]["name"], "year": year, "month": f"{month:02d}"},
    )
