import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Community, District, Street


class DistrictTable(tables.Table):
    code = tables.Column(linkify=("districts:district", {"code": tables.A("code")}))
    name = tables.Column(linkify=("districts:district", {"code": tables.A("code")}))
    main_urban = tables.BooleanColumn(verbose_name=_("Main urban"))
    safety_threshold = tables.Column(verbose_name=_("Street threshold"), default="—")
    street_count = tables.Column(verbose_name=_("Streets"), attrs={"td": {"class": "num"}})
    community_count = tables.Column(verbose_name=_("Communities"), attrs={"td": {"class": "num"}})
    representative_total = tables.Column(
        verbose_name=_("Representatives"), attrs={"td": {"class": "num"}}
    )

    class Meta:
        model = District
        fields = ("code", "name", "main_urban", "safety_threshold")
        order_by = "code"


class StreetTable(tables.Table):
    code = tables.Column(linkify=("districts:street", {"code": tables.A("code")}))
    name = tables.Column(linkify=("districts:street", {"code": tables.A("code")}))
    district = tables.Column(
        verbose_name=_("District"),
        accessor="district__name",
        order_by=("district__code",),
        linkify=("districts:district", {"code": tables.A("district__code")}),
    )
    community_count = tables.Column(verbose_name=_("Communities"), attrs={"td": {"class": "num"}})
    representative_total = tables.Column(
        verbose_name=_("Representatives"), attrs={"td": {"class": "num"}}
    )

    class Meta:
        model = Street
        fields = ("code", "name", "kind", "district")
        order_by = "code"


class CommunityTable(tables.Table):
    code = tables.Column(linkify=("districts:community", {"code": tables.A("code")}))
    name = tables.Column(linkify=("districts:community", {"code": tables.A("code")}))
    street = tables.Column(
        verbose_name=_("Street"), accessor="street__name", order_by=("street__code",)
    )
    roll = tables.Column(
        verbose_name=_("Representatives"), orderable=True, attrs={"td": {"class": "num"}}
    )

    class Meta:
        model = Community
        fields = ("code", "name", "kind", "street", "roll")
        order_by = "code"
