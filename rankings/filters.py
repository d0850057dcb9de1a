"""Filters of the safety survey list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from districts.filters import AreaChoiceFilter, filter_user
from districts.models import District
from districts.scoping import visible
from evaluations.filters import visible_streets
from evaluations.models import Survey


class SurveyFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    district = AreaChoiceFilter(
        label=_("District"),
        field_name="street__district",
        queryset=lambda r: visible(filter_user(r), District.objects.all()),
    )
    street = AreaChoiceFilter(label=_("Street"), queryset=visible_streets)

    class Meta:
        model = Survey
        fields = ["year", "district", "street"]
