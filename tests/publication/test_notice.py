"""The public notice board (publication/notice.py): no login, only current publications,
as published; cached, but never serving what is no longer published."""

import pytest
from django.urls import reverse

from grievances.services import bulletins_generate
from publication import services
from tests.districts.scope_matrix import url_names
from tests.grievances.departments.helpers import D

from .helpers import review

pytestmark = pytest.mark.django_db

NOTICE_URLS = sorted(name for name in url_names() if name.startswith("notice:"))


def notice_url(name, area):
    district = area.street.district.code
    args = {
        "notice:index": [],
        "notice:rankings": [2009],
        "notice:district": [district],
        "notice:quarter": [district, 2009, 1],
        "notice:bulletin": [district, 2009, 4],
        "notice:community": [district, area.community.code],
    }[name]
    return reverse(name, args=args)


def body(response):
    return response.content.decode()


def test_every_notice_url_is_covered():
    assert NOTICE_URLS == [
        "notice:bulletin",
        "notice:community",
        "notice:district",
        "notice:index",
        "notice:quarter",
        "notice:rankings",
    ]


@pytest.mark.parametrize("name", NOTICE_URLS)
def test_nothing_unpublished_is_on_any_notice_page(client, area_a, name):
    response = client.get(notice_url(name, area_a))
    assert response.status_code in (200, 404)
    assert all(n not in body(response) for n in area_a.names + area_a.secrets)
    assert area_a.street.district.name not in body(response)


@pytest.mark.parametrize("name", NOTICE_URLS)
def test_a_withdrawn_publication_is_gone_from_every_page_and_from_the_cache(
    client, area_a, official_a, city_official, name
):
    quarter = services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    rankings = services.publication_publish_rankings(user=city_official, year=2009)
    bulletin = services.publication_publish_bulletin(
        user=official_a,
        bulletin=bulletins_generate(year=2009, month=4, as_of=D(2009, 5, 4))[0],
    )
    url = notice_url(name, area_a)
    shown = client.get(url)  # rendered and cached
    assert shown.status_code == 200
    etag = shown["ETag"]
    services.publication_withdraw(user=official_a, publication=quarter)
    services.publication_withdraw(user=city_official, publication=rankings)
    services.publication_withdraw(user=official_a, publication=bulletin)
    for response in (client.get(url), client.get(url, HTTP_IF_NONE_MATCH=etag)):
        assert response.status_code in (200, 404)  # never 304: the old copy is stale
        assert all(n not in body(response) for n in area_a.names)
        assert area_a.street.district.name not in body(response)


def test_a_quarter_page_shows_names_roles_levels_and_present_never_votes_or_summaries(
    client, area_a, official_a
):
    services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    page = body(client.get(notice_url("notice:quarter", area_a)))
    assert "公示警官A" in page
    assert "驻社区民警" in page  # the role, in Chinese by default
    assert "非常满意" in page  # the level
    assert f"{area_a.community.representatives}" in page
    assert all(secret not in page for secret in area_a.secrets)


def test_another_districts_unpublished_quarter_stays_off_the_board(
    client, area_a, area_b, official_a
):
    services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    assert client.get(notice_url("notice:quarter", area_b)).status_code == 404
    assert client.get(notice_url("notice:community", area_b)).status_code == 404
    assert "公示警官B" not in body(client.get(notice_url("notice:index", area_a)))


def test_a_correction_shows_only_once_published_again_marked_corrected(client, area_a, official_a):
    services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    url = notice_url("notice:quarter", area_a)
    assert "非常满意" in body(client.get(url))
    review(area_a.community, area_a.official, 2009, 1, (0, 0, 0, 10))
    page = body(client.get(url))
    assert "非常满意" in page and "不满意" not in page
    services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    page = body(client.get(url))
    assert "不满意" in page and "更正于" in page


def test_the_board_is_in_chinese_by_default_and_in_english_on_request(client, area_a, official_a):
    services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    url = notice_url("notice:quarter", area_a)
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert chinese["Content-Language"] == "zh-hans" and "公示栏" in body(chinese)
    english = client.get(url + "?lang=en")
    assert english["Content-Language"] == "en" and "Public notice board" in body(english)
    assert "community police officer" in body(english)


def test_pages_carry_validators_and_must_be_revalidated(client, area_a, official_a):
    services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    url = notice_url("notice:quarter", area_a)
    response = client.get(url)
    assert "public" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]
    assert response["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304


def test_a_new_publication_changes_the_validators(client, area_a, official_a, city_official):
    services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    url = notice_url("notice:district", area_a)
    etag = client.get(url)["ETag"]
    services.publication_publish_quarter(user=official_a, year=2009, quarter=2)
    response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    q2 = reverse("notice:quarter", args=[area_a.street.district.code, 2009, 2])
    assert response.status_code == 200 and q2 in body(response)


def test_the_english_and_chinese_pages_are_cached_apart(client, area_a, official_a):
    services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    url = notice_url("notice:quarter", area_a)
    client.get(url)
    assert client.get(url)["ETag"] != client.get(url + "?lang=en")["ETag"]
    assert "Public notice board" in body(client.get(url + "?lang=en"))


def test_a_signed_in_visitor_gets_a_private_copy(client, area_a, official_a):
    services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    client.force_login(official_a)
    response = client.get(notice_url("notice:quarter", area_a))
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_notice_pages_take_no_posts(client, area_a, official_a):
    services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    assert client.post(notice_url("notice:quarter", area_a)).status_code == 405


def test_a_cached_notice_page_costs_two_queries(
    client, area_a, official_a, django_assert_num_queries
):
    services.publication_publish_quarter(user=official_a, year=2009, quarter=1)
    url = notice_url("notice:quarter", area_a)
    client.get(url)
    with django_assert_num_queries(1):  # the publication state, then the cached page
        client.get(url)


def test_the_demos_notice_board_shows_its_rankings_and_quarters(client, demo):
    page = body(client.get(reverse("notice:index")))
    assert "大渡口区" in page and "2010" in page
    quarter = body(client.get(reverse("notice:quarter", args=["JB", 2009, 3])))
    assert "万丰社区" in quarter and "基本满意" in quarter


# ---- promises on the notice board (issue 20) ----------------------------------------------


@pytest.fixture
def promised(city, official_a):
    """A police officer's two promises of DA-1-0 in 2009 Q3, judged in Q4 (kept 5 to 1, not
    kept 1 to 5); both quarters published."""
    from tests import factories
    from tests.evaluations.promises.story import promise_story

    officer = factories.PostingFactory(
        community=city.a1[0],
        role="police",
        official=factories.OfficialFactory(code="PP", name="承诺警官"),
    ).official
    promise_story(city.a1[0], officer, 2, texts={0: "组织夜间巡逻", 1: "修好门禁"})
    return {
        q: services.publication_publish_quarter(user=official_a, year=2009, quarter=q)
        for q in (3, 4)
    }


def quarter_page(client, quarter, lang="en"):
    url = reverse("notice:quarter", args=["DA", 2009, quarter])
    return body(client.get(url, {"lang": lang}))


def test_the_notice_shows_the_promises_made_with_owner_role_and_due_date(client, promised):
    page = quarter_page(client, 3)
    table = page.split('data-testid="notice-promises"')[1].split("</table>")[0]
    assert "承诺警官 <small>community police officer</small>" in table
    assert "组织夜间巡逻" in table and "2009-12-31" in table


def test_the_notice_shows_each_verdict_with_the_meetings_two_totals(client, promised):
    table = quarter_page(client, 4).split('data-testid="notice-verdicts"')[1].split("</table>")[0]
    rows = table.split("<tbody>")[1].split("</tr>")
    assert "<td>kept</td>" in rows[0] and '<td class="num">5</td><td class="num">1</td>' in rows[0]
    assert "<td>not kept</td>" in rows[1]
    assert '<td class="num">1</td><td class="num">5</td>' in rows[1]


def test_the_notice_shows_the_promises_as_published_not_as_they_are_now(client, promised, city):
    from evaluations.models import Promise

    Promise.objects.filter(text="组织夜间巡逻").update(text="改过的承诺")
    page = quarter_page(client, 3)
    assert "组织夜间巡逻" in page and "改过的承诺" not in page


def test_a_snapshot_published_before_promises_still_shows(client, promised):
    publication = promised[3]
    for community in publication.snapshot["communities"]:
        if community["meeting"]:
            community["meeting"].pop("promises", None)
            community["meeting"].pop("verdicts", None)
    type(publication).objects.filter(pk=publication.pk).update(snapshot=publication.snapshot)
    page = quarter_page(client, 3, lang="zh-hans")
    assert "承诺警官" in page and "notice-promises" not in page
