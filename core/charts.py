"""Small server-side SVG charts: no JavaScript, no CDN, printable, readable in both
languages. Values are Decimals from the database; only positions are computed here."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

COLOURS = ["#214a70", "#b3261e", "#1e7b34", "#9a6700", "#6b4fa0"]


def two_decimals(value: Decimal | float | int) -> str:
    """A figure as shown: half-up to 2 decimals (DOMAIN.md), never Python's half-even."""
    return str(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class _Frame:
    """Where a line chart's points go: the plot area inside the margins of the image."""

    labels: int  # how many x labels
    low: Decimal
    high: Decimal
    width: int
    height: int
    left: int = 44
    right: int = 16
    top: int = 28
    bottom: int = 40

    @property
    def span(self) -> Decimal:
        return (self.high - self.low) or Decimal(1)

    def x(self, i: int) -> float:
        plot_w = self.width - self.left - self.right
        return self.left + (plot_w * (i + 0.5) / max(self.labels, 1))

    def y(self, value: Decimal) -> float:
        plot_h = self.height - self.top - self.bottom
        clamped = min(max(Decimal(value), self.low), self.high)
        return self.top + float((self.high - clamped) / self.span) * plot_h


def line_chart(
    *,
    labels: list[str],
    series: list[tuple[str, list[Decimal | None]]],
    lines: Sequence[tuple[str, Decimal]] = (),
    low: Decimal | int = 0,
    high: Decimal | int = 100,
    title: str = "",
    width: int = 640,
    height: int = 260,
) -> SafeString:
    """Lines over categorical x labels; ``lines`` are horizontal references (thresholds)."""
    frame = _Frame(len(labels), Decimal(low), Decimal(high), width, height)
    parts: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}">',
        format_html("<title>{}</title>", title),
        *_grid(frame),
        *_x_labels(frame, labels),
        *_reference_lines(frame, lines),
    ]
    for n, (name, values) in enumerate(series):
        parts.extend(_series(frame, labels, n, name, values))
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every text is escaped


def _grid(frame: _Frame) -> list[str]:
    """Five horizontal grid lines from the bottom to the top, each with its value."""
    left, right, width = frame.left, frame.right, frame.width
    parts = []
    for step in range(5):
        value = frame.low + frame.span * step / 4
        y = frame.y(value)
        parts.append(
            f'<line data-grid="{value:.0f}" x1="{left}" x2="{width - right}" y1="{y:.1f}" '
            f'y2="{y:.1f}" stroke="#d5dae1"/><text x="{left - 6}" y="{y + 4:.1f}" '
            f'text-anchor="end" font-size="11" fill="#5b6573">{value:.0f}</text>'
        )
    return parts


def _x_labels(frame: _Frame, labels: list[str]) -> list[str]:
    return [
        format_html(
            '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="#5b6573">{}</text>',
            f"{frame.x(i):.1f}",
            frame.height - frame.bottom + 16,
            label,
        )
        for i, label in enumerate(labels)
    ]


def _reference_lines(frame: _Frame, lines: Sequence[tuple[str, Decimal]]) -> list[str]:
    """A dashed horizontal line for each reference (a threshold), named at its right end."""
    end = frame.width - frame.right
    return [
        format_html(
            '<line data-line="{}" x1="{}" x2="{}" y1="{}" y2="{}" stroke="#b3261e" '
            'stroke-dasharray="5 4"/>'
            '<text x="{}" y="{}" font-size="11" fill="#b3261e" text-anchor="end">{} {}</text>',
            two_decimals(value),
            frame.left,
            end,
            f"{frame.y(value):.1f}",
            f"{frame.y(value):.1f}",
            end,
            f"{frame.y(value) - 4:.1f}",
            name,
            two_decimals(value),
        )
        for name, value in lines
    ]


def _series(
    frame: _Frame, labels: list[str], n: int, name: str, values: list[Decimal | None]
) -> list[str]:
    """The ``n``-th series: its line, a point at each value, and its legend entry."""
    colour = COLOURS[n % len(COLOURS)]
    points = [(i, frame.x(i), frame.y(v), v) for i, v in enumerate(values) if v is not None]
    parts = []
    if len(points) > 1:  # a year without the figure has no point; the line passes it
        path = " ".join(f"{px:.1f},{py:.1f}" for _i, px, py, _v in points)
        parts.append(
            f'<polyline fill="none" stroke="{colour}" stroke-width="2.5" points="{path}"/>'
        )
    for i, px, py, v in points:
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="4" fill="{}" data-series="{}" data-label="{}" '
                'data-value="{}"><title>{}: {}</title></circle>',
                f"{px:.1f}",
                f"{py:.1f}",
                colour,
                n,
                labels[i],
                two_decimals(v),
                name,
                two_decimals(v),
            )
        )
    parts.append(
        format_html(
            '<rect x="{}" y="8" width="12" height="4" fill="{}"/>'
            '<text x="{}" y="14" font-size="12" fill="#1d232b">{}</text>',
            frame.left + n * 170,
            colour,
            frame.left + n * 170 + 16,
            name,
        )
    )
    return parts


def bar_chart(
    *, bars: list[tuple[str, int, str]], title: str = "", width: int = 480, height: int = 200
) -> SafeString:
    """Vertical bars: (label, count, colour)."""
    left, bottom, top = 16, 36, 20
    peak = max((b[1] for b in bars), default=0) or 1
    slot = (width - 2 * left) / max(len(bars), 1)
    parts: list[Any] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(title)}">',
        format_html("<title>{}</title>", title),
    ]
    for i, (label, count, colour) in enumerate(bars):
        h = (height - top - bottom) * count / peak
        bx = left + i * slot + slot * 0.15
        by = height - bottom - h
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}</title></rect>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="12">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="#5b6573">{}</text>',
                f"{bx:.1f}",
                f"{by:.1f}",
                f"{slot * 0.7:.1f}",
                f"{h:.1f}",
                colour,
                label,
                count,
                f"{bx + slot * 0.35:.1f}",
                f"{by - 4:.1f}",
                count,
                f"{bx + slot * 0.35:.1f}",
                height - bottom + 16,
                label,
            )
        )
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308
