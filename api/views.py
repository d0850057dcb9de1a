"""The read-only JSON API (/api/v1/).

Every list reads through the apps' selectors, scoped to the request's user: a token
carries exactly its user's scope, and without a token only published data is served
(rankings and publications, from their snapshots). Lists use cursor pagination, so a page
costs the same queries wherever it is, and take filters by year, quarter and area code.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, generics
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import AllowAny, BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import Serializer
from rest_framework.views import APIView

from core import dataversion
from districts import selectors as district_selectors
from districts.models import Community, District, Official, Street, User
from districts.permissions import may_see_unpublished_rankings
from districts.scoping import scope_of
from evaluations import selectors as evaluation_selectors
from evaluations.models import Meeting, Survey
from evaluations.rules import quarter_bounds
from grievances import selectors as grievance_selectors
from grievances.models import Grievance
from publication import selectors as publication_selectors
from publication.models import Publication
from publication.snapshots import output_rows
from rankings import output as ranking_output
from rankings.assessment import assess
from rankings.topics import ranking_topics

from . import serializers as s
from .exceptions import PROBLEM, problem
from .pagination import Cursor


def _problems(*codes: int) -> dict[Any, Any]:
    return {(code, PROBLEM): OpenApiResponse(s.ProblemSerializer) for code in codes}


def documented(ok: Any, query: type[Serializer[Any]] | None, *, public: bool = False) -> Any:
    codes = (400, 404, 429) if public else (400, 401, 404, 429)
    return extend_schema(
        parameters=[query] if query else None, responses={200: ok, **_problems(*codes)}
    )


class ApiView(APIView):
    """Caching headers: a token's answer is private (no shared cache keeps it), a public
    one may be kept by any cache; both must be revalidated before reuse, which their ETag
    makes a cheap 304. (``no-store`` would also switch the ETag off.)"""

    def finalize_response(
        self, request: Request, response: HttpResponseBase, *args: Any, **kwargs: Any
    ) -> HttpResponseBase:
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_vary_headers(response, ("Authorization",))
        if request.user and request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, no_cache=True)
        return response

    def query(self, serializer: type[Serializer[Any]]) -> dict[str, Any]:
        checked = serializer(data=self.request.query_params)
        checked.is_valid(raise_exception=True)
        return dict(checked.validated_data)

    @property
    def user(self) -> User:
        return self.request.user


class ListView(ApiView, generics.ListAPIView[Any]):
    permission_classes: list[type[BasePermission]] = [IsAuthenticated]
    pagination_class = Cursor
    query_serializer: type[Serializer[Any]] = s.AreaQuery
    area_paths: dict[str, str] = {}
    period_paths: tuple[str, str] | None = None  # the year and quarter lookups
    ordering: tuple[str, ...] = ("pk",)

    def base_queryset(self) -> QuerySet[Any]:
        """The rows of the user's scope (a selector's)."""
        raise NotImplementedError

    def get_queryset(self) -> QuerySet[Any]:
        params = self.query(self.query_serializer)
        qs = self.base_queryset()
        for name, path in self.area_paths.items():
            if params.get(name):
                qs = qs.filter(**{path: params[name]})
        if self.period_paths:
            for name, path in zip(("year", "quarter"), self.period_paths, strict=True):
                if params.get(name) is not None and path:
                    qs = qs.filter(**{path: params[name]})
        return qs

    @property
    def paginator(self) -> Cursor | None:
        paginator = super().paginator
        if paginator is not None:
            paginator.ordering = self.ordering
        return paginator


@documented(s.DistrictSerializer(many=True), s.AreaQuery)
class DistrictList(ListView):
    """Districts in the token's scope."""

    serializer_class = s.DistrictSerializer
    ordering = ("code",)
    area_paths = {"district": "code"}

    def base_queryset(self) -> QuerySet[District]:
        return district_selectors.districts(user=self.user)


@documented(s.StreetSerializer(many=True), s.AreaQuery)
class StreetList(ListView):
    serializer_class = s.StreetSerializer
    ordering = ("code",)
    area_paths = {"district": "district__code", "street": "code"}

    def base_queryset(self) -> QuerySet[Street]:
        return district_selectors.streets(user=self.user)


@documented(s.CommunitySerializer(many=True), s.AreaQuery)
class CommunityList(ListView):
    serializer_class = s.CommunitySerializer
    ordering = ("code",)
    area_paths = {
        "district": "street__district__code",
        "street": "street__code",
        "community": "code",
    }

    def base_queryset(self) -> QuerySet[Community]:
        return district_selectors.community_list(user=self.user)


@documented(s.OfficialSerializer(many=True), s.AreaQuery)
class OfficialList(ListView):
    """Officials with their postings in the token's scope (a posting elsewhere is not
    shown)."""

    serializer_class = s.OfficialSerializer
    ordering = ("code",)

    def base_queryset(self) -> QuerySet[Official]:
        return district_selectors.official_list(user=self.user)

    def get_queryset(self) -> QuerySet[Any]:
        params = self.query(s.AreaQuery)
        qs = self.base_queryset()
        paths = {
            "district": "community__street__district__code",
            "street": "community__street__code",
            "community": "community__code",
        }
        for name, path in paths.items():
            if params.get(name):
                posted = district_selectors.postings(user=self.user).filter(**{path: params[name]})
                qs = qs.filter(pk__in=posted.values("official_id"))
        return qs


@documented(s.MeetingSerializer(many=True), s.PeriodQuery)
class MeetingList(ListView):
    """Review meetings with every official's votes, score and level (computed in SQL)."""

    serializer_class = s.MeetingSerializer
    query_serializer = s.PeriodQuery
    area_paths = {
        "district": "community__street__district__code",
        "street": "community__street__code",
        "community": "community__code",
    }
    period_paths = ("year", "quarter")

    def base_queryset(self) -> QuerySet[Meeting]:
        return evaluation_selectors.meetings_with_ratings(user=self.user)


@documented(s.GrievanceSerializer(many=True), s.PeriodQuery)
class GrievanceList(ListView):
    """Grievances by received date (year and quarter filter the received date)."""

    serializer_class = s.GrievanceSerializer
    query_serializer = s.PeriodQuery
    area_paths = {
        "district": "community__street__district__code",
        "street": "community__street__code",
        "community": "community__code",
    }
    period_paths = ("received_on__year", "")

    def base_queryset(self) -> QuerySet[Grievance]:
        return grievance_selectors.grievances(user=self.user)

    def get_queryset(self) -> QuerySet[Any]:
        qs = super().get_queryset()
        params = self.query(s.PeriodQuery)
        if params.get("quarter") is not None:
            qs = qs.filter(received_on__month__gte=3 * params["quarter"] - 2)
            qs = qs.filter(received_on__month__lte=3 * params["quarter"])
        return qs


@documented(s.SurveySerializer(many=True), s.PeriodQuery)
class SurveyList(ListView):
    serializer_class = s.SurveySerializer
    query_serializer = s.PeriodQuery
    area_paths = {"district": "street__district__code", "street": "street__code"}
    period_paths = ("year", "")

    def base_queryset(self) -> QuerySet[Survey]:
        return evaluation_selectors.surveys(user=self.user)  # respondents: the model's own


class Rankings(ApiView):
    """A year's ranking of districts, or of streets: exactly the rows of ``manage.py
    rankings YEAR --level ... --format json`` under ``results``. Without a token, the
    published rankings of that year (404 when not published); with one, computed now and
    limited to the token's scope for streets (every role that opens the ranking page sees
    the city's ranking of districts, as there). A department's token gets what a visitor
    gets: the published rankings only (``may_see_unpublished_rankings``)."""

    permission_classes = [AllowAny]

    @documented(s.RankingsSerializer, s.RankingQuery, public=True)
    def get(self, request: Request) -> Response:
        params = self.query(s.RankingQuery)
        year, level, district = params["year"], params["level"], params.get("district")
        published_at = None
        if may_see_unpublished_rankings(self.user):
            district_obj = None
            if district:
                district_obj = (
                    district_selectors.districts(user=self.user).filter(code=district).first()
                )
                if district_obj is None:
                    raise exceptions.NotFound("No such district in your scope.")
            user = self.user

            def serialized() -> dict[str, Any]:
                results = assess(year, level, district_obj)
                if level == "street":
                    mine = set(district_selectors.streets(user=user).values_list("pk", flat=True))
                    results = [r for r in results if r.pk in mine]
                data = {
                    "year": year,
                    "level": level,
                    "district": district,
                    "published_at": None,
                    "results": ranking_output.rows(results, level),
                }
                return dict(s.RankingsSerializer(data).data)

            # serialized once per data version and scope: 1,030 streets took ~100 ms
            return Response(
                dataversion.cached(
                    f"api_rankings:{year}:{level}:{district or ''}:{scope_of(user)}",
                    serialized,
                    topics=ranking_topics(year),
                )
            )
        else:
            publication = publication_selectors.current_rankings(year)
            if publication is None:
                raise exceptions.NotFound("The rankings of this year are not published.")
            published_at = publication.published_at
            if level == "district":
                rows = output_rows(publication.snapshot["districts"])
            else:
                rows = output_rows(
                    [
                        r
                        for r in publication.snapshot["streets"]
                        if not district or r["district_code"] == district
                    ]
                )
        data = {
            "year": year,
            "level": level,
            "district": district,
            "published_at": published_at,
            "results": rows,
        }
        return Response(s.RankingsSerializer(data).data)


class Figures(ApiView):
    """Grievance figures of the items received in a year (or one of its quarters), one row
    per area in code order; rates in percent, null when the denominator is 0."""

    permission_classes = [IsAuthenticated]

    @documented(s.FiguresSerializer, s.FiguresQuery)
    def get(self, request: Request) -> Response:
        params = self.query(s.FiguresQuery)
        year, quarter = params["year"], params.get("quarter")
        start = datetime.date(year, 1, 1) if quarter is None else quarter_bounds(year, quarter)[0]
        end = datetime.date(year, 12, 31) if quarter is None else quarter_bounds(year, quarter)[1]
        # the one computation of the figures page and the figures command, in the token's
        # scope; an area outside it is simply not found (no rows)
        district = street = None
        if code := params.get("district"):
            district = district_selectors.districts(user=self.user).filter(code=code).first()
        if code := params.get("street"):
            street = district_selectors.streets(user=self.user).filter(code=code).first()
        by = params["by"]
        rows: list[dict[str, Any]] = []
        if not (params.get("district") and district is None) and not (
            params.get("street") and street is None
        ):
            rows, _total, _level = grievance_selectors.figure_table(
                user=self.user,
                start=start,
                end=end,
                today=timezone.localdate(),
                district=district,
                street=street,
                by=by,
            )
        data = {"received_from": start, "received_to": end, "by": by, "results": rows}
        return Response(s.FiguresSerializer(data).data)


@documented(s.PublicationSerializer(many=True), s.PublicationQuery, public=True)
class PublicationList(ListView):
    """What is published now (no token needed): each subject's current publication."""

    authentication_classes: list[type[BaseAuthentication]] = []  # public: same for all
    permission_classes = [AllowAny]
    serializer_class = s.PublicationSerializer
    ordering = ("-pk",)

    def get_queryset(self) -> QuerySet[Any]:
        params = self.query(s.PublicationQuery)
        qs = publication_selectors.current().select_related("district")
        for name in ("kind", "year", "quarter"):
            if params.get(name) is not None:
                qs = qs.filter(**{name: params[name]})
        if params.get("district"):
            qs = qs.filter(district__code=params["district"])
        return qs


@documented(s.PublicationDetailSerializer, None, public=True)
class PublicationDetail(ApiView, generics.RetrieveAPIView[Publication]):
    """One current publication with what it published (``content``), as published."""

    authentication_classes: list[type[BaseAuthentication]] = []  # public: same for all
    permission_classes = [AllowAny]
    serializer_class = s.PublicationDetailSerializer

    def get_queryset(self) -> QuerySet[Publication]:
        return publication_selectors.current().select_related("district")


def not_found(request: HttpRequest) -> JsonResponse:
    """Any other address under /api/v1/: a problem, like every other API error."""
    return JsonResponse(
        problem(404, "No API operation at this address."), status=404, content_type=PROBLEM
    )
