"""grievances/views/public.py: the resident's verdict page, public, from the receipt's
one-time code; the same refusal for a wrong, used or guessed code; attempts limited."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from grievances import services
from grievances.models import Grievance, VerdictAttempt, VerdictLimit

pytestmark = pytest.mark.django_db
D = datetime.date
URL = "/v/"


@pytest.fixture
def answered(city, staff_a1, dept_a1, police_a1):
    grievance = services.grievance_create(
        community=city.a1[0],
        kind="complaint",
        summary="楼道堆物 秘密住址",
        received_on=D(2009, 3, 2),
        user=staff_a1,
    )
    services.grievance_refer(
        grievance=grievance, department=police_a1, deadline=D(2009, 3, 11), user=staff_a1
    )
    code = services.receipt_issue(grievance=grievance, user=staff_a1)
    services.grievance_accept(grievance=grievance, user=dept_a1)
    services.grievance_propose(grievance=grievance, answer="已清理楼道", user=dept_a1)
    services.grievance_confirm(grievance=grievance, user=staff_a1)
    grievance.refresh_from_db()
    return grievance, code


def refusal(response):
    """What a refused attempt shows, without the form's own echo of what was typed."""
    body = response.content.decode()
    start = body.index('data-testid="verdict-refused"')
    return response.status_code, body[start : body.index("</p>", start)]


def test_the_public_page_needs_no_login_and_fills_in_the_receipts_link(client):
    response = client.get(URL, {"r": "JB-X-2009-0001", "c": "ACDEF34679"})
    assert response.status_code == 200
    body = response.content.decode()
    assert 'value="JB-X-2009-0001"' in body and 'value="ACDEF34679"' in body


def test_a_valid_code_shows_only_the_status_and_the_answer(client, answered):
    grievance, code = answered
    response = client.post(URL, {"reference": grievance.reference, "code": code})
    body = response.content.decode()
    assert response.status_code == 200
    assert "已清理楼道" in body
    assert response.context["item"] == {
        "reference": grievance.reference,
        "status": "answered",
        "answer": "已清理楼道",
    }
    assert "秘密住址" not in body  # the summary, the community, the names: none of it


def test_the_resident_gives_the_verdict_once(client, answered):
    grievance, code = answered
    data = {"reference": grievance.reference, "code": code, "verdict": "satisfied"}
    response = client.post(URL, data)
    assert response.context["thanks"]
    grievance.refresh_from_db()
    assert grievance.verdict == "satisfied"
    assert grievance.follow_ups.last().user is None


def test_an_unsatisfied_verdict_from_the_public_page_reopens_the_item(client, answered):
    grievance, code = answered
    client.post(URL, {"reference": grievance.reference, "code": code, "verdict": "unsatisfied"})
    grievance.refresh_from_db()
    assert grievance.resolved_on is None
    assert list(grievance.follow_ups.values_list("kind", flat=True))[-2:] == [
        "verdict",
        "reopened",
    ]


def test_a_wrong_a_used_and_a_guessed_code_get_the_same_refusal(client, answered, city):
    grievance, code = answered
    client.post(URL, {"reference": grievance.reference, "code": code, "verdict": "satisfied"})
    before = Grievance.objects.get(pk=grievance.pk).version
    used = client.post(URL, {"reference": grievance.reference, "code": code})
    wrong = client.post(URL, {"reference": grievance.reference, "code": "ACDEFGHJKM"})
    guessed = client.post(URL, {"reference": "JB-NONE-2009-0001", "code": "ACDEFGHJKM"})
    assert refusal(used) == refusal(wrong) == refusal(guessed)
    assert used.status_code == 400
    assert "item" not in used.context and "item" not in guessed.context
    assert Grievance.objects.get(pk=grievance.pk).version == before


def test_a_used_code_cannot_change_the_verdict(client, answered):
    grievance, code = answered
    client.post(URL, {"reference": grievance.reference, "code": code, "verdict": "satisfied"})
    client.post(URL, {"reference": grievance.reference, "code": code, "verdict": "unsatisfied"})
    grievance.refresh_from_db()
    assert grievance.verdict == "satisfied"


def test_before_the_answer_the_page_says_so_and_asks_nothing(client, city, staff_a1):
    grievance = services.grievance_create(
        community=city.a1[0],
        kind="opinion",
        summary="x",
        received_on=D(2009, 3, 2),
        user=staff_a1,
    )
    code = services.receipt_issue(grievance=grievance, user=staff_a1)
    response = client.post(
        URL, {"reference": grievance.reference, "code": code, "verdict": "satisfied"}
    )
    assert response.context["item"]["status"] == "being handled"
    assert not response.context["may_give_verdict"]
    grievance.refresh_from_db()
    assert grievance.verdict == ""


@override_settings(VERDICT_ATTEMPTS_PER_ADDRESS=3, VERDICT_ATTEMPTS_PER_REFERENCE=100)
def test_attempts_from_one_address_are_limited_even_with_the_right_code(client, answered):
    grievance, code = answered
    for n in range(3):
        client.post(URL, {"reference": f"JB-GUESS-{n}", "code": "ACDEFGHJKM"})
    response = client.post(URL, {"reference": grievance.reference, "code": code})
    assert response.status_code == 429
    assert "item" not in response.context
    assert VerdictAttempt.objects.count() == 3  # the refusal itself is not a new attempt


@override_settings(VERDICT_ATTEMPTS_PER_ADDRESS=100, VERDICT_ATTEMPTS_PER_REFERENCE=3)
def test_a_stranger_hammering_a_reference_is_limited_and_the_resident_still_passes(
    client, answered
):
    grievance, code = answered
    stranger = {"reference": grievance.reference, "code": "ACDEFGHJKM"}
    statuses = [client.post(URL, stranger, REMOTE_ADDR="10.0.0.1").status_code for _ in range(5)]
    assert statuses == [400, 400, 400, 429, 429]
    mine = {"reference": grievance.reference, "code": code}
    assert client.post(URL, mine, REMOTE_ADDR="10.0.0.1").status_code == 429
    response = client.post(URL, mine, REMOTE_ADDR="10.0.0.99")
    assert response.status_code == 200
    assert response.context["may_give_verdict"]
    response = client.post(URL, {**mine, "verdict": "satisfied"}, REMOTE_ADDR="10.0.0.99")
    assert response.context["thanks"]


@override_settings(VERDICT_ATTEMPTS_PER_ADDRESS=3, VERDICT_ATTEMPTS_PER_REFERENCE=100)
def test_a_stranger_moving_within_one_ipv6_network_is_one_client(client, answered):
    grievance, code = answered
    for n in range(3):
        client.post(
            URL, {"reference": f"JB-GUESS-{n}", "code": "ACDEFGHJKM"}, REMOTE_ADDR=f"2001:db8::{n}"
        )
    mine = {"reference": grievance.reference, "code": code}
    assert client.post(URL, mine, REMOTE_ADDR="2001:db8::99").status_code == 429


@override_settings(
    VERDICT_ATTEMPTS_PER_ADDRESS=3, VERDICT_ATTEMPTS_PER_REFERENCE=100, TRUSTED_PROXY_COUNT=1
)
def test_behind_a_trusted_proxy_the_limit_is_the_clients_not_the_proxys(client, answered):
    grievance, code = answered
    for n in range(3):  # what the client writes left of the proxy's own entry is no address
        client.post(
            URL,
            {"reference": f"JB-GUESS-{n}", "code": "ACDEFGHJKM"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.7",
        )
    mine = {"reference": grievance.reference, "code": code}
    limited = client.post(URL, mine, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert limited.status_code == 429
    other = client.post(URL, mine, REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8")
    assert other.status_code == 200


@override_settings(VERDICT_ATTEMPTS_PER_ADDRESS=2, VERDICT_ATTEMPT_WINDOW_MINUTES=60)
def test_old_attempts_no_longer_count(client, answered):
    grievance, code = answered
    for _n in range(2):
        client.post(URL, {"reference": "JB-GUESS", "code": "ACDEFGHJKM"})
    VerdictLimit.objects.update(started_at=datetime.datetime(2009, 1, 1, tzinfo=datetime.UTC))
    response = client.post(URL, {"reference": grievance.reference, "code": code})
    assert response.status_code == 200


def test_the_attempts_are_kept_in_the_database_shared_by_every_process(client):
    client.post(URL, {"reference": "JB-GUESS", "code": "ACDEFGHJKM"}, REMOTE_ADDR="10.1.2.3")
    attempt = VerdictAttempt.objects.get()
    assert (attempt.ip_address, attempt.reference) == ("10.1.2.3", "JB-GUESS")


def test_the_receipt_page_prints_the_code_and_a_qr_code_to_the_public_page(
    client, answered, staff_a1
):
    grievance, _code = answered
    client.force_login(staff_a1)
    url = reverse("grievances:receipt", args=[grievance.reference])
    assert client.get(url).status_code == 200
    response = client.post(url, follow=True)
    code = response.context["code"]
    body = response.content.decode()
    assert code in body and "<svg" in body
    assert response.context["link"].endswith(f"/v/?r={grievance.reference}&c={code}")
    assert services.receipt_match(reference=grievance.reference, code=code) == grievance


def test_issuing_a_receipt_redirects_and_reloading_shows_the_same_valid_code(
    client, answered, staff_a1
):
    grievance, _code = answered
    client.force_login(staff_a1)
    url = reverse("grievances:receipt", args=[grievance.reference])
    response = client.post(url)
    assert (response.status_code, response["Location"]) == (302, url)
    first = client.get(url).context["code"]
    assert client.get(url).context["code"] == first  # a reload issues nothing
    assert services.receipt_match(reference=grievance.reference, code=first) == grievance
    assert grievance.follow_ups.filter(kind="receipt").count() == 2  # the fixture's, and one
    services.receipt_issue(grievance=grievance, user=staff_a1)  # a colleague issued another
    voided = client.get(url)
    assert "code" not in voided.context  # the page never shows a code that no longer works
    assert b'data-testid="receipt-form"' in voided.content


def test_a_district_official_cannot_print_a_receipt(client, answered, official_a):
    grievance, _code = answered
    client.force_login(official_a)
    response = client.post(reverse("grievances:receipt", args=[grievance.reference]))
    assert response.status_code == 403


# ---- simultaneous requests: each check is counted by one statement -------------------


def simultaneously(count, data):
    """``count`` clients post at once, each from its own thread with its own connection."""
    start = threading.Barrier(count)
    statuses = [0] * count

    def post(n):
        try:
            start.wait()
            statuses[n] = Client().post(URL, data(n), REMOTE_ADDR="10.7.0.1").status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(statuses)


@pytest.mark.django_db(transaction=True)
@override_settings(VERDICT_ATTEMPTS_PER_ADDRESS=10, VERDICT_ATTEMPTS_PER_REFERENCE=100)
def test_simultaneous_wrong_codes_from_one_address_never_pass_its_limit():
    statuses = simultaneously(16, lambda n: {"reference": f"JB-G-{n}", "code": "ACDEFGHJKM"})
    assert statuses == [400] * 10 + [429] * 6
    assert VerdictAttempt.objects.count() == 10


@pytest.mark.django_db(transaction=True)
@override_settings(VERDICT_ATTEMPTS_PER_ADDRESS=100, VERDICT_ATTEMPTS_PER_REFERENCE=5)
def test_simultaneous_wrong_codes_on_one_reference_never_pass_its_limit():
    statuses = simultaneously(12, lambda n: {"reference": "JB-G-1", "code": "ACDEFGHJKM"})
    assert statuses == [400] * 5 + [429] * 7
    assert VerdictAttempt.objects.count() == 5
