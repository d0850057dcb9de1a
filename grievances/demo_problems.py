"""The demo's problem item (DOMAIN.md, "Departments answer for their work"; issue 25):
五里店街道's judicial office, the department the demo's record shows late, had an answer
sent back three times; the item is escalated to 江北区, whose official ("jiangbei") finds
it in the inbox, on the home's list and with its badge on every list.

Run after the demo's logins exist (the notice needs its reader). The escalation is the
daily job's (services.problem_escalate): the record's demo writes its judicial office's
hand-backs on the timeline as data, as an import would. If the demo has no problem item
in that street, one is made here through the steps themselves (accepted, proposed, sent
back three times by the street's staff), whose third send-back escalates it. Safe to run
again: nothing is escalated or made twice.
"""

from __future__ import annotations

import datetime

from core.workdays import add_working_days
from districts.models import Community, Department, Role, User

from . import services
from .departments.item_counts import problem_items
from .models import Grievance

STREET = "JB-WLD"
SUMMARY = "楼上住户违规改建阳台纠纷"
RECEIVED = datetime.date(2010, 6, 1)
ANSWERS = ["已电话联系双方", "已上门查看，建议双方协商", "已约双方到调解室，待回复"]
REASON = "答复未说明是否已制止改建，请补充处理结果"


def _make_one() -> None:
    department = Department.objects.filter(street__code=STREET, key="judicial").first()
    staff = User.objects.filter(role=Role.STREET_STAFF, street__code=STREET).first()
    officer = User.objects.filter(department=department).first() if department else None
    community = Community.objects.filter(street__code=STREET).order_by("code").first()
    if department is None or staff is None or officer is None or community is None:
        return
    item = services.grievance_create(
        community=community,
        kind="dispute",
        summary=SUMMARY,
        received_on=RECEIVED,
        user=staff,
    )
    services.grievance_refer(
        grievance=item,
        department=department,
        deadline=add_working_days(RECEIVED, 10),
        user=staff,
    )
    services.grievance_accept(grievance=item, user=officer)
    for answer in ANSWERS:
        services.grievance_propose(grievance=item, answer=answer, user=officer)
        services.grievance_send_back(grievance=item, reason=REASON, user=staff)


def seed(lines: list[str]) -> None:
    in_street = Grievance.objects.filter(community__street__code=STREET)
    if not problem_items(in_street).exists():
        _make_one()
    escalated = services.problem_escalate()
    problems = problem_items(in_street).order_by("reference")
    refs = ", ".join(problems.values_list("reference", flat=True))
    lines.append(
        f"Problem items of {STREET}: {refs or 'none'} (escalated to the district; "
        f"{escalated} in this run)."
    )
