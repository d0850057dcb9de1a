"""The grievances kind (grievances/interchange.py): import_csv / export_csv grievances, per
DOMAIN.md, on real files."""

import io

import pytest
from django.core.management import CommandError, call_command

from core import interchange
from districts.services import platform_create
from grievances.interchange import GrievancesKind
from grievances.models import FollowUp, Grievance, ReferenceCounter
from tests.grievances.helpers import import_references, intake

pytestmark = pytest.mark.django_db

HEADER = (
    "reference,community_code,received_on,kind,key_dispute,summary,disposition,"
    "department,deadline,resolved_on,answered_on"
)
ROWS = [
    "A-2009-0001,DA-1-0,2009-03-01,complaint,no,夜间噪音,on_the_spot,,,2009-03-01,2009-03-01",
    "A-2009-0002,DA-1-0,2009-03-02,dispute,yes,漏水纠纷,referred,mediation,2009-04-01,,",
    "A-2009-0003,DA-1-1,2009-03-03,opinion,no,增设路灯,referred,police,2009-04-01,2009-03-20,",
    "A-2009-0004,DA-1-1,2009-03-04,opinion,no,规范停车,,,,,",
]


@pytest.fixture
def platforms(city):
    platform_create(streets=[city.street_a1], communities=city.a1)


def write(tmp_path, lines, name="g.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def do_import(path):
    out = io.StringIO()
    call_command("import_csv", "grievances", path, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def refused(path):
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_csv", "grievances", path, stdout=io.StringIO(), stderr=err)
    return err.getvalue()


def export():
    out = io.StringIO()
    call_command("export_csv", "grievances", stdout=out)
    return out.getvalue()


def test_grievances_are_imported_with_their_departments_at_the_right_level(platforms, tmp_path):
    do_import(write(tmp_path, [HEADER, *ROWS]))
    mediation = Grievance.objects.get(reference="A-2009-0002").department
    police = Grievance.objects.get(reference="A-2009-0003").department
    assert (mediation.community.code, police.street.code) == ("DA-1-0", "DA-1")


def test_export_then_import_into_an_empty_installation_then_export_gives_the_same_rows(
    platforms, tmp_path
):
    do_import(write(tmp_path, [HEADER, *ROWS]))
    first = export()
    assert first.splitlines() == [HEADER, *ROWS]
    Grievance.objects.all().delete()
    do_import(write(tmp_path, first.splitlines(), name="again.csv"))
    assert export() == first


def test_importing_the_same_file_twice_changes_nothing(platforms, tmp_path):
    path = write(tmp_path, [HEADER, *ROWS])
    do_import(path)
    history = Grievance.history.count()
    assert "0 created, 0 updated, 4 unchanged" in do_import(path)
    assert Grievance.history.count() == history


def test_a_changed_value_is_an_update_kept_in_the_history(platforms, tmp_path):
    do_import(write(tmp_path, [HEADER, *ROWS]))
    changed = [HEADER, *ROWS[:3], ROWS[3].replace(",,,,,", ",,,,,2009-03-09")]
    do_import(write(tmp_path, changed, name="changed.csv"))
    grievance = Grievance.objects.get(reference="A-2009-0004")
    assert [str(h.answered_on) for h in grievance.history.all()] == ["2009-03-09", "None"]


def test_a_bad_grievances_file_is_refused_whole_with_row_numbers(platforms, tmp_path):
    bad = [
        HEADER,
        ROWS[0],
        "A-2009-0005,DA-1-0,2009-03-01,complaint,no,x,referred,,,,",  # row 3
        "A-2009-0006,DA-1-0,2009-03-05,complaint,no,x,on_the_spot,,,2009-03-06,",  # row 4
        "A-2009-0007,DA-1-0,2009-03-05,rumour,maybe,x,,,,,",  # row 5
        "A-2009-0001,DA-1-0,2009-03-01,complaint,no,x,,,,,",  # row 6 duplicate
        "A-2009-0008,DA-1-0,2009-03-05,opinion,no,x,,,,,2009-03-01",  # row 7 answered before
        "A-2009-0009,ZZ,2009-03-05,opinion,no,x,,,,,",  # row 8
    ]
    errors = refused(write(tmp_path, bad))
    for expected in [
        "row 3, department: A referral needs the responsible department.",
        "row 3, deadline: A referral needs a deadline.",
        "row 4, resolved_on: Handled on the spot means resolved the day it was received",
        "row 5, kind: Select a valid choice.",
        "row 5, key_dispute: Select a valid choice.",
        "row 8, community_code: unknown community ZZ.",
        "row 6, reference: duplicate reference A-2009-0001: already on row 2.",
        "row 7, answered_on: This date is before the date received (2009-03-05).",
    ]:
        assert expected in errors, expected
    assert not Grievance.objects.exists()


def test_an_unknown_community_is_reported_even_on_a_row_with_other_errors(platforms, tmp_path):
    errors = refused(write(tmp_path, [HEADER, "A-2009-0007,ZZ,2009-03-05,rumour,no,x,,,,,"]))
    assert "row 2, kind: Select a valid choice." in errors
    assert "row 2, community_code: unknown community ZZ." in errors


def csv_bytes(rows):
    return ("\n".join([HEADER, *rows]) + "\n").encode()


@pytest.fixture
def small_batches(monkeypatch, platforms):
    """Batches of three rows, so a handful of rows crosses batch boundaries: the same
    outcome as in one go."""
    monkeypatch.setattr(GrievancesKind, "batch_size", 3)


def test_rows_across_batches_are_created_updated_or_left_as_each_needs(small_batches):
    interchange.run_import("grievances", csv_bytes(ROWS[:2]))
    extra = [f"A-2009-{n:04d},DA-1-{n % 3},2009-03-05,opinion,no,意见{n},,,,," for n in range(5, 9)]
    changed = ROWS[0].replace("夜间噪音", "夜间噪音扰民")
    report = interchange.run_import("grievances", csv_bytes([changed, ROWS[1], *ROWS[2:], *extra]))
    assert (report.created["grievances"], report.updated["grievances"]) == (6, 1)
    assert report.unchanged["grievances"] == 1
    assert Grievance.objects.count() == 8
    assert FollowUp.objects.filter(kind=FollowUp.Kind.RECEIVED).count() == 8
    assert FollowUp.objects.filter(kind=FollowUp.Kind.CORRECTED).count() == 1
    assert Grievance.history.count() == 8 + 1


def test_a_dry_run_across_batches_saves_nothing(small_batches):
    report = interchange.run_import("grievances", csv_bytes(ROWS), dry_run=True)
    assert report.created["grievances"] == 4
    assert not Grievance.objects.exists()
    assert not FollowUp.objects.exists()


def test_an_import_moves_the_counter_past_the_numbers_it_brings(city, tmp_path):
    import_references(tmp_path, "DA-1-2009-0003", "DA-1-2009-0042", "DA-1-2010-0005", "X-9")
    counters = ReferenceCounter.objects.filter(street=city.street_a1)
    assert dict(counters.values_list("year", "last")) == {2009: 42, 2010: 5}


def test_an_imported_number_intake_could_never_reach_leaves_the_counter_alone(
    city, staff_a1, tmp_path
):
    import_references(tmp_path, "DA-1-2009-2147483647", "DA-1-2009-99999999999")
    assert intake(city, staff_a1) == "DA-1-2009-0001"


def test_an_import_never_moves_a_counter_back(city, staff_a1, tmp_path):
    for _ in range(3):
        intake(city, staff_a1)
    import_references(tmp_path, "DA-1-2009-02")  # number 2, not taken in this form
    assert ReferenceCounter.objects.get(street=city.street_a1, year=2009).last == 3


def test_updates_written_in_bulk_keep_who_in_the_history_a_new_version_and_a_follow_up(
    platforms, admin_city
):
    interchange.run_import("grievances", ("\n".join([HEADER, *ROWS]) + "\n").encode())
    before = {g.reference: g.version for g in Grievance.objects.all()}
    changed = [
        ROWS[0].replace("夜间噪音", "夜间噪音扰民"),
        *ROWS[1:3],
        ROWS[3].replace("规范", "统一"),
    ]
    report = interchange.run_import(
        "grievances", ("\n".join([HEADER, *changed]) + "\n").encode(), user=admin_city
    )
    assert report.updated["grievances"] == 2
    for reference in ("A-2009-0001", "A-2009-0004"):
        grievance = Grievance.objects.get(reference=reference)
        assert grievance.version == before[reference] + 1
        last = grievance.history.order_by("-history_id").first()
        assert (last.history_type, last.history_user, last.summary) == (
            "~",
            admin_city,
            grievance.summary,
        )
        assert (
            grievance.follow_ups.filter(kind=FollowUp.Kind.CORRECTED, user=admin_city).count() == 1
        )
    assert Grievance.objects.get(reference="A-2009-0002").version == before["A-2009-0002"]


def test_new_grievances_are_recorded_with_who_why_and_a_follow_up(platforms, admin_city):
    interchange.run_import(
        "grievances", ("\n".join([HEADER, *ROWS]) + "\n").encode(), user=admin_city
    )
    for grievance in Grievance.objects.all():
        (entry,) = grievance.history.all()
        assert (entry.history_type, entry.history_user, entry.history_change_reason) == (
            "+",
            admin_city,
            "import",
        )
        assert (entry.version, entry.summary, entry.department_id) == (
            1,
            grievance.summary,
            grievance.department_id,
        )
        (follow_up,) = grievance.follow_ups.all()
        assert (follow_up.kind, follow_up.user, follow_up.text) == (
            FollowUp.Kind.RECEIVED,
            admin_city,
            "imported",
        )


def test_a_summary_with_tabs_backslashes_and_line_breaks_is_stored_as_written(platforms):
    summary = "a\tb \\N c\\\\d\r\ne"
    row = f'A-2009-0009,DA-1-0,2009-03-01,complaint,no,"{summary}",on_the_spot,,,2009-03-01,'
    interchange.run_import("grievances", (HEADER + "\n" + row + "\n").encode())
    assert Grievance.objects.get(reference="A-2009-0009").summary == summary


def test_an_items_imported_entry_reads_in_the_readers_language_whoever_imported_it(
    platforms, staff_a1, client
):
    """Issue 21, item 14: the timeline said "受理: imported" (the text was written in the
    importer's language, English for the command and the demo)."""
    from django.utils import translation

    with translation.override("zh-hans"):
        interchange.run_import("grievances", (HEADER + "\n" + ROWS[0] + "\n").encode())
    assert FollowUp.objects.get().text == FollowUp.IMPORTED  # a code, not one language
    client.force_login(staff_a1)
    client.cookies["django_language"] = "zh-hans"
    page = client.get(Grievance.objects.get().get_absolute_url()).content.decode()
    assert "受理: 通过上传文件（CSV 导入）登记" in page
