"""tools/scale.py and ``seed_demo --scale``: a generated city, the same for the same
seed, imported through the set-based imports (tests use the tiny size only)."""

import io

import pytest
from django.core.management import call_command

from districts.models import Community, District, Official, Street, User
from evaluations.models import Meeting, Rating, Recommendation, Survey
from grievances.models import Grievance
from tools.scale import SIZES, City, write_files


def test_the_city_size_has_chongqings_districts_streets_and_communities():
    city = City(SIZES["city"])
    assert (len(city.districts), len(city.streets), len(city.communities)) == (38, 1030, 11_000)


def test_the_same_seed_writes_the_same_files_and_another_seed_other_ones(tmp_path):
    first = write_files(City(SIZES["tiny"], seed=3), tmp_path / "a", first_year=2009, years=2)
    again = write_files(City(SIZES["tiny"], seed=3), tmp_path / "b", first_year=2009, years=2)
    other = write_files(City(SIZES["tiny"], seed=4), tmp_path / "c", first_year=2009, years=2)
    for kind in first:
        assert first[kind].read_bytes() == again[kind].read_bytes(), kind
    assert first["reviews"].read_bytes() != other["reviews"].read_bytes()


@pytest.mark.django_db
def test_seed_demo_scale_imports_the_generated_city_and_its_logins(tmp_path):
    out = io.StringIO()
    call_command(
        "seed_demo",
        "--scale",
        "tiny",
        "--years",
        "2",
        "--folder",
        str(tmp_path),
        stdout=out,
        stderr=io.StringIO(),
    )
    tiny = SIZES["tiny"]
    assert (District.objects.count(), Street.objects.count(), Community.objects.count()) == (
        tiny.districts,
        tiny.streets,
        tiny.communities,
    )
    assert Official.objects.count() == 3 * tiny.communities
    assert Meeting.objects.filter(status="submitted").count() == tiny.communities * 4 * 2
    assert Rating.objects.count() == 3 * Meeting.objects.count()
    assert Survey.objects.count() == tiny.streets * 2
    assert Grievance.objects.count() == tiny.grievances
    assert Recommendation.objects.exists()  # the badly rated officials' streaks
    assert set(User.objects.values_list("username", flat=True)) >= {
        "scale-street",
        "scale-district",
        "scale-city",
    }
