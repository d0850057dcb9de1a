"""Progress of a long command on the terminal: rows done, rows per second, time left."""

from __future__ import annotations

import time
from typing import TextIO


class ProgressLine:
    """Told each step's rows (``ProgressLine(total, out)(phase, rows)``), it rewrites one
    line on ``out`` at most every ``every`` seconds: the phase, rows done of the total,
    the rate and the time left at that rate. ``total`` may be unknown (``None``)."""

    def __init__(self, total: int | None, out: TextIO, *, every: float = 1.0) -> None:
        self.total, self.out, self.every = total, out, every
        self.phase = ""
        self.done = 0
        self.started = self.shown = time.monotonic()

    def __call__(self, phase: str, rows: int) -> None:
        now = time.monotonic()
        if phase != self.phase:
            if self.phase:
                self.show(now, final=True)
            self.phase, self.done, self.started = phase, 0, now
        self.done += rows
        if now - self.shown >= self.every or (self.total and self.done >= self.total):
            self.show(now)

    def show(self, now: float, *, final: bool = False) -> None:
        self.shown = now
        elapsed = max(now - self.started, 1e-6)
        rate = self.done / elapsed
        of = f"/{self.total:,}" if self.total else ""
        line = f"{self.phase}: {self.done:,}{of} rows, {rate:,.0f} rows/s"
        if self.total and rate > 0 and not final:
            left = max(self.total - self.done, 0) / rate
            line += f", about {int(left // 60)}m{int(left % 60):02d}s left"
        if final:
            line += f", {elapsed:.1f} s"
        self.out.write(f"\r{line}\033[K" + ("\n" if final else ""))
        self.out.flush()

    def finish(self) -> None:
        if self.phase:
            self.show(time.monotonic(), final=True)
