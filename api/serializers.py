"""What the API returns, and the query parameters it accepts (each checked: a bad value
is a 400 problem naming the parameter, never a 500)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from districts.models import Community, District, Official, Posting, Street
from evaluations.models import Meeting, Rating, Survey
from evaluations.selectors import rounded
from grievances.models import Grievance
from publication.models import Publication

CODE_PATTERN = r"^[A-Za-z0-9-]{1,32}$"


def code_field(help_text: str) -> serializers.RegexField:
    return serializers.RegexField(CODE_PATTERN, required=False, help_text=help_text)


class ProblemSerializer(serializers.Serializer[Any]):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = serializers.DictField(required=False)


# ---- query parameters -------------------------------------------------------------------


class AreaQuery(serializers.Serializer[Any]):
    district = code_field("A district's code: only its areas.")
    street = code_field("A street's code: only its areas.")
    community = code_field("A community's code.")


class PeriodQuery(AreaQuery):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(required=False, min_value=1, max_value=4)


class RankingQuery(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    level = serializers.ChoiceField(choices=["district", "street"])
    district = code_field("Street level only: the streets of this district.")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("district") and attrs["level"] != "street":
            raise serializers.ValidationError({"district": "district goes with level=street."})
        return attrs


class FiguresQuery(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(required=False, min_value=1, max_value=4)
    by = serializers.ChoiceField(choices=["district", "street", "community"], default="district")
    district = code_field("Only this district's items.")
    street = code_field("Only this street's items.")


class PublicationQuery(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=Publication.Kind.choices, required=False)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(required=False, min_value=1, max_value=4)
    district = code_field("Quarters of this district.")


# ---- rows -------------------------------------------------------------------------------


class TwoDecimals(serializers.DecimalField):
    """Half-up to 2 decimals, written as a JSON number (as ``manage.py rankings`` does)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_null", True)
        super().__init__(max_digits=12, decimal_places=2, coerce_to_string=False, **kwargs)

    def to_representation(self, value: Any) -> Any:
        if value is None:
            return None
        return rounded(Decimal(value))


class DistrictSerializer(serializers.ModelSerializer[District]):
    safety_threshold = TwoDecimals(read_only=True)

    class Meta:
        model = District
        fields = ["code", "name", "main_urban", "safety_threshold"]


class StreetSerializer(serializers.ModelSerializer[Street]):
    district = serializers.CharField(source="district.code", read_only=True)

    class Meta:
        model = Street
        fields = ["code", "name", "kind", "district"]


class CommunitySerializer(serializers.ModelSerializer[Community]):
    street = serializers.CharField(source="street.code", read_only=True)
    district = serializers.CharField(source="street.district.code", read_only=True)

    class Meta:
        model = Community
        fields = ["code", "name", "kind", "street", "district", "representatives"]


class PostingSerializer(serializers.ModelSerializer[Posting]):
    community = serializers.CharField(source="community.code", read_only=True)

    class Meta:
        model = Posting
        fields = ["community", "role", "organisation", "start_date", "end_date"]


class OfficialSerializer(serializers.ModelSerializer[Official]):
    postings = PostingSerializer(source="visible_postings", many=True, read_only=True)

    class Meta:
        model = Official
        fields = ["code", "name", "postings"]


class RatingSerializer(serializers.ModelSerializer[Rating]):
    official = serializers.CharField(source="official.code", read_only=True)
    official_name = serializers.CharField(source="official.name", read_only=True)
    votes = serializers.IntegerField(read_only=True)
    score = TwoDecimals(read_only=True)
    level = serializers.CharField(read_only=True, allow_null=True)
    counted_level = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = Rating
        fields = [
            "official",
            "official_name",
            "role",
            "very_satisfied",
            "satisfied",
            "basically_satisfied",
            "unsatisfied",
            "votes",
            "score",
            "level",
            "counted_level",
        ]


class MeetingSerializer(serializers.ModelSerializer[Meeting]):
    community = serializers.CharField(source="community.code", read_only=True)
    street = serializers.CharField(source="community.street.code", read_only=True)
    district = serializers.CharField(source="community.street.district.code", read_only=True)
    quorum = serializers.BooleanField(read_only=True)
    ratings = RatingSerializer(source="scored_ratings", many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "community",
            "street",
            "district",
            "year",
            "quarter",
            "held_on",
            "roll",
            "present",
            "quorum",
            "status",
            "ratings",
        ]


class GrievanceSerializer(serializers.ModelSerializer[Grievance]):
    community = serializers.CharField(source="community.code", read_only=True)
    department = serializers.CharField(source="department.key", read_only=True, allow_null=True)

    class Meta:
        model = Grievance
        fields = [
            "reference",
            "community",
            "source",
            "kind",
            "key_dispute",
            "summary",
            "received_on",
            "disposition",
            "department",
            "deadline",
            "resolved_on",
            "answered_on",
        ]


class SurveySerializer(serializers.ModelSerializer[Survey]):
    street = serializers.CharField(source="street.code", read_only=True)
    district = serializers.CharField(source="street.district.code", read_only=True)
    respondents = serializers.IntegerField(read_only=True)
    safety_index = TwoDecimals(read_only=True)

    class Meta:
        model = Survey
        fields = [
            "street",
            "district",
            "year",
            "safe",
            "fairly_safe",
            "not_very_safe",
            "unsafe",
            "respondents",
            "safety_index",
        ]


class RankingRowSerializer(serializers.Serializer[Any]):
    """One row of ``manage.py rankings --format json`` (rankings/output.py)."""

    rank = serializers.IntegerField(allow_null=True)
    main_urban_rank = serializers.IntegerField(allow_null=True)
    code = serializers.CharField()
    name = serializers.CharField()
    safety_index = TwoDecimals()
    satisfaction = TwoDecimals()
    grievance_resolution_rate = TwoDecimals()
    key_dispute_resolution_rate = TwoDecimals()
    composite = TwoDecimals()
    flags = serializers.CharField(allow_blank=True)


class RankingsSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    level = serializers.CharField()
    district = serializers.CharField(allow_null=True)
    published_at = serializers.DateTimeField(
        allow_null=True, help_text="When the rows were published (anonymous requests)."
    )
    results = RankingRowSerializer(many=True)


class FigureRowSerializer(serializers.Serializer[Any]):
    code = serializers.CharField()
    name = serializers.CharField()
    total = serializers.IntegerField()
    on_the_spot = serializers.IntegerField()
    afterwards = serializers.IntegerField()
    referred = serializers.IntegerField()
    referred_resolved = serializers.IntegerField()
    referred_open = serializers.IntegerField()
    unaccounted = serializers.IntegerField()
    overdue = serializers.IntegerField()
    escalated_district = serializers.IntegerField()
    escalated_city = serializers.IntegerField()
    resolved = serializers.IntegerField()
    answered = serializers.IntegerField()
    key_disputes = serializers.IntegerField()
    key_disputes_resolved = serializers.IntegerField()
    resolution_rate = TwoDecimals()
    answer_rate = TwoDecimals()
    answer_satisfaction = TwoDecimals()
    key_dispute_resolution_rate = TwoDecimals()


class FiguresSerializer(serializers.Serializer[Any]):
    received_from = serializers.DateField()
    received_to = serializers.DateField()
    by = serializers.CharField()
    results = FigureRowSerializer(many=True)


class PublicationSerializer(serializers.ModelSerializer[Publication]):
    district = serializers.CharField(source="district.code", read_only=True, allow_null=True)

    class Meta:
        model = Publication
        fields = [
            "id",
            "kind",
            "year",
            "quarter",
            "month",  # a month's departments' bulletin (kind "bulletin")
            "district",
            "published_at",
            "first_published_at",
            "corrected",
        ]


class PublicationDetailSerializer(PublicationSerializer):
    content = serializers.JSONField(source="snapshot", read_only=True)

    class Meta(PublicationSerializer.Meta):
        fields = [*PublicationSerializer.Meta.fields, "content"]
