"""Demo safety surveys 2008-2010: Baishiyi town below Jiulongpo's 85% in 2009, Dadukou
district below the city minimum and last two years running."""

from __future__ import annotations

import csv
import io
import random

from core import interchange
from districts.models import Street

# (safe + fairly safe) share per street and year, in percent
SPECIAL = {
    ("JLP-BSY", 2009): 83.2,  # above the city's 80, below Jiulongpo's 85
    ("DDK-XGW", 2009): 78.6,
    ("DDK-XGW", 2010): 79.4,
    ("FL-DSM", 2008): 80.5,
}


def surveys_csv() -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(interchange.get_kind("surveys").columns)
    for code in Street.objects.order_by("code").values_list("code", flat=True):
        for year in (2008, 2009, 2010):
            rng = random.Random(f"{code}-{year}")  # noqa: S311 - demo data
            respondents = rng.randint(380, 620)
            share = SPECIAL.get((code, year), rng.uniform(88.0, 96.5))
            safe_total = round(respondents * share / 100)
            safe = round(safe_total * rng.uniform(0.45, 0.65))
            rest = respondents - safe_total
            not_very = round(rest * rng.uniform(0.6, 0.85))
            writer.writerow([code, year, safe, safe_total - safe, not_very, rest - not_very])
    return out.getvalue().encode()


def seed(lines: list[str]) -> None:
    lines.extend(interchange.run_import("surveys", surveys_csv()).lines())
