"""The grievance pages of grievances/views.py: scoping of lists, figures, exports, details and
steps; the meeting intake; query counts."""

import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from districts.models import Department
from evaluations import services as review_services
from grievances import services
from grievances.models import Grievance
from tests import factories
from tests.factories import GrievanceFactory
from tests.grievances.helpers import import_references

pytestmark = pytest.mark.django_db
D = datetime.date


def refs(response):
    return sorted(row.record.reference for row in response.context["table"].rows)


@pytest.mark.parametrize(
    ("user_fixture", "expected"),
    [
        ("staff_a1", ["A1-2009-0000", "A1-2009-0001", "A1-2009-0002"]),
        ("official_a", ["A1-2009-0000", "A1-2009-0001", "A1-2009-0002", "A2-2009-0000"]),
        ("official_b", ["B1-2009-0000", "B1-2009-0001"]),
    ],
)
def test_the_list_holds_exactly_the_users_area(client, request, items, user_fixture, expected):
    client.force_login(request.getfixturevalue(user_fixture))
    assert refs(client.get(reverse("grievances:list"))) == expected


def test_the_csv_export_holds_only_the_users_street(client, staff_a1, items):
    client.force_login(staff_a1)
    body = client.get(reverse("grievances:list"), {"_export": "csv"}).content.decode()
    assert body.count("\n") == 1 + 3
    assert "b1秘密" not in body and "a2秘密" not in body


def test_the_xlsx_export_opens_with_openpyxl(client, official_a, items):
    import openpyxl

    client.force_login(official_a)
    response = client.get(reverse("grievances:list"), {"_export": "xlsx"})
    rows = list(
        openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    )
    assert len(rows) == 1 + 4


def test_the_figures_of_a_district_count_only_its_streets(client, official_a, items):
    client.force_login(official_a)
    response = client.get(reverse("grievances:figures"), {"from": "2009-01-01", "to": "2009-12-31"})
    total = {c["name"]: c["value"] for c in response.context["total"]}
    assert total["total"] == 4
    assert [(r["code"], r["cells"][0]["value"]) for r in response.context["rows"]] == [
        ("DA-1", 3),
        ("DA-2", 1),
    ]


def test_every_figure_links_to_the_list_of_the_rows_it_counts(client, official_a, items):
    client.force_login(official_a)
    response = client.get(reverse("grievances:figures"), {"from": "2009-01-01", "to": "2009-12-31"})
    row = response.context["rows"][0]
    for cell in row["cells"]:
        if cell["rate"]:
            continue
        listed = client.get(cell["url"])
        assert len(listed.context["table"].rows) == cell["value"], cell["name"]


def test_another_districts_figures_are_404(client, official_a, items):
    client.force_login(official_a)
    assert client.get(reverse("grievances:figures"), {"district": "DB"}).status_code == 404
    assert client.get(reverse("grievances:figures"), {"street": "DB-1"}).status_code == 404


@pytest.mark.parametrize("user_fixture", ["staff_a1", "official_a"])
def test_another_streets_grievance_is_404(client, request, items, user_fixture):
    client.force_login(request.getfixturevalue(user_fixture))
    response = client.get(reverse("grievances:detail", args=["B1-2009-0000"]))
    assert response.status_code == 404
    assert "b1秘密" not in response.content.decode()


def test_a_refused_step_on_another_streets_grievance_changes_nothing(client, staff_a1, items):
    client.force_login(staff_a1)
    response = client.post(
        reverse("grievances:step", args=["B1-2009-0000", "resolve"]), {"resolved_on": "2009-03-05"}
    )
    assert response.status_code == 404
    assert Grievance.objects.get(reference="B1-2009-0000").resolved_on is None


def test_a_district_official_reads_but_cannot_change_a_grievance(client, official_a, items):
    client.force_login(official_a)
    assert client.get(reverse("grievances:detail", args=["A1-2009-0000"])).status_code == 200
    response = client.post(
        reverse("grievances:step", args=["A1-2009-0000", "resolve"]), {"resolved_on": "2009-03-05"}
    )
    assert response.status_code == 403
    assert Grievance.objects.get(reference="A1-2009-0000").resolved_on is None


def test_district_officials_cannot_record_grievances(client, official_a, items):
    client.force_login(official_a)
    assert client.get(reverse("grievances:new")).status_code == 403


def test_steps_are_post_only(client, staff_a1, items):
    client.force_login(staff_a1)
    assert (
        client.get(reverse("grievances:step", args=["A1-2009-0000", "resolve"])).status_code == 405
    )


def test_staff_record_a_grievance_and_get_its_reference(client, staff_a1, city):
    client.force_login(staff_a1)
    response = client.post(
        reverse("grievances:new"),
        {
            "community": city.a1[0].pk,
            "source": "hotline",
            "kind": "complaint",
            "summary": "楼道堆放杂物",
            "received_on": "2009-03-02",
        },
    )
    grievance = Grievance.objects.get()
    assert response["Location"] == grievance.get_absolute_url()
    assert (grievance.reference, grievance.source) == ("DA-1-2009-0001", "hotline")


def test_staff_cannot_record_a_grievance_in_another_street(client, staff_a1, city):
    client.force_login(staff_a1)
    response = client.post(
        reverse("grievances:new"),
        {
            "community": city.b1[0].pk,
            "source": "hotline",
            "kind": "complaint",
            "summary": "x",
            "received_on": "2009-03-02",
        },
    )
    assert "community" in response.context["form"].errors
    assert not Grievance.objects.exists()


def test_a_referral_without_a_deadline_shows_the_error_and_keeps_the_note(
    client, staff_a1, items, city
):
    client.force_login(staff_a1)
    police = Department.objects.get(street=city.street_a1, key="police")
    response = client.post(
        reverse("grievances:step", args=["A1-2009-0000", "refer"]),
        {"department": police.pk, "working_days": "", "note": "请派出所处理"},
    )
    assert response.status_code == 400
    form = response.context["refer_form"]
    assert "working_days" in form.errors
    assert form["note"].value() == "请派出所处理"


def test_the_work_lists_split_open_overdue_and_unanswered(client, staff_a1, city, items):
    police = Department.objects.get(street=city.street_a1, key="police")
    today = datetime.date.today()
    overdue = items["a1"][0]
    services.grievance_refer(
        grievance=overdue,
        department=police,
        deadline=today - datetime.timedelta(days=1),
        user=staff_a1,
    )
    done = items["a1"][1]
    services.grievance_resolve(grievance=done, resolved_on=D(2009, 3, 5), user=staff_a1)
    client.force_login(staff_a1)

    def listed(status):
        return refs(client.get(reverse("grievances:list"), {"status": status}))

    assert listed("overdue") == ["A1-2009-0000"]
    assert listed("open") == ["A1-2009-0000", "A1-2009-0002"]
    assert listed("unanswered") == ["A1-2009-0001"]  # resolved, no answer yet


def test_the_search_finds_words_of_the_summary(client, staff_a1, items):
    client.force_login(staff_a1)
    assert refs(client.get(reverse("grievances:list"), {"q": "秘密1"})) == ["A1-2009-0001"]


def count(client, url, **params):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("params", "expected"),
    [({}, 13), ({"status": "open", "kind": "complaint"}, 13), ({"q": "秘密"}, 13)],
)
def test_the_list_makes_the_same_number_of_queries_for_few_and_many_items(
    client, official_a, city, items, params, expected
):
    client.force_login(official_a)
    few = count(client, reverse("grievances:list"), **params)
    GrievanceFactory.create_batch(120, community=city.a1[2], summary="秘密批量")
    many = count(client, reverse("grievances:list"), **params)
    assert (few, many) == (expected, expected)


def test_the_figures_page_makes_the_same_number_of_queries_for_few_and_many_items(
    client, official_a, city, items
):
    client.force_login(official_a)
    few = count(client, reverse("grievances:figures"))
    GrievanceFactory.create_batch(60, community=city.a2[1])
    assert count(client, reverse("grievances:figures")) == few


def test_items_raised_at_a_meeting_are_added_from_its_entry_form_and_return_there(
    client, staff_a1, city
):
    from evaluations import services as review_services
    from tests.factories import PostingFactory

    official = PostingFactory(community=city.a1[0]).official
    meeting = review_services.meeting_save(
        community=city.a1[0],
        year=2009,
        quarter=3,
        held_on=D(2009, 9, 20),
        present=6,
        tallies=[review_services.Tally(official.pk, 6, 0, 0, 0)],
        submit=False,
    ).meeting
    client.force_login(staff_a1)
    form_url = reverse("evaluations:meeting_edit", args=["DA-1-0", 2009, 3])
    response = client.post(
        reverse("grievances:meeting_intake", args=[meeting.pk]),
        {"kind": "complaint", "summary": "两起翻墙盗窃", "next": form_url},
    )
    assert response["Location"] == form_url + "#grievances"
    grievance = Grievance.objects.get()
    assert (grievance.meeting, grievance.source, grievance.received_on) == (
        meeting,
        "meeting",
        D(2009, 9, 20),
    )
    assert "两起翻墙盗窃" in client.get(form_url).content.decode()


def test_the_intake_does_not_redirect_to_another_site(client, staff_a1, city):
    from evaluations import services as review_services
    from tests.factories import PostingFactory

    official = PostingFactory(community=city.a1[0]).official
    meeting = review_services.meeting_save(
        community=city.a1[0],
        year=2009,
        quarter=3,
        held_on=D(2009, 9, 20),
        present=6,
        tallies=[review_services.Tally(official.pk, 6, 0, 0, 0)],
        submit=False,
    ).meeting
    client.force_login(staff_a1)
    response = client.post(
        reverse("grievances:meeting_intake", args=[meeting.pk]),
        {"kind": "complaint", "summary": "x", "next": "https://evil.example/"},
    )
    assert response["Location"].startswith(reverse("evaluations:meeting", args=[meeting.pk]))


def test_the_meeting_intake_ignores_a_next_that_is_not_an_address(client, staff_a1, city):
    official = factories.PostingFactory(community=city.a1[0]).official
    meeting = review_services.meeting_save(
        community=city.a1[0],
        year=2009,
        quarter=3,
        held_on=datetime.date(2009, 9, 20),
        present=6,
        tallies=[review_services.Tally(official.pk, 6, 0, 0, 0)],
        submit=False,
    ).meeting
    client.force_login(staff_a1)
    response = client.post(
        reverse("grievances:meeting_intake", args=[meeting.pk]),
        {"kind": "complaint", "summary": "x", "next": "2147483647"},
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("evaluations:meeting", args=[meeting.pk]))


@pytest.mark.parametrize(
    ("url_name", "params"),
    [
        ("grievances:list", {"received_from": "9999-99-99", "received_to": "01/02/2010"}),
        ("grievances:list", {"received_from": "0001-01-01", "received_to": "9999-12-31"}),
        ("grievances:figures", {"from": "0001-01-01", "to": "9999-12-31"}),
        # the template once read request.GET.items: a parameter "items" stood in for it
        ("grievances:figures", {"items": "x"}),
    ],
)
def test_garbage_dates_and_parameters_show_the_page(client, city_official, city, url_name, params):
    client.force_login(city_official)
    assert client.get(reverse(url_name), params).status_code == 200


def test_web_intake_after_a_weird_import_answers_with_the_new_reference(
    client, city, staff_a1, tmp_path
):
    import_references(tmp_path, "DA-1-2009-0042", "DA-1-2009-9ABC")
    client.force_login(staff_a1)
    response = client.post(
        reverse("grievances:new"),
        {
            "community": city.a1[0].pk,
            "source": "hotline",
            "kind": "complaint",
            "summary": "楼道堆放杂物",
            "received_on": "2009-03-02",
        },
    )
    assert response.status_code == 302
    assert Grievance.objects.filter(reference="DA-1-2009-0043").exists()


def test_the_referral_form_offers_the_policy_default_and_shows_its_date(client, staff_a1, items):
    from core.workdays import add_working_days

    client.force_login(staff_a1)
    response = client.get(reverse("grievances:detail", args=["A1-2009-0000"]))
    field = response.context["refer_form"]["working_days"]
    expected = add_working_days(timezone.localdate(), 7).isoformat()
    assert field.initial == 7
    assert expected in str(field.help_text)


def test_a_referral_from_the_page_counts_working_days_from_today(client, staff_a1, items, city):
    from core.workdays import add_working_days

    client.force_login(staff_a1)
    police = Department.objects.get(street=city.street_a1, key="police")
    item = items["a1"][0]
    response = client.post(
        reverse("grievances:step", args=[item.reference, "refer"]),
        {"department": police.pk, "working_days": 12, "version": item.version},
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.deadline == add_working_days(timezone.localdate(), 12)


def test_the_due_soon_list_holds_open_items_due_within_two_working_days(
    client, staff_a1, items, city
):
    from core.workdays import add_working_days

    police = Department.objects.get(street=city.street_a1, key="police")
    today = timezone.localdate()
    soon, later = items["a1"][0], items["a1"][1]
    for g, days in ((soon, 2), (later, 3)):
        Grievance.objects.filter(pk=g.pk).update(
            disposition="referred", department=police, deadline=add_working_days(today, days)
        )
    client.force_login(staff_a1)
    response = client.get(reverse("grievances:list"), {"status": "due_soon"})
    assert [r.record.reference for r in response.context["table"].rows] == [soon.reference]


def test_an_item_raised_at_a_meeting_names_that_meeting_once_not_its_source_twice(
    client, city, staff_a1
):
    official = factories.PostingFactory(community=city.a1[0]).official
    meeting = review_services.meeting_save(
        community=city.a1[0],
        year=2009,
        quarter=1,
        held_on=datetime.date(2009, 3, 1),
        present=6,
        tallies=[review_services.Tally(official.pk, 6, 0, 0, 0)],
        submit=True,
    ).meeting
    item = services.grievance_create(
        community=city.a1[0],
        meeting=meeting,
        kind="opinion",
        summary="路灯不亮",
        received_on=datetime.date(2009, 3, 1),
        user=staff_a1,
    )
    client.force_login(staff_a1)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "review meeting 2009 Q1" in page
    assert page.count("review meeting") == 1


def test_the_key_dispute_filter_offers_any_yes_and_no_never_unknown(client, staff_a1, items):
    client.force_login(staff_a1)
    page = client.get(reverse("grievances:list")).content.decode()
    select = page[page.index('name="key_dispute"') :].split("</select>")[0]
    assert re.findall(r">([^<]*)</option>", select) == ["Any", "Yes", "No"]


def test_the_key_dispute_filter_set_to_no_lists_ordinary_items_only(client, staff_a1, city):
    GrievanceFactory(community=city.a1[0], key_dispute=True, kind="dispute")
    ordinary = GrievanceFactory(community=city.a1[0])
    client.force_login(staff_a1)
    rows = client.get(reverse("grievances:list"), {"key_dispute": "false"}).context["table"].rows
    assert [row.record.pk for row in rows] == [ordinary.pk]


def test_every_status_of_the_list_filter_is_offered_once():
    from grievances.filters import STATUS_CHOICES

    values = [value for value, _label in STATUS_CHOICES]
    assert len(values) == len(set(values))
