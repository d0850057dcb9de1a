"""Enqueue the periodic jobs (core.jobs.periodic) when their period comes: once per period
even with several schedulers running. ``--once``: one pass, then exit (cron, tests)."""

from __future__ import annotations

import datetime
import signal
import time
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections
from django.utils import timezone

from core.jobs import periodic_jobs, schedule_due


class Command(BaseCommand):
    help = "Enqueue the periodic jobs when due (escalation, digests), once per period."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--once", action="store_true", help="One pass, then exit.")
        parser.add_argument(
            "--interval", type=float, default=60.0, help="Seconds between passes (60)."
        )
        parser.add_argument(
            "--now",
            type=datetime.datetime.fromisoformat,
            default=None,
            help="With --once: pass as if it were this time (ISO, e.g. 2026-10-09T06:00+08:00).",
        )

    def handle(
        self,
        *args: Any,
        once: bool,
        interval: float,
        now: datetime.datetime | None,
        **options: Any,
    ) -> None:
        if now is not None and not once:
            raise CommandError("--now only goes with --once.")
        if now is not None and timezone.is_naive(now):
            now = timezone.make_aware(now)
        self.running = True

        def stop(signum: int, frame: FrameType | None) -> None:
            self.running = False

        if not once:
            signal.signal(signal.SIGTERM, stop)
            signal.signal(signal.SIGINT, stop)
            jobs = ", ".join(
                f"{j.name} ({j.every} from {j.at:%H:%M})" for j in periodic_jobs().values()
            )
            self.stdout.write(f"Scheduler: {jobs}")
        while self.running:
            for name in schedule_due(now):
                self.stdout.write(f"Enqueued {name}")
            if once:
                return
            close_old_connections()
            slept = 0.0
            while self.running and slept < interval:
                time.sleep(min(1.0, interval))
                slept += 1.0
