"""Every saved or deleted row that a figure is computed from gives its data a new version
(:mod:`core.dataversion`), so no cached ranking outlives the data it came from. Bulk
writes send no signals: the imports bump the version themselves.

Meetings, ratings, surveys and policies change the topic of their year only
(``reviews:2013``...), grievances the topic ``grievances``, recommendations and officials
``recommendations``; areas change everything."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_init, post_save

from core import dataversion
from districts.models import Community, District, Official, Street
from evaluations.models import Meeting, Policy, Rating, Recommendation, Survey
from grievances.models import Grievance

SOURCES: tuple[type[Model], ...] = (
    District,
    Street,
    Community,
    Policy,
    Meeting,
    Rating,
    Survey,
    Grievance,
    # shown on the dashboards, kept per data version (dashboard/views.py)
    Recommendation,
    Official,
)


YEARLY: dict[type[Model], str] = {Meeting: "reviews", Survey: "surveys", Policy: "policy"}


def topics_of(instance: Model) -> tuple[str, ...]:
    """The data topics a saved or deleted row belongs to; () for everything. A row whose
    year was edited belongs to the year it had when loaded too."""
    topic = YEARLY.get(type(instance))
    if topic is not None:
        years = {instance.year, getattr(instance, "_loaded_year", None)} - {None}  # type: ignore[attr-defined]
        return tuple(f"{topic}:{year}" for year in sorted(years))
    if isinstance(instance, Rating):
        meeting = instance._state.fields_cache.get("meeting")
        # without its meeting at hand, the rating's year would cost a query: everything
        return topics_of(meeting) if isinstance(meeting, Meeting) else ()
    if isinstance(instance, Grievance):
        return ("grievances",)
    if isinstance(instance, Recommendation | Official):
        return ("recommendations",)  # what no ranking reads: the dashboards' tables
    return ()


def remember_year(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    instance._loaded_year = instance.__dict__.get("year")  # type: ignore[attr-defined]


def year_topics(year: int) -> tuple[str, ...]:
    """What a year's figures are computed from (the areas are part of everything)."""
    return (f"reviews:{year}", f"surveys:{year}", f"policy:{year}", "grievances")


def ranking_topics(year: int) -> tuple[str, ...]:
    """What a year's rankings are computed from: that year and the year before (the
    change of rank, two last places in a row)."""
    return (*year_topics(year), *year_topics(year - 1))


FIRST_YEAR = 2000  # the earliest year a meeting or survey may have (their forms' minimum)


def history_topics(year: int) -> tuple[str, ...]:
    """What figures of every year up to ``year`` are computed from."""
    return tuple(t for y in range(FIRST_YEAR, year + 1) for t in year_topics(y))


def data_changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    dataversion.bump(*topics_of(instance))


def connect() -> None:
    for model in YEARLY:
        post_init.connect(remember_year, sender=model, dispatch_uid=f"data-version-year-{model}")
    for model in SOURCES:
        post_save.connect(data_changed, sender=model, dispatch_uid=f"data-version-save-{model}")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"data-version-delete-{model}")
