"""Demo promises (DOMAIN.md "Promises"), through the same ``promises`` import as real data.

The report's story: at Wanfeng's (万丰社区) 2009 Q3 meeting, after two wall-climbing
burglaries, the community police officer promised a night patrol from midnight to 6 a.m.;
it was reported done in October and judged kept at the 2009 Q4 meeting (31 kept, 2 not
kept, or as near as the number present allows). Its street's police station promised
anti-climbing guards on the compound's wall, kept too.

Elsewhere a mix, so every figure and state has rows: kept and not kept verdicts at
2010 Q1, one not-kept promise renewed once at its judging meeting (Baishiyi village's
officer, still unsatisfied), and the promises of 2010 Q2 with no verdict yet: overdue on
any day after 2010-09-30 (the demo's "today" is the real one).
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass

from core import interchange

from .models import Meeting, Promise
from .promises import services
from .promises.rules import default_due_on


@dataclass(frozen=True)
class DemoPromise:
    community: str
    year: int
    quarter: int
    number: int
    owner: str
    text: str
    done_on: str = ""
    verdict: tuple[int, int] | None = None  # (kept, not kept), at the next quarter's meeting


WANFENG = "JB-WLD-02"
BAISHIYI_VILLAGE = "JLP-BSY-02"
PROMISES = [
    DemoPromise(
        WANFENG,
        2009,
        3,
        1,
        f"P-{WANFENG}",
        "组织夜间巡逻队，夜12点到凌晨6点在万丰花园治安薄弱地段巡逻。",
        done_on="2009-10-15",
        verdict=(31, 2),
    ),
    DemoPromise(
        WANFENG,
        2009,
        3,
        2,
        "street-dept:police",
        "在万丰花园围墙加装防攀爬设施，维修小区监控探头。",
        done_on="2009-11-20",
        verdict=(28, 3),
    ),
    DemoPromise(
        "JB-WLD-01",
        2009,
        4,
        1,
        "D-JB-WLD-01",
        "整治楼道堆放杂物，消除消防隐患。",
        done_on="2010-02-10",
        verdict=(30, 4),
    ),
    DemoPromise(
        "JB-GYQ-01", 2009, 4, 1, "P-JB-GYQ-01", "在观音桥步行街增设夜间巡逻岗。", verdict=(12, 25)
    ),
    DemoPromise(
        BAISHIYI_VILLAGE,
        2009,
        4,
        1,
        f"P-{BAISHIYI_VILLAGE}",
        "每月走访村里独居老人，开展防诈骗宣传。",
        verdict=(6, 15),
    ),
    DemoPromise(
        "YZ-JFB-01",
        2009,
        4,
        1,
        "S-YZ-JFB-01",
        "规范民生路沿街停车秩序。",
        done_on="2010-01-20",
        verdict=(25, 9),
    ),
    DemoPromise("JB-WLD-05", 2010, 2, 1, "P-JB-WLD-05", "东原社区增设路灯和监控探头。"),
    DemoPromise(
        "JLP-YJP-01", 2010, 2, 1, "D-JLP-YJP-01", "调解西郊社区邻里噪音纠纷。", done_on="2010-08-01"
    ),
    DemoPromise("JB-SMH-02", 2010, 2, 1, "dept:mediation", "成立南桥寺社区调解小组。"),
]
RENEWED = (BAISHIYI_VILLAGE, 2009, 4, 1)  # renewed at 2010 Q1, still without a verdict


def _next(year: int, quarter: int) -> tuple[int, int]:
    return (year + 1, 1) if quarter == 4 else (year, quarter + 1)


def promises_csv(present: dict[tuple[str, int, int], int]) -> bytes:
    """The demo's promises in the ``promises`` format; a verdict's counts kept within the
    judging meeting's number present (``present``, by community code, year and quarter)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(interchange.get_kind("promises").columns)
    for p in PROMISES:
        judged: tuple[int, int] | tuple[str, str] = ("", "")
        votes: tuple[int, int] | tuple[str, str] = ("", "")
        if p.verdict is not None:
            judged = _next(p.year, p.quarter)
            room = present[(p.community, *judged)]
            kept = min(p.verdict[0], room)
            votes = (kept, min(p.verdict[1], room - kept))
        writer.writerow(
            [
                p.community,
                p.year,
                p.quarter,
                p.number,
                p.owner,
                p.text,
                default_due_on(p.year, p.quarter).isoformat(),
                p.done_on,
                *judged,
                *votes,
            ]
        )
    return out.getvalue().encode()


def seed(lines: list[str]) -> None:
    """Import the demo's promises (again: nothing changes) and renew the one renewed."""
    present = {
        (code, year, quarter): n
        for code, year, quarter, n in Meeting.objects.filter(
            community__code__in={p.community for p in PROMISES}
        ).values_list("community__code", "year", "quarter", "present")
    }
    lines.extend(interchange.run_import("promises", promises_csv(present)).lines())
    code, year, quarter, number = RENEWED
    first = Promise.objects.filter(
        meeting__community__code=code, meeting__year=year, meeting__quarter=quarter, number=number
    ).first()
    if first is not None and not Promise.objects.filter(renews=first).exists():
        services.promise_renew(promise=first, due_on=datetime.date(2010, 6, 30), user=None)
