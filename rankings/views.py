"""Ranking pages: the city's ranking of districts, a district's ranking of its streets, the
community league per quarter, safety surveys. The city ranking is public within the
government; drilling down is scoped like everything else."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from core.charts import bar_chart, line_chart
from core.export_safety import XLSX_CONTENT_TYPE, attachment
from core.forms import add_service_errors
from core.pagination import pagination
from districts.http import AuthenticatedHttpRequest
from districts.models import Community, District, Street, User
from districts.scoping import get_visible_or_404, may_set_ranking_inputs, visible
from evaluations import services
from evaluations.expressions import safety_index
from evaluations.models import Level, Meeting, Rating, Survey
from evaluations.selectors import policy_for_year, scored

from . import output as ranking_output
from .assessment import AreaResult, assess, community_league, results_of_year
from .flags import FLAG_LABEL, FLAG_TEXT
from .forms import SurveyForm
from .selectors import latest_year
from .tables import RankingTable, SurveyTable


def _year(request: HttpRequest) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return latest_year()
    return year if 2000 <= year <= 2100 else latest_year()


def _drill(result: AreaResult, year: int, level: str) -> dict[str, str]:
    """The lists each figure was computed from."""
    area = {level: result.code}
    period = {"received_from": f"{year}-01-01", "received_to": f"{year}-12-31"}
    return {
        "safety_index": reverse("rankings:survey_list")
        + "?"
        + urlencode({"year": str(year), **area}),
        "satisfaction": reverse("evaluations:rating_list")
        + "?"
        + urlencode({"year": str(year), "counted": "true", **area}),
        "grievance_resolution_rate": reverse("grievances:list")
        + "?"
        + urlencode({**period, **area}),
        "key_dispute_resolution_rate": reverse("grievances:list")
        + "?"
        + urlencode({"status": "key_disputes", **period, **area}),
    }


def _export(
    request: HttpRequest, results: list[AreaResult], level: str, name: str
) -> HttpResponse | None:
    """The page's download, for people: neutralised CSV or XLSX (``core.export_safety``)."""
    fmt = request.GET.get("_export")
    data = ranking_output.rows(results, level)
    if fmt == "csv":
        return attachment(
            ranking_output.to_csv_for_people(data),
            content_type="text/csv; charset=utf-8",
            filename=f"{name}.csv",
        )
    if fmt == "xlsx":
        return attachment(
            ranking_output.to_xlsx(data, name),
            content_type=XLSX_CONTENT_TYPE,
            filename=f"{name}.xlsx",
        )
    return None


def _table(
    request: HttpRequest, results: list[AreaResult], level: str, year: int, can_open: set[str]
) -> RankingTable:
    if level == "district":
        links = {
            r.code: reverse("rankings:district", args=[r.code]) + f"?year={year}" for r in results
        }
    else:
        links = {
            r.code: reverse("rankings:league")
            + "?"
            + urlencode({"year": str(year), "street": r.code})
            for r in results
        }
    table = RankingTable(
        results,
        level=level,
        drill={r.code: _drill(r, year, level) for r in results},
        can_open=can_open,
        flag_text=FLAG_TEXT,
        flag_label=FLAG_LABEL,
        links=links,
    )
    RequestConfig(request, paginate=False).configure(table)
    return table


def _years() -> range:
    return range(max(latest_year(), timezone.localdate().year), 2007, -1)


@login_required
def city_ranking(request: AuthenticatedHttpRequest) -> HttpResponse:
    year = _year(request)
    main_urban = request.GET.get("view") == "main_urban"
    results = assess(year, "district")
    if main_urban:
        results = sorted(
            [r for r in results if r.main_urban],
            key=lambda r: (r.main_urban_rank is None, r.main_urban_rank or 0, r.code),
        )
    export = _export(request, results, "district", f"districts-{year}")
    if export:
        return export
    own = set(visible(request.user, District.objects.all()).values_list("code", flat=True))
    return render(
        request,
        "rankings/ranking.html",
        {
            "year": year,
            "years": _years(),
            "results": results,
            "level": "district",
            "main_urban": main_urban,
            "table": _table(request, results, "district", year, own),
            "can_open": own,
            "flag_text": FLAG_TEXT,
            "flag_label": FLAG_LABEL,
            "policy": policy_for_year(year),
        },
    )


@login_required
def district_ranking(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    district = get_visible_or_404(request.user, District.objects.all(), code=code)
    year = _year(request)
    results = assess(year, "street", district)
    policy = policy_for_year(year)
    export = _export(request, results, "street", f"streets-{district.code}-{year}")
    if export:
        return export
    return render(
        request,
        "rankings/ranking.html",
        {
            "year": year,
            "years": _years(),
            "results": results,
            "level": "street",
            "district": district,
            "table": _table(request, results, "street", year, {r.code for r in results}),
            "can_open": {r.code for r in results},
            "flag_text": FLAG_TEXT,
            "flag_label": FLAG_LABEL,
            "policy": policy,
            "street_threshold": district.street_threshold(policy.city_safety_minimum),
            "chart": district_history_chart(district),
        },
    )


def district_history_chart(district: District) -> SafeString:
    """The district's composite and safety index over the last years, against the
    city minimum and its own threshold."""
    last = latest_year()
    years = list(range(last - 4, last + 1))
    composite, safety = [], []
    for year in years:
        # the figures only: the flags' look at the year before is not needed here
        mine = next((r for r in results_of_year(year) if r.pk == district.pk), None)
        composite.append(mine.composite if mine else None)
        safety.append(mine.safety_index if mine else None)
    while years and composite[0] is None and safety[0] is None:  # start at the first data
        years, composite, safety = years[1:], composite[1:], safety[1:]
    city_minimum = policy_for_year(last).city_safety_minimum
    lines = [(_("city minimum"), city_minimum)]
    street_threshold = district.street_threshold(city_minimum)
    if street_threshold != city_minimum:  # the streets' bar, where the district set it higher
        lines.append((_("district threshold"), street_threshold))
    return line_chart(
        labels=[str(y) for y in years],
        series=[(_("composite"), composite), (_("safety index"), safety)],
        lines=lines,
        low=60,
        high=100,
        title=_("%(district)s over the years") % {"district": district.name},
    )


@login_required
def league(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Communities ranked by their officials' mean counted score in a quarter."""
    year = _year(request)
    try:
        quarter = int(request.GET.get("quarter", "0"))
    except ValueError:
        quarter = 0
    if not 1 <= quarter <= 4:
        quarter = Meeting.objects.filter(year=year).aggregate(q=Max("quarter"))["q"] or 4
    communities = visible(request.user, Community.objects.select_related("street"))
    street = None
    if code := request.GET.get("street"):
        street = get_visible_or_404(request.user, Street.objects.all(), code=code)
        communities = communities.filter(street=street)
    rows = community_league(communities=communities, year=year, quarter=quarter)
    distribution = dict(
        scored(
            visible(request.user, Rating.objects.all()).filter(meeting__community__in=communities)
        )
        # a Q: the django-stubs plugin types every lookup on an annotation as its value
        .filter(Q(counted_level__isnull=False), meeting__year=year, meeting__quarter=quarter)
        .values_list("counted_level")
        .annotate(n=Count("pk"))
        .values_list("counted_level", "n")
    )
    colours = {
        "very_satisfied": "#1e7b34",
        "satisfied": "#5a9e6f",
        "basically_satisfied": "#d9a400",
        "unsatisfied": "#b3261e",
    }
    chart = bar_chart(
        bars=[
            (str(label), distribution.get(value, 0), colours[value])
            for value, label in Level.choices
        ],
        title=_("Levels in %(year)s Q%(quarter)s") % {"year": year, "quarter": quarter},
    )
    return render(
        request,
        "rankings/league.html",
        {
            "year": year,
            "quarter": quarter,
            "rows": rows,
            "street": street,
            "years": _years(),
            "chart": chart,
        },
    )


def may_enter_surveys(user: User | AnonymousUser) -> bool:
    """Surveys come from the city's sense-of-security survey: city-level roles record
    them, never the districts and streets they rank."""
    return may_set_ranking_inputs(user)


@login_required
def survey_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    from .filters import SurveyFilter

    qs = visible(request.user, Survey.objects.select_related("street", "street__district"))
    index, respondents = safety_index()
    qs = qs.annotate(respondents_total=respondents, index=index)
    survey_filter = SurveyFilter(request.GET, queryset=qs, request=request)
    table = SurveyTable(survey_filter.qs.order_by("street__code", "-year"))
    RequestConfig(request, paginate=pagination(100)).configure(table)
    return render(
        request,
        "rankings/survey_list.html",
        {"filter": survey_filter, "table": table, "can_add": may_enter_surveys(request.user)},
    )


@login_required
def survey_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_enter_surveys(request.user):
        raise PermissionDenied(
            _("Survey results rank the areas, so they are entered at city level only.")
        )
    form = SurveyForm(
        request.POST or None,
        streets=visible(request.user, Street.objects.all()),
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            outcome = services.survey_save(
                street_id=d["street"].pk,
                year=d["year"],
                user=request.user,
                counts={f: d[f] for f in ("safe", "fairly_safe", "not_very_safe", "unsafe")},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            texts = {
                "created": _("Survey recorded."),
                "updated": _("Survey updated."),
                "unchanged": _("Survey unchanged."),
            }
            messages.success(request, texts[outcome])
            return redirect(reverse("rankings:survey_list") + f"?year={d['year']}")
    return render(request, "rankings/survey_form.html", {"form": form})
