"""The API's promises (issue 20): the token user's promises (list and one), their figures
(DOMAIN.md "Promises" rule 4, the one computation of ``evaluations.promises.figures``),
and without a token the promises of the published quarters, as published (rule 5)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from rest_framework import generics
from rest_framework.authentication import BaseAuthentication
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from evaluations.models import Promise
from evaluations.promises import selectors as promise_selectors
from evaluations.promises.figures import figure_rows
from publication import selectors as publication_selectors
from publication.models import Publication

from . import promise_serializers as s
from .views import ApiView, ListView, documented

AREA_PATHS = {
    "district": "meeting__community__street__district__code",
    "street": "meeting__community__street__code",
    "community": "meeting__community__code",
}


def _promises(view: ApiView) -> QuerySet[Promise]:
    """The token user's promises, each with its state today."""
    return promise_selectors.promises(user=view.user).with_state(timezone.localdate())


@documented(s.PromiseSerializer(many=True), s.PromiseQuery)
class PromiseList(ListView):
    """Promises in the token's scope (department staff: their department's), with their
    state today; year and quarter are the meeting's that made them."""

    serializer_class = s.PromiseSerializer
    query_serializer = s.PromiseQuery
    area_paths = {**AREA_PATHS, "official": "official__code"}
    period_paths = ("meeting__year", "meeting__quarter")

    def base_queryset(self) -> QuerySet[Promise]:
        return _promises(self)


@documented(s.PromiseSerializer, None)
class PromiseDetail(ApiView, generics.RetrieveAPIView[Promise]):
    """One promise of the token's scope (404 outside it)."""

    permission_classes = [IsAuthenticated]
    serializer_class = s.PromiseSerializer

    def get_queryset(self) -> QuerySet[Promise]:
        return _promises(self)


class PromiseFigures(ApiView):
    """Made, judged, kept, not kept, overdue and the keeping rate per official or area of
    the token's scope, for a year or a quarter, one row per code in code order."""

    permission_classes = [IsAuthenticated]

    @documented(s.PromiseFiguresSerializer, s.PromiseFiguresQuery)
    def get(self, request: Request) -> Response:
        params = self.query(s.PromiseFiguresQuery)
        as_of = params.get("as_of") or timezone.localdate()
        rows = figure_rows(
            promise_selectors.promises(user=self.user),
            year=params["year"],
            quarter=params.get("quarter"),
            by=params["by"],
            as_of=as_of,
        )
        data = {
            "year": params["year"],
            "quarter": params.get("quarter"),
            "by": params["by"],
            "as_of": as_of,
            "results": list(rows),
        }
        return Response(s.PromiseFiguresSerializer(data).data)


@documented(s.PublishedQuarterPromisesSerializer(many=True), s.PublishedPromiseQuery, public=True)
class PublishedPromiseList(ListView):
    """No token needed: the promises made and the verdicts given at each community's
    meeting of every current quarter publication, as published (totals of the meeting)."""

    authentication_classes: list[type[BaseAuthentication]] = []  # public: same for all
    permission_classes = [AllowAny]
    serializer_class = s.PublishedQuarterPromisesSerializer
    ordering = ("-pk",)

    def get_queryset(self) -> QuerySet[Any]:
        params = self.query(s.PublishedPromiseQuery)
        qs = (
            publication_selectors.current()
            .filter(kind=Publication.Kind.QUARTER)
            .select_related("district")
        )
        for name in ("year", "quarter"):
            if params.get(name) is not None:
                qs = qs.filter(**{name: params[name]})
        if params.get("district"):
            qs = qs.filter(district__code=params["district"])
        return qs
