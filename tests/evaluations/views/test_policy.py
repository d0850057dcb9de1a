"""The policy pages of evaluations/views/policy.py: city officials edit this year's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from evaluations import services
from evaluations.models import Policy
from evaluations.rules import quarter_of
from evaluations.services import POLICY_FIELDS
from tests import factories

pytestmark = pytest.mark.django_db


def test_only_city_officials_edit_the_policy(client, official_a, city_official):
    year = datetime.date.today().year
    client.force_login(official_a)
    assert client.get(reverse("evaluations:policy_edit", args=[year])).status_code == 403
    client.force_login(city_official)
    assert client.get(reverse("evaluations:policy_edit", args=[year])).status_code == 200


def test_a_past_years_policy_cannot_be_edited(client, city_official):
    client.force_login(city_official)
    response = client.get(reverse("evaluations:policy_edit", args=[2009]))
    assert response.status_code == 302


def test_a_policy_year_past_the_column_is_not_found(client, city_official):
    client.force_login(city_official)
    url = reverse("evaluations:policy_edit", args=[10**12])
    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    assert not Policy.objects.filter(year__gt=3000).exists()


# ---- refusing nonsense, confirming consequences, the history -----------------------------


def this_year():
    return timezone.localdate().year


def policy_post(**changes):
    """The edit form as posted: the defaults, with ``changes``."""
    data = {f: getattr(Policy(year=this_year()), f) for f in POLICY_FIELDS}
    data.update(changes)
    data.setdefault("version", 0)
    return data


@pytest.fixture
def submitted_this_year(city):
    """Two submitted meetings this year: DA-1-0's officer scores 76 (satisfied), DA-1-1's
    officer 95 (very satisfied)."""
    today = timezone.localdate()
    year, quarter = quarter_of(today)
    made = {}
    for community, counts in ((city.a1[0], (0, 4, 1, 0)), (city.a1[1], (3, 1, 0, 0))):
        official = factories.PostingFactory(community=community).official
        services.meeting_save(
            community=community,
            year=year,
            quarter=quarter,
            held_on=today,
            present=6,  # quorum of 10 and 11 on the roll
            tallies=[services.Tally(official.pk, *counts)],
            submit=True,
        )
        made[community.code] = official
    return made


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"points_satisfied": 120}, "Ensure this value is less than or equal to 100."),
        ({"points_unsatisfied": 70}, "Points must not increase from very satisfied to unsatisfied"),
        ({"satisfied_min": "95"}, "The level thresholds must descend"),
        ({"weight_grievances": "0.20"}, "The four weights add up to 1.05"),
        ({"veto_denominator": 0}, "The veto denominator must be above 0."),
    ],
)
def test_a_nonsense_policy_is_refused_on_the_page_in_words(client, city_official, changes, message):
    client.force_login(city_official)
    response = client.post(
        reverse("evaluations:policy_edit", args=[this_year()]), policy_post(**changes)
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert message in body
    assert "policy_" not in body and "IntegrityError" not in body
    assert not Policy.objects.filter(year=this_year()).exists()


def test_the_refusal_is_in_chinese_on_a_chinese_page(client, city_official):
    client.force_login(city_official)
    response = client.post(
        reverse("evaluations:policy_edit", args=[this_year()]),
        policy_post(weight_grievances="0.20"),
        HTTP_ACCEPT_LANGUAGE="zh-CN",
    )
    assert "四项权重之和为 1.05" in response.content.decode()


def test_a_change_for_a_year_with_submitted_meetings_lists_the_levels_it_would_change_first(
    client, city_official, submitted_this_year
):
    client.force_login(city_official)
    url = reverse("evaluations:policy_edit", args=[this_year()])
    response = client.post(url, policy_post(satisfied_min="78", version=1))
    assert response.status_code == 200
    confirm = response.context["confirm"]
    changed = [
        (r.meeting.community.code, r.level_now, r.level_then)
        for m in confirm["meetings"]
        for r in m["ratings"]
    ]
    assert changed == [("DA-1-0", "satisfied", "basically_satisfied")]  # 76 < 78; 95 stays
    assert Policy.objects.get(year=this_year()).satisfied_min == 75  # nothing saved yet
    body = response.content.decode()
    assert submitted_this_year["DA-1-0"].name in body
    assert submitted_this_year["DA-1-1"].name not in body


def test_confirming_saves_the_values_that_were_listed(client, city_official, submitted_this_year):
    client.force_login(city_official)
    url = reverse("evaluations:policy_edit", args=[this_year()])
    data = policy_post(satisfied_min="78", version=1)
    fingerprint = client.post(url, data).context["confirm"]["fingerprint"]
    response = client.post(url, {**data, "confirmed": fingerprint})
    assert response.status_code == 302
    assert Policy.objects.get(year=this_year()).satisfied_min == 78


def test_a_confirmation_does_not_carry_over_to_values_typed_after_it(
    client, city_official, submitted_this_year
):
    client.force_login(city_official)
    url = reverse("evaluations:policy_edit", args=[this_year()])
    fingerprint = client.post(url, policy_post(satisfied_min="78", version=1)).context["confirm"][
        "fingerprint"
    ]
    response = client.post(
        url,
        {
            **policy_post(satisfied_min="96", very_satisfied_min="97", version=1),
            "confirmed": fingerprint,
        },
    )
    assert response.status_code == 200
    assert len(response.context["confirm"]["meetings"]) == 2
    assert Policy.objects.get(year=this_year()).satisfied_min == 75


def test_a_change_that_moves_no_level_still_asks_and_says_so(
    client, city_official, submitted_this_year
):
    client.force_login(city_official)
    url = reverse("evaluations:policy_edit", args=[this_year()])
    response = client.post(url, policy_post(city_safety_minimum="82.00", version=1))
    assert response.context["confirm"]["meetings"] == []
    assert 'data-testid="policy-no-level-changes"' in response.content.decode()


def test_a_year_without_submitted_meetings_saves_at_once(client, city_official):
    client.force_login(city_official)
    url = reverse("evaluations:policy_edit", args=[this_year()])
    assert client.post(url, policy_post(satisfied_min="78")).status_code == 302
    assert Policy.objects.get(year=this_year()).satisfied_min == 78


def test_every_change_is_in_the_visible_history_with_who_and_what_in_words(
    client, city_official, official_a
):
    client.force_login(city_official)
    url = reverse("evaluations:policy_edit", args=[this_year()])
    client.post(url, policy_post(satisfied_min="78"))
    client.post(url, policy_post(satisfied_min="77", version=1))
    client.force_login(official_a)  # anyone may read the policy and its history
    history = client.get(reverse("evaluations:policy_list")).context["history"]
    latest = history[0]
    assert (latest["year"], latest["who"]) == (this_year(), str(city_official))
    assert [str(c) for c in latest["changes"]] == ["Satisfied from score: 78.00 → 77.00"]


def test_a_refused_policy_page_says_the_policy_belongs_to_the_city(client, staff_a1):
    client.force_login(staff_a1)
    response = client.get(reverse("evaluations:policy_edit", args=[datetime.date.today().year]))
    page = response.content.decode()
    assert response.status_code == 403
    assert "only city officials change it" in page
    assert "street office&#x27;s staff" not in page
