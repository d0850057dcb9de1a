"""The areas kind (districts/interchange/areas.py): `import_csv areas` / `export_csv areas`
exactly as DOMAIN.md specifies, on real files."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from core import interchange
from districts.models import Community, Department, District, Street

pytestmark = pytest.mark.django_db

HEADER = (
    "district_code,district_name,main_urban,safety_threshold,street_code,street_name,"
    "street_kind,community_code,community_name,community_kind,representatives"
)
GOOD = [
    "JB,江北区,yes,,JB-WLD,五里店街道,street,JB-WLD-01,五里店社区,community,42",
    "JB,江北区,yes,,JB-WLD,五里店街道,street,JB-WLD-02,万丰社区,community,38",
    "JLP,九龙坡区,yes,85,JLP-BSY,白市驿镇,town,JLP-BSY-01,白市驿村,village,30",
]


def write(tmp_path, lines, name="areas.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes("\n".join(lines).encode(encoding) + b"\n")
    return str(path)


def run_import(path, *extra):
    out = io.StringIO()
    call_command("import_csv", "areas", path, *extra, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def failed_import(path):
    err = io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command("import_csv", "areas", path, stdout=io.StringIO(), stderr=err)
    return err.getvalue(), str(excinfo.value)


def snapshot():
    return (
        list(District.objects.values_list("code", "name", "main_urban", "safety_threshold")),
        list(Street.objects.values_list("code", "name", "kind", "district__code")),
        list(Community.objects.values_list("code", "name", "representatives")),
    )


def export():
    out = io.StringIO()
    call_command("export_csv", "areas", stdout=out)
    return out.getvalue()


def test_an_areas_file_creates_districts_streets_and_communities(tmp_path):
    run_import(write(tmp_path, [HEADER, *GOOD]))
    assert District.objects.get(code="JLP").safety_threshold == 85
    assert Street.objects.get(code="JLP-BSY").kind == "town"
    assert Community.objects.get(code="JB-WLD-02").representatives == 38


def test_new_streets_and_communities_get_their_platform_departments(tmp_path):
    run_import(write(tmp_path, [HEADER, *GOOD]))
    assert Department.objects.filter(street__code="JB-WLD").count() == 6
    assert Department.objects.filter(community__code="JB-WLD-01").count() == 7


def test_a_utf8_bom_is_accepted(tmp_path):
    run_import(write(tmp_path, [HEADER, *GOOD], encoding="utf-8-sig"))
    assert Community.objects.count() == 3


def test_columns_may_come_in_any_order(tmp_path):
    columns = HEADER.split(",")
    rows = [dict(zip(columns, line.split(","), strict=True)) for line in GOOD]
    reordered = list(reversed(columns))
    lines = [",".join(reordered)] + [",".join(r[c] for c in reordered) for r in rows]
    run_import(write(tmp_path, lines))
    assert Community.objects.count() == 3


def test_importing_the_same_file_twice_changes_nothing_the_second_time(tmp_path):
    path = write(tmp_path, [HEADER, *GOOD])
    run_import(path)
    before = snapshot()
    history_before = Community.history.count()
    second = run_import(path)
    assert snapshot() == before
    assert Community.history.count() == history_before
    assert "0 created, 0 updated, 3 unchanged" in second


def test_a_changed_value_is_an_update_kept_in_the_history(tmp_path):
    run_import(write(tmp_path, [HEADER, *GOOD]))
    changed = [GOOD[0].replace(",42", ",45"), *GOOD[1:]]
    output = run_import(write(tmp_path, [HEADER, *changed], name="changed.csv"))
    community = Community.objects.get(code="JB-WLD-01")
    assert community.representatives == 45
    assert [h.representatives for h in community.history.all()] == [45, 42]
    assert "0 created, 1 updated, 2 unchanged" in output


def test_a_dry_run_reports_and_saves_nothing(tmp_path):
    output = run_import(write(tmp_path, [HEADER, *GOOD]), "--dry-run")
    assert "3 created" in output
    assert "Dry run" in output
    assert Community.objects.count() == 0


def test_export_then_import_into_an_empty_installation_then_export_gives_the_same_rows(
    tmp_path, django_db_blocker
):
    run_import(write(tmp_path, [HEADER, *GOOD]))
    Street.objects.create(district=District.objects.get(code="JB"), code="JB-EMPTY", name="空街道")
    first = export()
    exported = tmp_path / "exported.csv"
    exported.write_text(first, encoding="utf-8")
    Department.objects.all().delete()
    Community.objects.all().delete()
    Street.objects.all().delete()
    District.objects.all().delete()
    run_import(str(exported))
    assert export() == first
    assert "JB-EMPTY,空街道,street,,,," in first


def test_the_export_writes_the_header_and_one_row_per_community_in_code_order(tmp_path):
    run_import(write(tmp_path, [HEADER, *reversed(GOOD)]))
    lines = export().splitlines()
    assert lines[0] == HEADER
    assert lines[1:] == [
        GOOD[0],
        GOOD[1],
        GOOD[2].replace(",85,", ",85.00,"),
    ]


# ---- bad files: refused whole, every error with its row number, nothing changed ----------


def test_a_bad_file_lists_every_error_with_its_row_number_and_changes_nothing(tmp_path):
    run_import(write(tmp_path, [HEADER, GOOD[0]]))
    before = snapshot()
    bad = [
        HEADER,
        GOOD[1],
        "JB,江北区,yes,,JB-WLD,五里店街道,street,JB-WLD-02,重复社区,community,10",  # row 3
        "JB,江北区,yes,,,,street,JB-X-01,无街道社区,community,10",  # row 4
        "JB,江北区,yes,,JB-WLD,五里店街道,street,JB-WLD-09,负数社区,community,-3",  # row 5
    ]
    errors, summary = failed_import(write(tmp_path, bad, name="bad.csv"))
    assert "row 3, community_code: duplicate code JB-WLD-02: already on row 2." in errors
    assert "row 4, street_code: This field is required." in errors
    assert "row 4, street_name: This field is required." in errors
    assert "row 5, representatives: Ensure this value is greater than or equal to 0." in errors
    assert "nothing was imported" in summary
    assert snapshot() == before


def test_an_unknown_column_is_refused_by_name(tmp_path):
    errors, _ = failed_import(write(tmp_path, [HEADER + ",population", GOOD[0] + ",1000"]))
    assert errors.startswith("row 1, population: unknown column")


def test_a_missing_column_is_refused_by_name(tmp_path):
    header = HEADER.replace(",representatives", "")
    row = GOOD[0].rsplit(",", 1)[0]
    errors, _ = failed_import(write(tmp_path, [header, row]))
    assert "row 1, representatives: missing column." in errors


def test_a_file_that_is_not_utf8_is_refused_with_the_line_it_fails_on(tmp_path):
    path = write(tmp_path, [HEADER, *GOOD], encoding="gb18030")
    errors, _ = failed_import(path)
    assert errors.startswith("row 2: the file is not UTF-8")
    assert Community.objects.count() == 0


def test_a_row_with_too_many_fields_is_refused(tmp_path):
    errors, _ = failed_import(write(tmp_path, [HEADER, GOOD[0] + ",extra"]))
    assert "row 2: this row has 12 fields but the header has 11." in errors


def test_a_district_named_two_ways_in_one_file_is_refused(tmp_path):
    bad = [HEADER, GOOD[0], GOOD[1].replace("江北区", "江北县")]
    errors, _ = failed_import(write(tmp_path, bad))
    assert "row 3, district_name: differs from row 2 for the same district_code JB." in errors


def test_main_urban_must_be_yes_or_no(tmp_path):
    errors, _ = failed_import(write(tmp_path, [HEADER, GOOD[0].replace(",yes,", ",true,")]))
    assert "row 2, main_urban:" in errors


def test_a_community_given_without_its_representatives_is_refused(tmp_path):
    errors, _ = failed_import(write(tmp_path, [HEADER, GOOD[0].rsplit(",", 1)[0] + ","]))
    assert "row 2, representatives: required when a community is given on the row." in errors


def test_moving_a_community_to_another_street_by_import_is_refused(tmp_path):
    run_import(write(tmp_path, [HEADER, *GOOD]))
    moved = GOOD[2].replace("JLP-BSY-01", "JB-WLD-01")
    errors, _ = failed_import(write(tmp_path, [HEADER, moved], name="moved.csv"))
    assert "row 2, street_code: community JB-WLD-01 belongs to street JB-WLD" in errors


def test_an_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    errors, _ = failed_import(str(path))
    assert "file: the file is empty." in errors


def test_an_unknown_kind_is_refused_by_the_command(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_csv", "planets", write(tmp_path, [HEADER]))


def test_a_row_with_a_field_error_is_still_checked_against_the_others(tmp_path):
    bad = [
        HEADER,
        "JB,江北区,yes,,JB-WLD,五里店街道,street,JB-WLD-01,五里店社区,community,-1",  # row 2
        "JB,江北区,yes,,JB-WLD,五里店街道,street,JB-WLD-01,重复社区,community,10",  # row 3
    ]
    errors, _ = failed_import(write(tmp_path, bad))
    assert "row 2, representatives: Ensure this value is greater than or equal to 0." in errors
    assert "row 3, community_code: duplicate code JB-WLD-01: already on row 2." in errors


# ---- the areas import ------------------------------------------------------------------


def import_areas(user, *rows):
    data = ("\n".join([HEADER, *rows]) + "\n").encode()
    return interchange.run_import("areas", data, user=user)


def refused(user, *rows):
    with pytest.raises(interchange.ImportFailed) as failed:
        import_areas(user, *rows)
    return [str(e) for e in failed.value.errors]


@pytest.mark.parametrize(
    ("row", "column"),
    [
        ("DA,甲区,no,,DA-1,甲一街道,street,,,,", "main_urban"),
        ("DA,甲区,yes,85,DA-1,甲一街道,street,,,,", "safety_threshold"),
    ],
)
def test_a_district_administrators_import_cannot_change_a_ranking_input(admin_a, city, row, column):
    errors = refused(admin_a, row)
    assert len(errors) == 1
    assert errors[0].startswith(f"row 2, {column}: ")
    assert "city" in errors[0]
    district = District.objects.get(pk=city.district_a.pk)
    assert (district.main_urban, district.safety_threshold) == (True, None)


def test_a_district_administrators_import_changes_the_other_fields(admin_a, city):
    import_areas(admin_a, "DA,甲区,yes,,DA-1,甲一街道新,town,,,,")
    street = Street.objects.get(pk=city.street_a1.pk)
    assert (street.name, street.kind) == ("甲一街道新", "town")
    assert street.history.first().history_user == admin_a


def test_a_city_administrators_import_sets_a_threshold(admin_city, city):
    import_areas(admin_city, "DA,甲区,yes,85,DA-1,甲一街道,street,,,,")
    district = District.objects.get(pk=city.district_a.pk)
    assert district.safety_threshold == Decimal("85.00")
    assert district.history.first().history_user == admin_city


def test_representatives_past_the_integer_column_are_refused_by_the_import(tmp_path):
    path = tmp_path / "areas.csv"
    path.write_text(
        f"{HEADER}\nDC,丙区,no,,DC-1,丙一街道,street,DC-1-01,丙社区,community,99999999999\n",
        encoding="utf-8",
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_csv", "areas", str(path), stdout=io.StringIO(), stderr=err)
    assert (
        "row 2, representatives: Ensure this value is less than or equal to 2147483647."
        in err.getvalue()
    )
