import sys
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from core import interchange
from core.progress import ProgressLine
from districts import demo
from evaluations import demo as review_demo
from evaluations import demo_surveys as survey_demo
from grievances import demo as grievance_demo
from grievances import demo_problems as problem_demo
from publication import demo as publication_demo


class Command(BaseCommand):
    help = (
        "Create (or refresh) the demo city and one login per role; safe to run again. "
        "With --scale, a generated city of Chongqing's size instead (see tools/scale.py)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        from tools.scale import SIZES

        parser.add_argument(
            "--scale",
            choices=sorted(SIZES),
            help="a generated city: city (38 districts, 1,030 streets, 11,000 communities), "
            "tenth (a tenth of it) or tiny",
        )
        parser.add_argument("--years", type=int, default=5, help="years of meetings (--scale)")
        parser.add_argument("--seed", type=int, default=2010, help="random seed (--scale)")
        parser.add_argument(
            "--folder",
            help="where the generated CSV files are written (--scale; default: a temporary "
            "folder, removed after)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["scale"]:
            self.scale(options)
            return
        self.demo()

    @transaction.atomic
    def demo(self) -> None:
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
        problem_lines: list[str] = []
        problem_demo.seed(problem_lines)  # its notice needs the district official's login
        for line in problem_lines:
            self.stdout.write(line)
        publication_lines: list[str] = []
        # after the logins: the bulletin is a notice in its district officials' inbox
        grievance_demo.seed_bulletin(publication_lines)
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

    def scale(self, options: dict[str, Any]) -> None:
        from tools import scale

        err = getattr(self.stderr, "_out", sys.stderr)  # the stream, for the progress line
        meters: list[ProgressLine] = []

        def progress(kind: str) -> ProgressLine | None:
            if meters:
                meters[-1].finish()
            if not err.isatty():
                return None
            meters.append(ProgressLine(None, err))
            meters[-1].phase = ""
            return meters[-1]

        def run(folder: Path) -> None:
            city = scale.seed(
                options["scale"],
                years=options["years"],
                seed=options["seed"],
                folder=folder,
                progress=progress,
                log=self.stdout.write,
            )
            if meters:
                meters[-1].finish()
            names = scale.seed_logins(city, demo.DEMO_PASSWORD)
            self.stdout.write(
                self.style.SUCCESS(f"Logins (password {demo.DEMO_PASSWORD}): {', '.join(names)}")
            )

        if options["folder"]:
            run(Path(options["folder"]))
        else:
            with tempfile.TemporaryDirectory(prefix="seed-scale-") as folder:
                run(Path(folder))
