"""The ``officials`` CSV kind: officials and their postings to communities."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from core.history import recorded_user
from core.interchange import ImportReport, Kind, Row, RowError

from ..models import Community, Official, OfficialRole, Posting, User
from ..scoping import manageable, visible
from .areas import same_as_first
from .fields import TermRowForm, code_field, differs


class OfficialRowForm(TermRowForm):
    official_code = code_field()
    name = forms.CharField(max_length=100)
    role = forms.ChoiceField(choices=OfficialRole.choices)
    organisation = forms.CharField(max_length=100, required=False)
    community_code = code_field()


class OfficialsKind(Kind):
    """``officials``: one row per posting of an official to a community."""

    name = "officials"
    verbose_name = gettext_lazy("Officials and their postings")
    columns = (
        "official_code",
        "name",
        "role",
        "organisation",
        "community_code",
        "start_date",
        "end_date",
    )
    row_form = OfficialRowForm
    # The rows `make bench` imports of this kind (once the admin page's limit per request).
    # Measured by `make bench` on the 2-core machine as a city administrator: 3,000 rows
    # took 8.6-10.1 s new and 7.3-8.5 s all changed (13.5 s once, with the machine busy).
    max_upload_rows = 3_000

    def check(self, rows: list[Row], *, user: User | None = None) -> list[RowError]:
        errors: list[RowError] = []
        codes = {r.data["community_code"] for r in rows if r.has("community_code")}
        communities = Community.objects.filter(code__in=codes)
        if user is not None:
            communities = manageable(user, communities)
        known = set(communities.values_list("code", flat=True))
        names: dict[str, Row] = {}
        postings: dict[tuple[str, str, Any], Row] = {}
        for row in rows:
            d = row.data
            if row.has("community_code") and d["community_code"] not in known:
                errors.append(
                    RowError(
                        row.number,
                        "community_code",
                        _("unknown community %(code)s.") % {"code": d["community_code"]},
                    )
                )
            if row.has("official_code"):
                first = names.setdefault(d["official_code"], row)
                errors += same_as_first(
                    row,
                    first,
                    ("name",),
                    _("differs from row %(row)s for the same official_code %(code)s."),
                    d["official_code"],
                )
            if row.has("official_code", "community_code", "start_date"):
                key = (d["official_code"], d["community_code"], d["start_date"])
                first = postings.setdefault(key, row)
                if first is not row:
                    errors.append(
                        RowError(
                            row.number,
                            "start_date",
                            _(
                                "the same posting (official, community, start date) "
                                "is already on row %(row)s."
                            )
                            % {"row": first.number},
                        )
                    )
        return errors

    def apply(self, rows: list[Row], report: ImportReport, *, user: User | None = None) -> None:
        history_user = recorded_user(user)
        now = timezone.now()
        officials = self._apply_officials(rows, report, history_user, now)
        self._apply_postings(rows, report, officials, history_user, now)
        report.unchanged[_("officials")] += len(officials) - (
            report.created[_("officials")] + report.updated[_("officials")]
        )

    @staticmethod
    def _apply_officials(
        rows: list[Row], report: ImportReport, history_user: User | None, now: datetime.datetime
    ) -> dict[str, Official]:
        """The officials of the file, new ones created and renamed ones updated, by code."""
        officials = {
            o.code: o
            for o in Official.objects.filter(code__in={r.data["official_code"] for r in rows})
        }
        label = _("officials")
        new_officials: list[Official] = []
        renamed: dict[int, Official] = {}
        for row in rows:
            d = row.data
            official = officials.get(d["official_code"])
            if official is None:
                official = Official(code=d["official_code"], name=d["name"])
                officials[official.code] = official
                new_officials.append(official)
                report.created[label] += 1
            elif official.name != d["name"]:
                official.name = d["name"]
                official.updated_at = now
                if official.pk and official.pk not in renamed:
                    renamed[official.pk] = official
                    report.updated[label] += 1
        # in bulk, each with its history row (same who), as a save of each would
        bulk_create_with_history(
            new_officials, Official, batch_size=2000, default_user=history_user, default_date=now
        )
        bulk_update_with_history(
            list(renamed.values()),
            Official,
            fields=["name", "updated_at"],
            batch_size=2000,
            default_user=history_user,
            default_date=now,
        )
        return officials

    @staticmethod
    def _apply_postings(
        rows: list[Row],
        report: ImportReport,
        officials: dict[str, Official],
        history_user: User | None,
        now: datetime.datetime,
    ) -> None:
        """The postings of the file, matched by official, community and start date."""
        communities = dict(
            Community.objects.filter(code__in={r.data["community_code"] for r in rows}).values_list(
                "code", "pk"
            )
        )
        existing = {
            (p.official_id, p.community_id, p.start_date): p
            for p in Posting.objects.filter(official__in=officials.values())
        }
        label = _("postings")
        new_postings: list[Posting] = []
        changed: dict[int, Posting] = {}
        for row in rows:
            d = row.data
            official = officials[d["official_code"]]
            key = (official.pk, communities[d["community_code"]], d["start_date"])
            values = {
                "role": d["role"],
                "organisation": d["organisation"],
                "end_date": d["end_date"],
            }
            posting = existing.get(key)
            if posting is None:
                posting = Posting(
                    official=official, community_id=key[1], start_date=d["start_date"], **values
                )
                new_postings.append(posting)
                report.created[label] += 1
            elif differs(posting, values):
                for k, v in values.items():
                    setattr(posting, k, v)
                posting.updated_at = now
                if posting.pk:
                    changed[posting.pk] = posting
                report.updated[label] += 1
            else:
                report.unchanged[label] += 1
                continue
            # the field rules in memory; the database enforces the constraints
            posting.full_clean(
                exclude=["official", "community"], validate_unique=False, validate_constraints=False
            )
            existing[key] = posting
        bulk_create_with_history(
            new_postings, Posting, batch_size=2000, default_user=history_user, default_date=now
        )
        bulk_update_with_history(
            list(changed.values()),
            Posting,
            fields=["role", "organisation", "end_date", "updated_at"],
            batch_size=2000,
            default_user=history_user,
            default_date=now,
        )

    def export_rows(
        self, *, year: int | None = None, user: User | None = None
    ) -> Iterator[dict[str, Any]]:
        postings = Posting.objects.all() if user is None else visible(user, Posting.objects.all())
        for p in postings.select_related("official", "community").order_by(
            "official__code", "community__code", "start_date"
        ):
            yield {
                "official_code": p.official.code,
                "name": p.official.name,
                "role": p.role,
                "organisation": p.organisation,
                "community_code": p.community.code,
                "start_date": p.start_date.isoformat(),
                "end_date": p.end_date.isoformat() if p.end_date else "",
            }
