"""core/concurrency.py: the version of a row, a value as a person reads it, and the refusal
of a stale save saying who saved since and what changed (from simple-history's records).

The rows are resident representatives (districts.services.representative_save writes them
with the version check) and grievances (for choices and yes/no); every history record is
a real one on PostgreSQL."""

import datetime

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone
from simple_history.models import DeletedObject

from core.concurrency import (
    EMPTY,
    Change,
    Save,
    StaleEdit,
    bump_if_changed,
    conflict,
    display,
    field_changes,
    model_field,
    record_at,
    saves_since,
    snapshot,
    who,
)
from districts.models import Community, Representative
from districts.services import REPRESENTATIVE_FIELDS, representative_save
from grievances.models import Grievance
from tests import factories

pytestmark = pytest.mark.django_db

SHANGHAI_NOON = datetime.datetime(2009, 3, 1, 4, 0, tzinfo=datetime.UTC)  # 12:00 in Shanghai


@pytest.fixture
def representative(city, staff_a1):
    """王芳 of DA-1-0, added by staff_a1 (version 1, one history record)."""
    return representative_save(
        representative=Representative(
            community=city.a1[0], name="王芳", group="3栋", start_date=datetime.date(2008, 1, 1)
        ),
        user=staff_a1,
    )


@pytest.fixture
def colleague(city):
    return factories.StreetStaffFactory(
        username="li_na", first_name="娜", last_name="李", street=city.street_a1
    )


def corrected(representative, user, **values):
    """Someone else's correction, saved through the service at the row's current version."""
    fresh = Representative.objects.get(pk=representative.pk)
    for name, value in values.items():
        setattr(fresh, name, value)
    return representative_save(representative=fresh, user=user, version=fresh.version)


def refusal(pk, version):
    """The refusal of a save of representative ``pk`` from a form opened at ``version``."""
    return conflict(
        model=Representative,
        history=Representative.history.filter(id=pk),
        version=version,
        current=Representative.objects.filter(pk=pk).first(),
        fields=REPRESENTATIVE_FIELDS,
    )


# ---- versions -------------------------------------------------------------------------------


def test_a_snapshot_holds_the_rows_own_values_and_none_of_its_bookkeeping(representative):
    values = snapshot(representative)
    assert values["name"] == "王芳"
    assert values["community_id"] == representative.community_id
    assert not {"version", "created_at", "updated_at"} & set(values)


def test_a_real_change_gives_the_row_the_next_version(representative):
    before = snapshot(representative)
    representative.phone = "13800000000"
    assert bump_if_changed(representative, before) is True
    assert representative.version == 2


def test_a_change_of_nothing_but_bookkeeping_keeps_the_version(representative):
    before = snapshot(representative)
    representative.updated_at = timezone.now() + datetime.timedelta(days=1)
    assert bump_if_changed(representative, before) is False
    assert representative.version == 1


# ---- a value as a person reads it -----------------------------------------------------------


def test_a_choice_is_shown_by_its_label():
    assert display(Grievance._meta.get_field("kind"), "complaint") == "complaint"
    assert display(Grievance._meta.get_field("disposition"), "on_the_spot") == (
        "handled on the spot"
    )


def test_a_blank_choice_is_shown_by_its_label_not_as_a_dash():
    assert display(Grievance._meta.get_field("disposition"), "") == "not yet disposed"


def test_nothing_is_shown_as_a_dash():
    assert display(Representative._meta.get_field("phone"), "") == EMPTY
    assert display(Representative._meta.get_field("end_date"), None) == EMPTY


def test_a_yes_or_no_field_is_shown_as_yes_or_no():
    field = Grievance._meta.get_field("key_dispute")
    assert (display(field, True), display(field, False)) == ("yes", "no")


def test_a_date_is_shown_as_year_month_day():
    assert display(Representative._meta.get_field("start_date"), datetime.date(2009, 3, 1)) == (
        "2009-03-01"
    )


def test_a_moment_is_shown_in_local_time_to_the_minute():
    field = Representative._meta.get_field("created_at")
    assert display(field, SHANGHAI_NOON) == "2009-03-01 12:00"


def test_a_long_text_is_cut_to_sixty_characters_on_one_line():
    shown = display(Representative._meta.get_field("name"), "甲\n乙  " + "丙" * 80)
    assert shown.startswith("甲 乙 丙")
    assert len(shown) == 60
    assert shown.endswith("…")


def test_a_relation_deleted_since_the_record_is_shown_as_a_dash():
    field = Representative._meta.get_field("community")
    assert display(field, DeletedObject(Community, None)) == EMPTY


def test_a_relation_is_shown_as_the_object_it_points_to(city):
    community = city.a1[0]
    assert display(Representative._meta.get_field("community"), community) == str(community)


def test_a_concrete_field_is_found_by_name_with_its_verbose_name():
    assert model_field(Representative, "phone").verbose_name == "phone"


def test_a_relation_that_is_not_a_concrete_field_is_refused():
    with pytest.raises(TypeError, match="Community.roster is not a concrete field"):
        model_field(Community, "roster")


def test_a_save_without_a_user_is_put_down_to_an_import_or_the_system():
    assert who(None) == "import or system"


def test_a_save_by_a_user_is_put_down_to_them(staff_a1):
    assert who(staff_a1) == str(staff_a1)


# ---- saves and changes in words -------------------------------------------------------------


def test_a_save_says_who_created_changed_or_deleted_the_row_and_when():
    assert str(Save("李娜", SHANGHAI_NOON, "+")) == "李娜 created it at 2009-03-01 12:00"
    assert str(Save("李娜", SHANGHAI_NOON, "~")) == "李娜 saved it at 2009-03-01 12:00"
    assert str(Save("李娜", SHANGHAI_NOON, "-")) == "李娜 deleted it at 2009-03-01 12:00"


def test_a_change_says_its_field_with_a_capital_and_both_values():
    assert str(Change("phone", "—", "138")) == "Phone: — → 138"


def test_a_change_of_a_part_names_the_part_first():
    assert str(Change("unsatisfied", "1", "3", subject="袁海燕")) == "袁海燕: unsatisfied 1 → 3"


def test_a_refusal_is_a_validation_error_that_says_everything_in_one_message():
    refused = StaleEdit(
        saves=[Save("李娜", SHANGHAI_NOON, "~")],
        changes=[Change("phone", "—", "138")],
        version=2,
    )
    assert isinstance(refused, ValidationError)
    assert refused.message_dict[NON_FIELD_ERRORS] == [
        "Not saved: this was changed by someone else after you opened the form. "
        "李娜 saved it at 2009-03-01 12:00. What changed: Phone: — → 138. "
        "Your entry is kept in the form; check it against theirs, then save again."
    ]


def test_a_refusal_of_a_first_entry_someone_has_just_created_says_created():
    refused = StaleEdit(saves=[Save("李娜", SHANGHAI_NOON, "+")], changes=[], version=1)
    assert refused.created is True
    assert refused.deleted is False


def test_a_refusal_of_a_row_gone_since_says_deleted():
    refused = StaleEdit(saves=[Save("李娜", SHANGHAI_NOON, "-")], changes=[], version=0)
    assert refused.deleted is True
    assert refused.created is False


# ---- the history behind a refusal -----------------------------------------------------------


def test_no_record_stands_for_a_form_opened_before_the_row_existed(representative):
    assert record_at(Representative.history.filter(id=representative.pk), 0) is None


def test_the_record_a_form_saw_is_the_last_one_at_its_version(representative, staff_a1):
    representative.save()  # saved again, changing nothing: a second record at version 1
    corrected(representative, staff_a1, phone="13800000000")
    history = Representative.history.filter(id=representative.pk)
    _first, second = history.filter(version=1).order_by("history_date", "history_id")
    assert record_at(history, 1) == second
    assert record_at(history, 2).phone == "13800000000"


def test_saves_since_nothing_are_every_save_from_the_creation(representative, staff_a1, colleague):
    corrected(representative, colleague, phone="13800000000")
    saves = saves_since(Representative.history.filter(id=representative.pk), None)
    assert [(s.who, s.kind) for s in saves] == [(str(staff_a1), "+"), (str(colleague), "~")]


def test_saves_since_a_record_are_only_the_later_ones(representative, colleague):
    history = Representative.history.filter(id=representative.pk)
    seen = record_at(history, 1)
    corrected(representative, colleague, phone="13800000000")
    assert [(s.who, s.kind) for s in saves_since(history, seen)] == [(str(colleague), "~")]


def test_changes_are_the_fields_that_differ_in_the_order_given_with_their_labels(
    representative, colleague
):
    corrected(representative, colleague, phone="13800000000", end_date=datetime.date(2009, 6, 30))
    history = Representative.history.filter(id=representative.pk)
    changes = field_changes(
        Representative, record_at(history, 1), record_at(history, 2), REPRESENTATIVE_FIELDS
    )
    assert [str(c) for c in changes] == ["Phone: — → 13800000000", "End date: — → 2009-06-30"]


def test_with_nothing_seen_the_changes_are_every_field_the_latest_record_fills_in(
    representative,
):
    latest = Representative.history.filter(id=representative.pk).get()
    changes = field_changes(Representative, None, latest, ["name", "phone", "start_date"])
    assert [str(c) for c in changes] == ["Name: — → 王芳", "Start date: — → 2008-01-01"]


def test_a_row_deleted_since_has_no_changes_to_show(representative):
    history = Representative.history.filter(id=representative.pk)
    seen = record_at(history, 1)
    representative.delete()
    assert field_changes(Representative, seen, history.latest(), REPRESENTATIVE_FIELDS) == []


def test_a_stale_save_is_refused_with_who_saved_since_and_what_changed(representative, colleague):
    corrected(representative, colleague, phone="13800000000")
    refused = refusal(representative.pk, version=1)
    assert [(s.who, s.kind) for s in refused.saves] == [(str(colleague), "~")]
    assert [str(c) for c in refused.changes] == ["Phone: — → 13800000000"]
    assert refused.version == 2


def test_a_version_the_history_does_not_know_says_who_saved_last_and_not_what_changed(
    representative, colleague
):
    corrected(representative, colleague, phone="13800000000")
    refused = refusal(representative.pk, version=7)
    assert [(s.who, s.kind) for s in refused.saves] == [(str(colleague), "~")]
    assert refused.changes == []
    assert refused.version == 2


def test_a_save_on_a_row_deleted_since_is_refused_as_deleted(representative):
    pk = representative.pk
    representative.delete()
    refused = refusal(pk, version=1)
    assert refused.deleted is True
    assert [s.kind for s in refused.saves] == ["-"]
