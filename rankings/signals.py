"""Every saved or deleted row that a ranking is computed from gives the data a new
version (:mod:`core.dataversion`), so no cached ranking outlives the data it came from.
Bulk writes send no signals: the imports bump the version themselves."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.db.models.signals import post_delete, post_save

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


def data_changed(sender: type[Model], **kwargs: Any) -> None:
    dataversion.bump()


def connect() -> None:
    for model in SOURCES:
        post_save.connect(data_changed, sender=model, dispatch_uid=f"data-version-save-{model}")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"data-version-delete-{model}")
