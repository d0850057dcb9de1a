"""The stable ranking output of DOMAIN.md (CSV, JSON, XLSX), shared by the command,
the pages' exports and the tests.

The command's CSV and JSON are exact, for programs (DOMAIN.md's columns and flag keys).
The pages' downloads are for people: their CSV and the XLSX's first sheet have headers and
flags in the page's language; the XLSX's ``data`` sheet keeps the stable columns. Both go
through :mod:`core.export_safety`, so an area's name cannot run as a formula in a
spreadsheet."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext

from core import export_safety
from evaluations.selectors import rounded

from .assessment import AreaResult, LeagueRow
from .flags import FLAG_TEXT
from .uncertainty import Interval

COLUMNS = (
    "rank",
    "main_urban_rank",
    "code",
    "name",
    "safety_index",
    "satisfaction",
    "grievance_resolution_rate",
    "key_dispute_resolution_rate",
    "composite",
    "flags",
)


def rows(results: list[AreaResult], level: str) -> list[dict[str, Any]]:
    out = []
    for result in results:
        row = result.as_row()
        if level != "district":
            row["main_urban_rank"] = None
        out.append(row)
    return out


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def to_csv(data: list[dict[str, Any]]) -> str:
    """The exact CSV of ``manage.py rankings``, for programs."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for row in data:
        writer.writerow([_text(row[c]) for c in COLUMNS])
    return buffer.getvalue()


def to_csv_for_people(results: list[AreaResult], level: str) -> str:
    """The pages' CSV, for people: the columns of the XLSX's first sheet (headers, flags
    and yes/no in the page's language, names beside codes), text cells neutralised, after
    a byte order mark so that Excel on a Chinese desktop reads the names as UTF-8. The
    stable columns of DOMAIN.md are the command's (:func:`to_csv`) and the XLSX's ``data``
    sheet."""
    return export_safety.BOM + export_safety.csv_text(
        human_header(level), human_rows(results, level), text=_text, lineterminator="\n"
    )


def _json_value(value: Any) -> str:
    if isinstance(value, Decimal):
        return f"{value:.2f}"  # a JSON number with exactly two decimals
    return json.dumps(value, ensure_ascii=False)


def to_json(data: list[dict[str, Any]]) -> str:
    objects = [
        "  {" + ", ".join(f'"{c}": {_json_value(row[c])}' for c in COLUMNS) + "}" for row in data
    ]
    return "[\n" + ",\n".join(objects) + "\n]\n" if objects else "[]\n"


def human_header(level: str) -> list[str]:
    """The first sheet's headers, in the active language."""
    return [
        gettext("Rank"),
        gettext("Main urban rank"),
        gettext("District") if level == "district" else gettext("Street"),
        gettext("Code"),
        gettext("S safety index"),
        gettext("S interval (95 percent)"),
        gettext("Respondents"),
        gettext("R review satisfaction"),
        gettext("Counted meetings"),
        gettext("G grievance resolution"),
        gettext("G interval (95 percent)"),
        gettext("Grievances"),
        gettext("K key dispute resolution"),
        gettext("K interval (95 percent)"),
        gettext("Key disputes"),
        gettext("Composite"),
        gettext("Composite change since last year"),
        gettext("Places gained since last year"),
        gettext("Flags"),
        gettext("Thin data"),
    ]


def human_rows(results: list[AreaResult], level: str) -> list[list[Any]]:
    """The first sheet's rows: figures as numbers (2 decimals), words in the active
    language."""
    out = []
    for r in results:
        intervals = r.intervals
        out.append(
            [
                r.rank,
                r.main_urban_rank if level == "district" else None,
                r.name,
                r.code,
                rounded(r.safety_index),
                _interval(intervals["safety_index"]),
                r.respondents,
                rounded(r.satisfaction),
                r.meetings,
                rounded(r.grievance_resolution_rate),
                _interval(intervals["grievance_resolution_rate"]),
                r.grievances,
                rounded(r.key_dispute_resolution_rate),
                _interval(intervals["key_dispute_resolution_rate"]),
                r.key_disputes,
                r.composite,
                r.composite_change,
                r.rank_change,
                "; ".join(str(FLAG_TEXT[f]) for f in r.flags),
                gettext("yes") if r.thin else gettext("no"),
            ]
        )
    return out


def _interval(interval: Interval | None) -> str:
    return "" if interval is None else str(interval)


def to_xlsx(results: list[AreaResult], level: str, title: str) -> bytes:
    """The pages' XLSX: the first sheet for people (headers and words in the page's
    language), the second, ``data``, the stable columns of DOMAIN.md. Figures are numbers
    shown with two decimals, text is never a formula."""
    data = rows(results, level)
    return export_safety.xlsx_bytes(
        title=title,
        header=human_header(level),
        rows=human_rows(results, level),
        data=(COLUMNS, [[row[c] for c in COLUMNS] for row in data]),
    )


def league_header() -> list[str]:
    """The league's columns as the page heads them, in the active language."""
    return [
        gettext("Rank"),
        gettext("Community"),
        gettext("Code"),
        gettext("Street"),
        gettext("Mean score"),
        gettext("Officials rated"),
        gettext("Keeping rate"),
    ]


LEAGUE_DATA = (
    "rank",
    "community_code",
    "community_name",
    "street_code",
    "mean_score",
    "officials",
    "keeping_rate",
)
Rates = dict[str, dict[str, Any]]  # evaluations.promises.summaries.keeping_rates


def _keeping_rate(rates: Rates | None, row: LeagueRow) -> Any:
    figures = (rates or {}).get(row.community.code)
    return rounded(figures["keeping_rate"]) if figures else None


def league_rows(rows: list[LeagueRow], rates: Rates | None = None) -> list[list[Any]]:
    """The league's rows as the page shows them: the mean score and the keeping rate of
    the quarter's verdicts half-up to 2 decimals."""
    return [
        [
            r.rank,
            r.community.name,
            r.community.code,
            r.community.street.name,
            rounded(r.mean_score),
            r.officials,
            _keeping_rate(rates, r),
        ]
        for r in rows
    ]


def league_csv(rows: list[LeagueRow], rates: Rates | None = None) -> str:
    """The league's CSV, for people (after a byte order mark, text neutralised)."""
    return export_safety.BOM + export_safety.csv_text(
        league_header(), league_rows(rows, rates), text=_text, lineterminator="\n"
    )


def league_xlsx(rows: list[LeagueRow], title: str, rates: Rates | None = None) -> bytes:
    """The league's XLSX: the page's columns, then the ``data`` sheet with codes."""
    data = [
        [
            r.rank,
            r.community.code,
            r.community.name,
            r.community.street.code,
            rounded(r.mean_score),
            r.officials,
            _keeping_rate(rates, r),
        ]
        for r in rows
    ]
    return export_safety.xlsx_bytes(
        title=title,
        header=league_header(),
        rows=league_rows(rows, rates),
        data=(LEAGUE_DATA, data),
    )
