"""The demo's departments' record (DOMAIN.md, "Departments answer for their work"):
五里店街道's police station accepts and resolves on time, its judicial office does not
(late acceptances, late resolutions, an answer sent back three times, a reopening by an
unsatisfied verdict). Items referred April to June 2010, the demo's last quarter.

The items are recorded and referred through the services, as at intake; the department's
steps (no account exists yet when the demo's grievances are seeded) are written on the
timeline as the services write them, at the moments the story needs.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import F

from core.workdays import add_working_days
from districts.models import Community, Department

from ..models import FollowUp, Grievance, HandBack, Verdict
from ..models.grievance import RESIDENT_UNSATISFIED
from ..services import grievance_create, grievance_refer

STREET = "JB-WLD"
REFERRED_ON = [
    datetime.date(2010, 4, 7),
    datetime.date(2010, 4, 21),
    datetime.date(2010, 5, 12),
    datetime.date(2010, 5, 26),
    datetime.date(2010, 6, 9),
]
POLICE = [
    "夜间小区门口聚集喧哗",
    "电动车被盗",
    "出租屋人员登记不全",
    "网吧未成年人出入",
    "夜市斗殴隐患",
]
JUDICIAL = ["邻里宅基地纠纷调解", "拖欠装修款纠纷", "赡养老人纠纷", "租房押金纠纷", "工伤赔偿纠纷"]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))


def _step(item: Grievance, kind: str, day: datetime.date, hour: int, text: str = "") -> None:
    row = FollowUp.objects.create(grievance=item, kind=kind, text=text)
    FollowUp.objects.filter(pk=row.pk).update(at=_at(day, hour))


def _referred(
    community: Community, department: Department, summary: str, day: datetime.date
) -> Grievance:
    item = grievance_create(
        community=community, kind="complaint", summary=summary, received_on=day, user=None
    )
    grievance_refer(
        grievance=item, department=department, deadline=add_working_days(day, 10), user=None
    )
    FollowUp.objects.filter(grievance=item).update(at=_at(day, 9))
    return item


def _accept(item: Grievance, day: datetime.date) -> None:
    _step(item, FollowUp.Kind.ACCEPTED, day, 10)
    Grievance.objects.filter(pk=item.pk).update(accepted_at=_at(day, 10))


def _resolve(item: Grievance, day: datetime.date, answer: str, verdict: str) -> None:
    _step(item, FollowUp.Kind.PROPOSED, day, 11, answer)
    _step(item, FollowUp.Kind.CONFIRMED, day, 14, answer)
    _step(item, FollowUp.Kind.VERDICT, day, 16, verdict)
    Grievance.objects.filter(pk=item.pk).update(
        resolved_on=day,
        answered_on=day,
        answer=answer,
        verdict=verdict,
        verdict_on=day,
        version=F("version") + 1,
    )


def _send_back_three_times(item: Grievance, day: datetime.date) -> None:
    for n in range(3):
        when = add_working_days(day, 2 * n + 1)
        _step(item, FollowUp.Kind.PROPOSED, when, 11, "已联系双方，建议自行协商")
        _step(item, FollowUp.Kind.RETURNED, when, 15, "未说明调解结果，请补充")
    Grievance.objects.filter(pk=item.pk).update(
        proposed_answer="已联系双方，建议自行协商",
        handed_back=HandBack.SENT_BACK,
        handed_back_at=_at(when, 15),
        handed_back_reason="未说明调解结果，请补充",
        version=F("version") + 1,
    )


def _reopen(item: Grievance, day: datetime.date) -> None:
    _step(item, FollowUp.Kind.REOPENED, day, 16, RESIDENT_UNSATISFIED)
    Grievance.objects.filter(pk=item.pk).update(
        resolved_on=None,
        accepted_at=None,
        handed_back=HandBack.REOPENED_BY_RESIDENT,
        handed_back_at=_at(day, 16),
        handed_back_reason=RESIDENT_UNSATISFIED,
        version=F("version") + 1,
    )


def seed(lines: list[str]) -> None:
    police = Department.objects.filter(street__code=STREET, key="police").first()
    judicial = Department.objects.filter(street__code=STREET, key="judicial").first()
    communities = list(Community.objects.filter(street__code=STREET).order_by("code")[:5])
    if police is None or judicial is None or not communities:
        return
    if Grievance.objects.filter(department=judicial, summary__in=JUDICIAL).exists():
        return  # seeded before: `make run` seeds at every start
    for n, day in enumerate(REFERRED_ON):
        community = communities[n % len(communities)]
        item = _referred(community, police, POLICE[n], day)
        _accept(item, day)  # the same day: on time
        verdict = Verdict.BASICALLY_SATISFIED if n == 2 else Verdict.SATISFIED
        _resolve(item, add_working_days(day, 6), "已处理并回访", verdict)
        late = _referred(community, judicial, JUDICIAL[n], day)
        _accept(late, add_working_days(day, 3))  # three working days: late
        if n == 0:  # sent back three times, still open long past its deadline
            _send_back_three_times(late, add_working_days(day, 3))
            continue
        resolved = add_working_days(day, 14)  # after the deadline of 10 working days
        verdict = Verdict.UNSATISFIED if n in (1, 3) else Verdict.BASICALLY_SATISFIED
        _resolve(late, resolved, "已组织调解", verdict)
        if n == 1:
            _reopen(late, resolved)
    lines.append(
        "Departments' record: 五里店's police station on time, its judicial office late "
        "(5 items each, April to June 2010): "
        "/grievances/departments/?from=2010-04-01&to=2010-06-30"
    )
