"""Helpers of the stale-save tests: open a form and post it back, what a refused save must
leave as it was, and simultaneous first entries in threads."""

import threading

from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluations.models import Meeting, Policy, Rating, Recommendation

COUNTS = ("very_satisfied", "satisfied", "basically_satisfied", "unsatisfied")


def logged_in(user) -> Client:
    client = Client(raise_request_exception=False)  # a crash shows as the 500 a user gets
    client.force_login(user)
    return client


def edit_url(year=2009, quarter=3):
    return reverse("evaluations:meeting_edit", args=["DA-1-0", year, quarter])


def opened(client, url) -> dict:
    """What the form holds when the page is opened, as the browser would post it back."""
    form = client.get(url).context["form"]
    data = {name: form[name].value() for name in form.fields}
    data = {k: "" if v is None else v for k, v in data.items()} | {"action": "submit"}
    if "reason" in form.fields:  # a correction of a submitted meeting says why
        data["reason"] = "votes counted again"
    return data


def tally(official, counts) -> dict:
    return {f"{official.pk}-{f}": n for f, n in zip(COUNTS, counts, strict=True)}


def state():
    """Everything a refused save must leave as it was."""
    return {
        "meetings": list(Meeting.objects.values_list("pk", "version", "present", "asked")),
        "ratings": list(Rating.objects.values_list("pk", *COUNTS)),
        "meeting history": Meeting.history.count(),
        "rating history": Rating.history.count(),
        "recommendations": list(Recommendation.objects.values_list("pk", "version")),
        "recommendation history": Recommendation.history.count(),
        "policies": list(Policy.objects.values_list("pk", "version")),
        "policy history": Policy.history.count(),
    }


# ---- recommendations ---------------------------------------------------------------------


def step_url(name, recommendation):
    return reverse(f"evaluations:recommendation_{name}", args=[recommendation.pk])


def page_form(client, recommendation, name):
    form = client.get(reverse("evaluations:recommendation", args=[recommendation.pk])).context[
        f"{name}_form"
    ]
    return {k: "" if v is None else v for k, v in ((n, form[n].value()) for n in form.fields)}


# ---- the yearly policy -------------------------------------------------------------------


def policy_url():
    return reverse("evaluations:policy_edit", args=[timezone.localdate().year])


def policy_entry(client) -> dict:
    form = client.get(policy_url()).context["form"]
    return {k: "" if v is None else v for k, v in ((n, form[n].value()) for n in form.fields)}


# ---- simultaneous first entries, on PostgreSQL, in threads --------------------------------


def in_thread(target) -> threading.Thread:
    def run():
        try:
            target()
        finally:
            connection.close()  # each thread has its own connection

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def blocked_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0
