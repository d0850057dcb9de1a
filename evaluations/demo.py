"""Demo officials and quarterly reviews, 2008 Q4 to 2010 Q2, for the demo city.

Built on the report: Wanfeng Garden (万丰社区) rated basically satisfied in 2009 Q3 after
two wall-climbing burglaries, Wulidian's communities very satisfied by 2010 Q2, a police
officer in Taping (塔坪社区) unsatisfied two quarters running in 2009 and replaced, and one
in Baishiyi town unsatisfied in 2010 Q1 and Q2 whose recommendation is still open.
Their promises and verdicts: :mod:`.demo_promises`. Everything goes in through the same
CSV imports and services as real data.
"""

from __future__ import annotations

import csv
import datetime
import io
import random

from core import interchange
from districts.models import Community

from . import demo_promises, services
from .models import Meeting, Recommendation

QUARTERS = [(2008, 4), (2009, 1), (2009, 2), (2009, 3), (2009, 4), (2010, 1), (2010, 2)]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
GIVEN = [
    "建国",
    "秀英",
    "志强",
    "丽华",
    "海燕",
    "国平",
    "小红",
    "德明",
    "桂兰",
    "文杰",
    "晓东",
    "春梅",
    "永红",
    "成刚",
    "玉兰",
    "家豪",
    "雪梅",
    "大伟",
]
ROLES = [("director", "居委会"), ("police", "派出所"), ("specialist", "综治办")]

TAPING = "JB-WLD-03"  # the officer replaced in 2009
WANFENG = "JB-WLD-02"
BAISHIYI_VILLAGE = "JLP-BSY-02"
NO_QUORUM = ("JB-GYQ-03", 2009, 4)
LONG_NAMED = {"D-JB-WLD-10": "阿卜杜热合曼·买买提明"}  # how pages wrap a long name


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _street_name(community: Community) -> str:
    return community.street.name.removesuffix("街道").removesuffix("镇")


def officials_csv(communities: list[Community]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(interchange.get_kind("officials").columns)
    for community in communities:
        rng = random.Random(community.code)  # noqa: S311 - demo data, not secrets
        for role, body in ROLES:
            organisation = (
                f"{_street_name(community)}{body}"
                if role != "director"
                else f"{community.name}{body}"
            )
            code = f"{role[0].upper()}-{community.code}"
            end = "2009-07-15" if (role == "police" and community.code == TAPING) else ""
            name = _name(rng)  # drawn for every official, so the others stay the same
            writer.writerow(
                [
                    code,
                    LONG_NAMED.get(code, name),
                    role,
                    organisation,
                    community.code,
                    "2008-01-01",
                    end,
                ]
            )
            if end:
                writer.writerow(
                    [f"{code}-B", "周永红", role, organisation, community.code, "2009-07-16", ""]
                )
    return out.getvalue().encode()


def _votes(rng: random.Random, present: int, profile: tuple[int, int, int, int]) -> list[int]:
    """Split about 95% of those present between the four levels by the profile's weights."""
    voting = max(1, round(present * rng.uniform(0.9, 1.0)))
    weights = [max(0.0, w + rng.uniform(-4, 4)) for w in profile]
    total = sum(weights) or 1
    counts = [int(voting * w / total) for w in weights]
    counts[0] += voting - sum(counts)
    return counts


def _profile(code: str, role: str, year: int, quarter: int) -> tuple[int, int, int, int]:
    if role == "police" and code == TAPING and (year, quarter) in ((2009, 1), (2009, 2)):
        return (5, 10, 25, 60)  # unsatisfied, vetoed
    if role == "police" and code == BAISHIYI_VILLAGE and year == 2010:
        return (5, 15, 30, 50)
    if code == WANFENG and (year, quarter) == (2009, 3):
        return (10, 25, 55, 10)  # basically satisfied
    if code.startswith("JB-WLD") and (year, quarter) == (2010, 2):
        return (85, 12, 3, 0)  # very satisfied
    if code.startswith("JLP-BSY"):
        return (35, 35, 20, 10)
    return (55, 30, 12, 3)


def reviews_csv(communities: list[Community]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(interchange.get_kind("reviews").columns)
    for community in communities:
        for year, quarter in QUARTERS:
            rng = random.Random(f"{community.code}-{year}-{quarter}")  # noqa: S311
            roll = community.representatives
            present = max(1, round(roll * rng.uniform(0.62, 0.95)))
            if (community.code, year, quarter) == NO_QUORUM:
                present = roll // 2 - 2
            held_on = datetime.date(year, 3 * quarter, 10 + rng.randrange(15))
            for role, _body in ROLES:
                code = f"{role[0].upper()}-{community.code}"
                if code == f"P-{TAPING}" and (year, quarter) >= (2009, 3):
                    code = f"{code}-B"
                counts = _votes(rng, present, _profile(community.code, role, year, quarter))
                writer.writerow(
                    [community.code, year, quarter, held_on.isoformat(), present, code, *counts]
                )
    return out.getvalue().encode()


def seed(lines: list[str]) -> None:
    communities = list(Community.objects.select_related("street").order_by("code"))
    for kind, data in (
        ("officials", officials_csv(communities)),
        ("reviews", reviews_csv(communities)),
    ):
        lines.extend(interchange.run_import(kind, data).lines())
    wanfeng = Meeting.objects.filter(community__code=WANFENG, year=2009, quarter=3).first()
    if wanfeng is not None and not wanfeng.asked:
        wanfeng.asked = "小区发生两起盗窃案，窃贼都是翻墙进入万丰花园。"
        wanfeng.promised = (
            "采取措施加强小区安保：组织夜间巡逻队，夜12点到凌晨6点在治安薄弱地段巡逻。"
        )
        wanfeng.version += 1
        wanfeng.save()
    taping = Recommendation.objects.standing().filter(community__code=TAPING, role="police").first()
    if taping is not None and not taping.outcome:
        services.recommendation_send(
            recommendation=taping,
            sent_on=datetime.date(2009, 7, 2),
            addressed_to=taping.addressed_to,
            user=None,
        )
        services.recommendation_close(
            recommendation=taping,
            outcome=Recommendation.Outcome.REPLACED,
            outcome_on=datetime.date(2009, 7, 15),
            reason="",
            user=None,
        )
    demo_promises.seed(lines)  # after the meetings they were made and judged at
