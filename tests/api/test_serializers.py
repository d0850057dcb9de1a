"""api/serializers.py: the query parameters the API accepts (a bad one is an error naming
it) and the rows it writes (areas by code, figures half-up to 2 decimals as JSON numbers).

Rows are real rows of the two-district city (tests/fixtures/city.py), annotated the way the
API's lists annotate them."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Prefetch
from rest_framework.renderers import JSONRenderer

from api import serializers as s
from districts.models import Official, Posting
from evaluations import services as review_services
from evaluations.expressions import meeting_quorum
from evaluations.models import Meeting, Rating
from evaluations.selectors import scored
from publication.services import publish_quarter_of
from tests import factories

pytestmark = pytest.mark.django_db


def errors(serializer_class, data):
    serializer = serializer_class(data=data)
    serializer.is_valid()
    return serializer.errors


# ---- query parameters -----------------------------------------------------------------------


def test_area_codes_of_letters_digits_and_dashes_are_accepted():
    assert errors(s.AreaQuery, {"district": "DA", "street": "DA-1", "community": "DA-1-0"}) == {}


def test_an_area_code_with_any_other_character_is_refused_naming_the_parameter():
    assert set(errors(s.AreaQuery, {"street": "DA 1", "community": "DA-1-0'"})) == {
        "street",
        "community",
    }


def test_an_area_code_longer_than_32_characters_is_refused():
    assert set(errors(s.AreaQuery, {"district": "D" * 33})) == {"district"}
    assert errors(s.AreaQuery, {"district": "D" * 32}) == {}


def test_every_area_and_period_parameter_is_optional():
    assert errors(s.PeriodQuery, {}) == {}


def test_a_year_outside_2000_to_2100_is_refused():
    assert set(errors(s.PeriodQuery, {"year": 1999})) == {"year"}
    assert set(errors(s.PeriodQuery, {"year": 2101})) == {"year"}
    assert errors(s.PeriodQuery, {"year": 2000}) == {}


def test_a_quarter_outside_one_to_four_is_refused():
    assert set(errors(s.PeriodQuery, {"quarter": 0})) == {"quarter"}
    assert set(errors(s.PeriodQuery, {"quarter": 5})) == {"quarter"}


def test_a_year_that_is_not_a_number_is_refused():
    assert set(errors(s.PeriodQuery, {"year": "²⁰⁰⁹"})) == {"year"}


def test_a_ranking_needs_a_year_and_a_level():
    assert set(errors(s.RankingQuery, {})) == {"year", "level"}


def test_a_ranking_level_is_district_or_street():
    assert set(errors(s.RankingQuery, {"year": 2009, "level": "community"})) == {"level"}


def test_a_district_goes_with_the_street_level_only():
    refused = errors(s.RankingQuery, {"year": 2009, "level": "district", "district": "DA"})
    assert refused == {"district": ["district goes with level=street."]}
    assert errors(s.RankingQuery, {"year": 2009, "level": "street", "district": "DA"}) == {}


def test_figures_are_by_district_unless_asked_otherwise():
    query = s.FiguresQuery(data={"year": 2009})
    assert query.is_valid()
    assert query.validated_data["by"] == "district"


def test_figures_by_anything_but_district_street_or_community_are_refused():
    assert set(errors(s.FiguresQuery, {"year": 2009, "by": "official"})) == {"by"}


def test_a_publication_kind_is_a_quarter_or_the_rankings():
    assert errors(s.PublicationQuery, {"kind": "quarter"}) == {}
    assert errors(s.PublicationQuery, {"kind": "rankings"}) == {}
    assert set(errors(s.PublicationQuery, {"kind": "drafts"})) == {"kind"}


def test_a_problem_may_leave_out_its_errors():
    problem = {"type": "about:blank", "title": "Bad request", "status": 400, "detail": "year"}
    assert errors(s.ProblemSerializer, problem) == {}


# ---- figures ------------------------------------------------------------------------------


def test_a_figure_is_written_half_up_to_two_decimals_as_a_json_number():
    figure = s.TwoDecimals().to_representation(Decimal("74.445"))
    assert figure == Decimal("74.45")
    assert JSONRenderer().render({"figure": figure}) == b'{"figure":74.45}'


def test_a_missing_figure_is_written_as_null():
    field = s.TwoDecimals()
    assert field.allow_null is True
    assert field.to_representation(None) is None


# ---- areas and officials --------------------------------------------------------------------


def test_a_district_is_written_with_its_code_name_main_urban_flag_and_threshold(city):
    city.district_a.safety_threshold = Decimal("85.5")
    assert s.DistrictSerializer(city.district_a).data == {
        "code": "DA",
        "name": "甲区",
        "main_urban": True,
        "safety_threshold": Decimal("85.50"),
    }


def test_a_street_names_its_district_by_code(city):
    data = s.StreetSerializer(city.street_b1).data
    assert (data["code"], data["name"], data["district"]) == ("DB-1", "乙一街道", "DB")


def test_a_community_names_its_street_and_district_by_code_with_its_roll(city):
    data = s.CommunitySerializer(city.a2[1]).data
    assert (data["code"], data["street"], data["district"], data["representatives"]) == (
        "DA-2-1",
        "DA-2",
        "DA",
        21,
    )


def test_an_official_lists_only_the_postings_it_was_given_as_visible(city):
    official = factories.OfficialFactory(code="P1", name="张警官")
    factories.PostingFactory(official=official, community=city.a1[0], role="police")
    factories.PostingFactory(official=official, community=city.b1[0], role="police")
    in_a1 = Posting.objects.filter(community__street=city.street_a1).select_related("community")
    official = Official.objects.prefetch_related(
        Prefetch("postings", queryset=in_a1, to_attr="visible_postings")
    ).get(pk=official.pk)
    assert s.OfficialSerializer(official).data == {
        "code": "P1",
        "name": "张警官",
        "postings": [
            {
                "community": "DA-1-0",
                "role": "police",
                "organisation": "派出所",
                "start_date": "2008-01-01",
                "end_date": None,
            }
        ],
    }


# ---- reviews, grievances, surveys -----------------------------------------------------------


def test_a_meeting_is_written_with_its_areas_its_quorum_and_each_officials_figures(city):
    official = factories.PostingFactory(
        community=city.a1[0], official=factories.OfficialFactory(code="P1", name="张警官")
    ).official
    review_services.meeting_save(
        community=city.a1[0],
        year=2009,
        quarter=1,
        held_on=datetime.date(2009, 3, 1),
        present=8,
        tallies=[review_services.Tally(official.pk, 5, 2, 1, 0)],
        submit=True,
    )
    ratings = scored(Rating.objects.select_related("official"))
    meeting = (
        Meeting.objects.select_related("community__street__district")
        .annotate(quorum=meeting_quorum())
        .prefetch_related(Prefetch("ratings", queryset=ratings, to_attr="scored_ratings"))
        .get()
    )
    data = s.MeetingSerializer(meeting).data
    assert {k: data[k] for k in ("community", "street", "district", "roll", "present")} == {
        "community": "DA-1-0",
        "street": "DA-1",
        "district": "DA",
        "roll": 10,
        "present": 8,
    }
    assert (data["quorum"], data["status"]) == (True, "submitted")
    assert data["ratings"] == [
        {
            "official": "P1",
            "official_name": "张警官",
            "role": "police",
            "very_satisfied": 5,
            "satisfied": 2,
            "basically_satisfied": 1,
            "unsatisfied": 0,
            "votes": 8,
            "score": Decimal("90.00"),  # (5 x 100 + 2 x 80 + 1 x 60) / 8 = 720 / 8
            "level": "very_satisfied",
            "counted_level": "very_satisfied",
        }
    ]


def test_a_grievance_names_its_community_by_code_and_its_department_by_key(city):
    police = factories.DepartmentFactory(street=city.street_a1, key="police")
    referred = factories.GrievanceFactory(
        community=city.a1[0],
        reference="DA-2009-0001",
        disposition="referred",
        department=police,
        deadline=datetime.date(2009, 3, 20),
    )
    data = s.GrievanceSerializer(referred).data
    assert (data["reference"], data["community"], data["department"]) == (
        "DA-2009-0001",
        "DA-1-0",
        "police",
    )
    assert (data["received_on"], data["deadline"]) == ("2009-03-01", "2009-03-20")


def test_a_grievance_not_referred_has_no_department(city):
    assert (
        s.GrievanceSerializer(factories.GrievanceFactory(community=city.a1[0])).data["department"]
        is None
    )


def test_a_survey_is_written_with_its_respondents_and_its_index_half_up(city):
    survey = s.SurveySerializer.Meta.model.objects.create(
        street=city.street_a1, year=2009, safe=61, fairly_safe=30, not_very_safe=6, unsafe=4
    )
    survey.safety_index = Decimal(9100) / Decimal(101)  # (61 + 30) x 100 / 101 = 90.0990...
    data = s.SurveySerializer(survey).data
    assert (data["street"], data["district"], data["year"]) == ("DA-1", "DA", 2009)
    assert (data["respondents"], data["safety_index"]) == (101, Decimal("90.10"))


# ---- rankings and publications --------------------------------------------------------------


def test_a_ranking_row_is_written_as_the_commands_json_row():
    row = {
        "rank": 1,
        "main_urban_rank": None,
        "code": "DA",
        "name": "甲区",
        "safety_index": Decimal("90.0990"),
        "satisfaction": Decimal("87.125"),
        "grievance_resolution_rate": None,
        "key_dispute_resolution_rate": Decimal("100"),
        "composite": Decimal("89.995"),
        "flags": "",
    }
    assert (
        JSONRenderer().render(s.RankingRowSerializer(row).data)
        == (
            '{"rank":1,"main_urban_rank":null,"code":"DA","name":"甲区","safety_index":90.1,'
            '"satisfaction":87.13,"grievance_resolution_rate":null,'
            '"key_dispute_resolution_rate":100.0,"composite":90.0,"flags":""}'
        ).encode()
    )


def test_a_publications_detail_adds_its_snapshot_as_content_and_its_summary_does_not(
    city, area_a, official_a
):
    publication = publish_quarter_of(
        district=city.district_a, year=2009, quarter=1, user=official_a
    )
    summary = s.PublicationSerializer(publication).data
    assert (summary["kind"], summary["year"], summary["quarter"], summary["district"]) == (
        "quarter",
        2009,
        1,
        "DA",
    )
    assert "content" not in summary
    detail = s.PublicationDetailSerializer(publication).data
    assert detail["content"] == publication.snapshot
    assert {k: v for k, v in detail.items() if k != "content"} == summary
