from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import AnyYesNoSelect, OnePassSelect
from districts.filters import AreaChoiceFilter, filter_user
from districts.models import Community, District, Platform, Street
from districts.scoping import visible

from .models import Grievance
from .rules import figure_filters
from .selectors import problem_candidates_q, with_problem

STATUS_CHOICES = [
    ("open", _("open")),
    ("overdue", _("overdue")),
    ("due_soon", _("due soon")),
    ("escalated_district_open", _("escalated to the district, open")),
    ("escalated_city_open", _("escalated to the city, open")),
    ("problem_open", _("problem item escalated to the district, open")),
    ("unanswered", _("waiting for an answer")),
    ("proposed", _("answer proposed, to confirm")),
    ("sent_back", _("answer sent back to the department")),
    ("reopened", _("reopened, back with the department")),
    ("reopened_by_resident", _("reopened by the resident")),
    ("due_this_week", _("due this week")),
    ("resolved", _("resolved")),
    ("on_the_spot", _("handled on the spot")),
    ("afterwards", _("resolved afterwards")),
    ("referred", _("referred")),
    ("referred_resolved", _("referred and resolved")),
    ("referred_open", _("referred and still open")),
    ("escalated_district", _("escalated to the district")),
    ("escalated_city", _("escalated to the city")),
    ("satisfied_verdicts", _("answer satisfied or basically satisfied")),
    ("unaccounted", _("unaccounted")),
    ("answered", _("answered")),
    ("key_disputes", _("key disputes")),
    ("key_disputes_resolved", _("resolved key disputes")),
]


class GrievanceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search the summary"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=STATUS_CHOICES,
        method="by_status",
        widget=OnePassSelect,
    )
    district = AreaChoiceFilter(
        label=_("District"),
        field_name="community__street__district",
        queryset=lambda r: visible(filter_user(r), District.objects.all()),
    )
    street = AreaChoiceFilter(
        label=_("Street"),
        field_name="community__street",
        queryset=lambda r: visible(filter_user(r), Street.objects.all()),
    )
    community = AreaChoiceFilter(
        label=_("Community"), queryset=lambda r: visible(filter_user(r), Community.objects.all())
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Grievance.Kind.choices, widget=OnePassSelect
    )
    department = django_filters.ChoiceFilter(
        label=_("Department"),
        field_name="department__key",
        choices=Platform.choices,
        widget=OnePassSelect,
    )
    key_dispute = django_filters.BooleanFilter(label=_("Key dispute"), widget=AnyYesNoSelect)
    problem = django_filters.BooleanFilter(
        label=_("Problem item"), method="by_problem", widget=AnyYesNoSelect
    )
    received_from = django_filters.DateFilter(
        label=_("Received from"), field_name="received_on", lookup_expr="gte"
    )
    received_to = django_filters.DateFilter(
        label=_("Received until"), field_name="received_on", lookup_expr="lte"
    )

    class Meta:
        model = Grievance
        fields = [
            "q",
            "status",
            "district",
            "street",
            "community",
            "kind",
            "department",
            "key_dispute",
            "problem",
            "received_from",
            "received_to",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from districts.scoping import scope_of

        if scope_of(filter_user(self.request)).street_id:
            # street staff see one street: district and street choices would be empty noise
            del self.filters["district"]
            del self.filters["street"]

    def search(self, queryset: QuerySet[Grievance], name: str, value: str) -> QuerySet[Grievance]:
        return queryset.filter(Q(summary__icontains=value) | Q(reference__icontains=value))

    def by_problem(
        self, queryset: QuerySet[Grievance], name: str, value: bool | None
    ) -> QuerySet[Grievance]:
        """Sent back 3 times or reopened twice: the ``is_problem`` every list's rows carry
        (selectors.with_problem, the one rule), whether escalated yet or not."""
        if value is None:
            return queryset
        if "is_problem" not in queryset.query.annotations:
            queryset = with_problem(queryset)
        if value:  # the rule's counts on the items with a hand-back only
            queryset = queryset.filter(problem_candidates_q())
        return queryset.filter(**{"is_problem": value})  # an annotation: no field to type

    def by_status(
        self, queryset: QuerySet[Grievance], name: str, value: str
    ) -> QuerySet[Grievance]:
        return queryset.filter(figure_filters(timezone.localdate())[value])
