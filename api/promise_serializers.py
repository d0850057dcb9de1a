"""What the API's promises return, and the parameters they accept (issue 20; the rest
of the API's are in :mod:`.serializers`)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from evaluations.models import Promise
from publication.models import Publication

from .serializers import PeriodQuery, TwoDecimals, code_field


class PromiseQuery(PeriodQuery):
    official = code_field("An official's code: the promises they own.")


class PromiseFiguresQuery(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(required=False, min_value=1, max_value=4)
    by = serializers.ChoiceField(
        choices=["official", "community", "street", "district"], default="community"
    )
    as_of = serializers.DateField(
        required=False, help_text="The day overdue is counted on (default: today)."
    )


class PublishedPromiseQuery(serializers.Serializer[Any]):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(required=False, min_value=1, max_value=4)
    district = code_field("Quarters of this district.")


class PromiseSerializer(serializers.ModelSerializer[Promise]):
    """A promise with its owner, due date, report and verdict (the meeting's totals)."""

    meeting = serializers.IntegerField(source="meeting_id", read_only=True)
    community = serializers.CharField(source="meeting.community.code", read_only=True)
    year = serializers.IntegerField(source="meeting.year", read_only=True)
    quarter = serializers.IntegerField(source="meeting.quarter", read_only=True)
    official = serializers.CharField(source="official.code", read_only=True, allow_null=True)
    official_name = serializers.CharField(source="official.name", read_only=True, allow_null=True)
    department = serializers.CharField(source="department.key", read_only=True, allow_null=True)
    state = serializers.ChoiceField(
        choices=["pending", "overdue", "kept", "not_kept"], read_only=True
    )
    judged_at = serializers.IntegerField(source="judged_at_id", read_only=True, allow_null=True)
    renews = serializers.IntegerField(source="renews_id", read_only=True, allow_null=True)

    class Meta:
        model = Promise
        fields = [
            "id",
            "meeting",
            "community",
            "year",
            "quarter",
            "number",
            "official",
            "official_name",
            "department",
            "text",
            "due_on",
            "done_on",
            "done_text",
            "state",
            "judged_at",
            "kept_votes",
            "not_kept_votes",
            "renews",
        ]


class PromiseFigureRowSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    made = serializers.IntegerField()
    judged = serializers.IntegerField()
    kept = serializers.IntegerField()
    not_kept = serializers.IntegerField()
    overdue = serializers.IntegerField()
    keeping_rate = TwoDecimals(help_text="kept x 100 / judged; null when nothing was judged")


class PromiseFiguresSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    quarter = serializers.IntegerField(allow_null=True)
    by = serializers.CharField()
    as_of = serializers.DateField()
    results = PromiseFigureRowSerializer(many=True)


class PublishedOwnerSerializer(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=["official", "department"])
    name = serializers.CharField()
    role = serializers.CharField(allow_blank=True)


class PublishedPromiseSerializer(serializers.Serializer[Any]):
    number = serializers.IntegerField()
    owner = PublishedOwnerSerializer()
    text = serializers.CharField()
    due_on = serializers.DateField()


class PublishedVerdictSerializer(serializers.Serializer[Any]):
    made_in = serializers.CharField()
    number = serializers.IntegerField()
    owner = PublishedOwnerSerializer()
    text = serializers.CharField()
    kept = serializers.BooleanField()
    kept_votes = serializers.IntegerField(help_text="The meeting's total, not anyone's vote.")
    not_kept_votes = serializers.IntegerField(help_text="The meeting's total.")


class PublishedCommunityPromisesSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    street = serializers.CharField()
    promises = PublishedPromiseSerializer(many=True)
    verdicts = PublishedVerdictSerializer(many=True)


class PublishedQuarterPromisesSerializer(serializers.Serializer[Any]):
    """The promises of one current quarter publication, as published (its snapshot)."""

    publication = serializers.IntegerField(source="pk")
    district = serializers.CharField(source="district.code", allow_null=True)
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    communities = serializers.SerializerMethodField()

    @extend_schema_field(PublishedCommunityPromisesSerializer(many=True))
    def get_communities(self, publication: Publication) -> list[dict[str, Any]]:
        rows = []
        for c in publication.snapshot.get("communities", []):
            meeting = c.get("meeting") or {}
            if meeting.get("promises") or meeting.get("verdicts"):
                rows.append(
                    {
                        "code": c["code"],
                        "name": c["name"],
                        "street": c["street_code"],
                        "promises": meeting.get("promises", []),
                        "verdicts": meeting.get("verdicts", []),
                    }
                )
        return list(PublishedCommunityPromisesSerializer(rows, many=True).data)
