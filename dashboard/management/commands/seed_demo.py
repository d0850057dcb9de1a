from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from core import interchange
from districts import demo
from evaluations import demo as review_demo
from evaluations import demo_surveys as survey_demo
from grievances import demo as grievance_demo
from publication import demo as publication_demo


class Command(BaseCommand):
    help = "Create (or refresh) the demo city and one login per role; safe to run again."

    @transaction.atomic
    def handle(self, *args: Any, **options: Any) -> None:
        report = interchange.run_import("areas", demo.areas_csv())
        lines = report.lines()
        review_demo.seed(lines)
        grievance_demo.seed(lines)
        survey_demo.seed(lines)
        # after the meetings, so they keep the roll they were held with
        lines += interchange.run_import("representatives", demo.representatives_csv()).lines()
        for line in lines:
            self.stdout.write(line)
        logins = demo.seed_logins()
        publication_lines: list[str] = []
        publication_demo.seed(publication_lines)
        for line in publication_lines:
            self.stdout.write(line)
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS("Demo logins (password for all: %s)" % demo.DEMO_PASSWORD)
        )
        for login, user in logins:
            self.stdout.write(
                f"  {login.username:<10} {user.get_role_display():<26} {user.scope_label}"
            )
