"""Demo grievances through the same CSV import as real data.

Wulidian street: 327 items since 2008 Q4 — 240 handled on the spot, 62 resolved
afterwards, 25 hard ones referred to a department with a deadline (three still open) —
among them Wanfeng Garden's wall-climbing burglaries, answered by a night patrol from
midnight to 6 a.m. Jiulongpo: 38 key disputes, 35 resolved (92.11%).

And one departments' monthly bulletin (:func:`seed_bulletin`): Jiangbei's (the district
of Wulidian, whose departments the record's demo shows), for the latest demo month that
names a department below a threshold, generated as the job does on the next month's first
working day.
"""

from __future__ import annotations

import csv
import datetime
import io
import random
from typing import Any

from core import interchange
from districts.models import Community

from .departments import demo as record_demo
from .models import Bulletin, Grievance, GrievancePolicy

START = datetime.date(2008, 10, 1)
END = datetime.date(2010, 6, 30)
SUMMARIES = {
    "opinion": [
        "建议增设路灯",
        "建议小区增加监控探头",
        "建议加强老旧楼栋消防检查",
        "建议增设便民服务点",
        "建议规范停车秩序",
        "建议开展防诈骗宣传",
    ],
    "complaint": [
        "夜间施工噪音扰民",
        "楼道堆放杂物",
        "占道经营影响通行",
        "小区门禁损坏无人维修",
        "流动摊贩深夜喧哗",
        "犬只扰民",
    ],
    "dispute": [
        "邻里漏水纠纷",
        "物业费收取纠纷",
        "停车位归属纠纷",
        "装修噪音邻里纠纷",
        "拖欠工资纠纷",
        "房屋租赁纠纷",
    ],
}
STREET_DEPARTMENTS = ["police", "judicial", "work_safety", "petitions", "governance"]
WANFENG = "JB-WLD-02"
Writer = Any  # csv's writer type is not public


def _day(rng: random.Random) -> datetime.date:
    return START + datetime.timedelta(days=rng.randrange((END - START).days))


def _row(
    ref: str,
    community: str,
    received: datetime.date,
    kind: str,
    key: bool,
    summary: str,
    disposition: str = "",
    department: str = "",
    deadline: datetime.date | None = None,
    resolved: datetime.date | None = None,
    answered: datetime.date | None = None,
) -> list[str]:
    iso = lambda d: d.isoformat() if d else ""  # noqa: E731
    return [
        ref,
        community,
        received.isoformat(),
        kind,
        "yes" if key else "no",
        summary,
        disposition,
        department,
        iso(deadline),
        iso(resolved),
        iso(answered),
    ]


def grievances_csv(communities: dict[str, list[str]]) -> bytes:
    """The demo's grievances file: Wulidian's story, Jiulongpo's key disputes, and a few
    dozen items in every other street (the module's docstring)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(interchange.get_kind("grievances").columns)
    _write_wulidian(writer, communities["JB-WLD"])
    _write_jiulongpo(writer, communities)
    _write_other_streets(writer, communities)
    return out.getvalue().encode()


def _wulidian_plan(rng: random.Random, wld: list[str]) -> list[list[Any]]:
    """Wulidian's items as (received, community, kind, summary, disposition, department,
    deadline, resolved, answered): 240 on the spot, 61 afterwards, 25 referred (the last
    three still open), then Wanfeng Garden's burglaries."""
    plan = ["on_the_spot"] * 240 + ["afterwards"] * 61 + ["referred"] * 25  # + Wanfeng below
    rows: list[list[Any]] = []
    resolved: datetime.date | None
    deadline: datetime.date | None
    answered: datetime.date | None
    for i, disposition in enumerate(plan):
        received = _day(rng)
        kind = rng.choice(list(SUMMARIES))
        community = rng.choice(wld)
        summary = rng.choice(SUMMARIES[kind])
        if disposition == "on_the_spot":
            resolved, department, deadline = received, "", None
        elif disposition == "afterwards":
            resolved = received + datetime.timedelta(days=rng.randint(1, 30))
            department, deadline = "", None
        else:
            department = rng.choice(STREET_DEPARTMENTS)
            deadline = received + datetime.timedelta(days=rng.choice([15, 30, 60]))
            still_open = i >= len(plan) - 3
            resolved = (
                None if still_open else received + datetime.timedelta(days=rng.randint(5, 75))
            )
        answered = resolved + datetime.timedelta(days=rng.randint(0, 3)) if resolved else None
        if answered and answered > END:
            answered = None
        if resolved and resolved > END:
            resolved, answered = (None, None) if disposition == "referred" else (resolved, None)
        rows.append(
            [
                received,
                community,
                kind,
                summary,
                disposition,
                department,
                deadline,
                resolved,
                answered,
            ]
        )
    # Wanfeng Garden, 2009 Q3: two burglaries over the wall, raised at the review meeting
    rows.append(
        [
            datetime.date(2009, 9, 18),
            WANFENG,
            "complaint",
            "万丰花园两起入室盗窃，窃贼均翻墙进入小区",
            "afterwards",
            "",
            None,
            datetime.date(2009, 9, 25),
            datetime.date(2009, 9, 26),
        ]
    )
    return rows


def _write_wulidian(writer: Writer, wld: list[str]) -> None:
    """Wulidian's items in the order received, numbered per year (JB-WLD-2009-0001...)."""
    rng = random.Random("wulidian")  # noqa: S311 - demo data
    rows = _wulidian_plan(rng, wld)
    rows.sort(key=lambda r: (r[0], r[1]))
    counters: dict[int, int] = {}
    for (
        received,
        community,
        kind,
        summary,
        disposition,
        department,
        deadline,
        resolved,
        answered,
    ) in rows:
        counters[received.year] = counters.get(received.year, 0) + 1
        ref = f"JB-WLD-{received.year}-{counters[received.year]:04d}"
        writer.writerow(
            _row(
                ref,
                community,
                received,
                kind,
                kind == "dispute" and rng.random() < 0.1,
                summary,
                disposition,
                department,
                deadline,
                resolved,
                answered,
            )
        )


def _write_jiulongpo(writer: Writer, communities: dict[str, list[str]]) -> None:
    """Jiulongpo: 38 key disputes, 35 resolved; a few ordinary items besides."""
    rng = random.Random("jiulongpo")  # noqa: S311
    jlp = [c for street, codes in communities.items() if street.startswith("JLP-") for c in codes]
    street_counters: dict[tuple[str, int], int] = {}
    for i in range(38 + 20):
        key = i < 38
        received = _day(rng)
        community = rng.choice(jlp)
        street = community.rsplit("-", 1)[0]
        street_counters[(street, received.year)] = (
            street_counters.get((street, received.year), 0) + 1
        )
        ref = f"{street}-{received.year}-{street_counters[(street, received.year)]:04d}"
        resolved = (
            None if (key and i < 3) else received + datetime.timedelta(days=rng.randint(1, 40))
        )
        if resolved and resolved > END:
            resolved = END
        deadline = received + datetime.timedelta(days=45)
        writer.writerow(
            _row(
                ref,
                community,
                received,
                "dispute" if key else rng.choice(["opinion", "complaint"]),
                key,
                rng.choice(SUMMARIES["dispute" if key else "complaint"]),
                "referred",
                "mediation",
                deadline,
                resolved,
                resolved,
            )
        )


def _write_other_streets(writer: Writer, communities: dict[str, list[str]]) -> None:
    """Every other street: a few dozen items, so each area has grievance figures; Dadukou
    (大渡口区) follows up worst and ends last."""
    for street, codes in sorted(communities.items()):
        if street == "JB-WLD" or street.startswith("JLP-"):
            continue
        rng = random.Random(street)  # noqa: S311
        weak = street.startswith("DDK-")
        counters: dict[int, int] = {}
        for i in range(36):
            received = _day(rng)
            counters[received.year] = counters.get(received.year, 0) + 1
            key = i % 6 == 0
            resolved_share = 0.7 if weak else 0.96
            resolved = (
                received + datetime.timedelta(days=rng.randint(1, 20))
                if rng.random() < resolved_share
                else None
            )
            if resolved and resolved > END:
                resolved = None
            writer.writerow(
                _row(
                    f"{street}-{received.year}-{counters[received.year]:04d}",
                    rng.choice(codes),
                    received,
                    "dispute" if key else rng.choice(["opinion", "complaint"]),
                    key,
                    rng.choice(SUMMARIES["dispute" if key else "complaint"]),
                    "referred" if resolved is None or key else "afterwards",
                    "mediation" if key or resolved is None else "",
                    received + datetime.timedelta(days=30) if key or resolved is None else None,
                    resolved,
                    resolved,
                )
            )


def seed(lines: list[str]) -> None:
    communities: dict[str, list[str]] = {}
    for code, street in Community.objects.values_list("code", "street__code").order_by("code"):
        communities.setdefault(street, []).append(code)
    lines.extend(interchange.run_import("grievances", grievances_csv(communities)).lines())
    wanfeng = Grievance.objects.filter(
        community__code=WANFENG, summary__startswith="万丰花园"
    ).first()
    if wanfeng is not None and not wanfeng.answer:
        wanfeng.answer = "已组织夜间巡逻队，夜12点到凌晨6点在治安薄弱地段巡逻；此后未再发生盗窃。"
        wanfeng.version += 1
        wanfeng.save()
    record_demo.seed(lines)


BULLETIN_DISTRICT = "JB"


def _months() -> list[tuple[int, int]]:
    months, day = [], START
    while day <= END:
        months.append((day.year, day.month))
        day = datetime.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return months


def seed_bulletin(lines: list[str]) -> Bulletin | None:
    """Jiangbei's bulletin of the latest demo month that names a department below a
    threshold (with the record's demo: June 2010, 五里店's judicial office late, its police
    station on time and so not named), generated as the job does on the next month's first
    working day (once: a later run keeps it); its district's officials find it in their
    inbox."""
    from districts.models import District

    from .services.bulletin import assessed_rows, bulletins_generate, first_working_day

    district = District.objects.filter(code=BULLETIN_DISTRICT).first()
    if district is None:
        return None
    for year, month in reversed(_months()):
        after = datetime.date(year + month // 12, month % 12 + 1, 1)
        as_of = first_working_day(after.year, after.month)
        rows = assessed_rows([district.pk], year, month, as_of, GrievancePolicy.for_year(year))
        if any(r["is_below_satisfaction"] or r["is_below_on_time"] for r in rows):
            break
    else:
        return None
    # kept when there (its address is in the officials' inbox); another month's removed
    Bulletin.objects.filter(district=district).exclude(year=year, month=month).delete()
    bulletins_generate(year=year, month=month, as_of=as_of, districts=[district.pk])
    bulletin = Bulletin.objects.get(district=district, year=year, month=month)
    lines.append(
        f"departments' bulletin: {district.code} {year}-{month:02d}, "
        f"{bulletin.entries.count()} below a threshold"
    )
    return bulletin
