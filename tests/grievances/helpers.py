"""Helpers shared by the grievance tests of several modules: references brought by an
import, an intake that answers with the reference it took, and a problem item."""

import datetime
import io

from django.core.management import call_command

from grievances import services

IMPORT_HEADER = (
    "reference,community_code,received_on,kind,key_dispute,summary,disposition,"
    "department,deadline,resolved_on,answered_on"
)


def import_references(tmp_path, *references):
    """Import open items of community DA-1-0 under these references."""
    path = tmp_path / "references.csv"
    rows = [f"{ref},DA-1-0,2009-03-01,complaint,no,导入,,,,," for ref in references]
    path.write_text("\n".join([IMPORT_HEADER, *rows]) + "\n", encoding="utf-8")
    call_command("import_csv", "grievances", str(path), stdout=io.StringIO())


def intake(city, user):
    """Record an item of street DA-1 received in 2009; its reference."""
    return services.grievance_create(
        community=city.a1[1],
        kind="opinion",
        summary="路灯",
        received_on=datetime.date(2009, 5, 1),
        user=user,
    ).reference


def make_problem(item, department):
    """Make ``item`` a problem item as data from before the rule leaves one: referred to
    ``department``, open, its answer sent back 3 times (timeline rows only, not escalated)."""
    from grievances.models import FollowUp, Grievance

    Grievance.objects.filter(pk=item.pk).update(
        disposition="referred", department=department, deadline=item.received_on, resolved_on=None
    )
    FollowUp.objects.bulk_create(
        [FollowUp(grievance=item, kind="returned", text="答复不具体") for _ in range(3)]
    )
