"""Small charts drawn on the server as inline SVG: no script, nothing for the CSP to refuse.

Each chart is an ``<svg role="img">`` labelled by its ``<title>`` and ``<desc>``; every bar and
point carries its own ``<title>`` (label and value) for screen readers and hover. In a
right-to-left page the charts are mirrored: labels on the right, bars growing leftwards, time
running from right to left. Colours and sizes are presentation attributes, not inline styles.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from peyvand.core.digits import persian_digits

WIDTH = 640
BAR_HEIGHT = 22
BAR_GAP = 8
LABEL_WIDTH = 240
LABEL_CHARS = 30
VALUE_ROOM = 48
BAR_COLOUR = "#0b6e4f"
LINE_COLOUR = "#0b6e4f"
AXIS_COLOUR = "#9aa5b1"
_ids = itertools.count(1)

Number = int | float


@dataclass(frozen=True)
class ChartText:
    """What the reader sees around the shapes: the heading, a sentence, and how numbers read."""

    title: str
    description: str
    rtl: bool = False
    persian_digits: bool = False

    def number(self, value: Number) -> str:
        text = f"{value:g}" if isinstance(value, float) else str(value)
        return persian_digits(text) if self.persian_digits else text


def _frame(text: ChartText, height: int, shapes: SafeString, kind: str) -> SafeString:
    ident = f"chart-{next(_ids)}"
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart {kind}" role="img" '
        'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMidYMin meet" '
        'aria-labelledby="{ident}-title {ident}-desc" direction="{direction}">'
        '<title id="{ident}-title">{title}</title><desc id="{ident}-desc">{desc}</desc>'
        "{shapes}</svg>",
        kind=kind,
        width=WIDTH,
        height=height,
        ident=ident,
        direction="rtl" if text.rtl else "ltr",
        title=text.title,
        desc=text.description,
        shapes=shapes,
    )


def bar_chart(text: ChartText, bars: Sequence[tuple[str, Number]]) -> SafeString:
    """Horizontal bars, one per ``(label, value)``, scaled to the largest value."""
    largest = max((value for _label, value in bars), default=0) or 1
    room = WIDTH - LABEL_WIDTH - VALUE_ROOM
    rows = []
    for index, (label, value) in enumerate(bars):
        top = BAR_GAP + index * (BAR_HEIGHT + BAR_GAP)
        length = round(room * value / largest, 1)
        rows.append(_bar(text, str(label), value, top, length))
    height = BAR_GAP + len(bars) * (BAR_HEIGHT + BAR_GAP) or BAR_HEIGHT
    return _frame(text, height, mark_safe("".join(rows)), "bars")  # noqa: S308 (built by format_html)


def label_lines(label: str) -> list[str]:
    """A label broken at spaces into at most two lines of ``LABEL_CHARS``; only what does not
    fit in two lines is cut (the bar's title always holds the whole label)."""
    lines: list[str] = []
    current = ""
    for word in label.split():
        candidate = f"{current} {word}" if current else word
        if len(candidate) <= LABEL_CHARS or not current:
            current = candidate
            continue
        lines.append(current)
        current = word
    lines.append(current)
    if len(lines) > 2:
        lines = [lines[0], " ".join(lines[1:])]
    return [line if len(line) <= LABEL_CHARS else line[: LABEL_CHARS - 1] + "…" for line in lines]


def _label_text(lines: list[str], x: float, middle: float) -> SafeString:
    if len(lines) == 1:
        return format_html("{}", lines[0])
    return format_html(
        '<tspan x="{x}" dy="-0.55em">{first}</tspan><tspan x="{x}" dy="1.1em">{second}</tspan>',
        x=x,
        first=lines[0],
        second=lines[1],
    )


def _bar(text: ChartText, label: str, value: Number, top: int, length: float) -> str:
    # Anchors are logical: the svg's ``direction`` makes "start" the right edge in RTL, so the
    # label ends against the bars and the value starts where its bar ends, in both directions.
    middle = top + BAR_HEIGHT / 2
    if text.rtl:
        label_x, label_anchor = WIDTH - 4, "start"
        bar_x = WIDTH - LABEL_WIDTH - length
        value_x = bar_x - 4
    else:
        label_x, label_anchor = LABEL_WIDTH - 8, "end"
        bar_x = LABEL_WIDTH
        value_x = bar_x + length + 4
    return str(
        format_html(
            '<g class="bar"><title>{label}: {shown}</title>'
            '<text x="{lx}" y="{my}" text-anchor="{la}" dominant-baseline="middle" '
            'font-size="13">{short}</text>'
            '<rect x="{bx}" y="{top}" width="{length}" height="{h}" fill="{colour}" rx="2"/>'
            '<text x="{vx}" y="{my}" text-anchor="start" dominant-baseline="middle" '
            'font-size="13" font-weight="600">{shown}</text></g>',
            label=label,
            short=_label_text(label_lines(label), label_x, middle),
            shown=text.number(value),
            lx=label_x,
            my=middle,
            la=label_anchor,
            bx=bar_x,
            top=top,
            length=length,
            h=BAR_HEIGHT,
            colour=BAR_COLOUR,
            vx=value_x,
        )
    )


def line_chart(
    text: ChartText,
    points: Sequence[tuple[str, Number]],
    tick: Callable[[int], bool] | None = None,
) -> SafeString:
    """A line through ``(label, value)`` points in order (time), with a dot per point; labels
    under the axis where ``tick(index)`` says so (default: first and last)."""
    height, top, bottom = 220, 16, 180
    left, right = 16, WIDTH - 16
    largest = max((value for _label, value in points), default=0) or 1
    step = (right - left) / max(len(points) - 1, 1)

    def x_at(index: int) -> float:
        offset = index * step
        return round(right - offset if text.rtl else left + offset, 1)

    def y_at(value: Number) -> float:
        return round(bottom - (bottom - top) * value / largest, 1)

    ticks = tick or (lambda index: index in (0, len(points) - 1))
    coordinates = " ".join(f"{x_at(i)},{y_at(v)}" for i, (_label, v) in enumerate(points))
    dots = format_html_join(
        "",
        '<circle class="point" cx="{}" cy="{}" r="3.5" fill="{}"><title>{}: {}</title></circle>',
        (
            (x_at(i), y_at(value), LINE_COLOUR, label, text.number(value))
            for i, (label, value) in enumerate(points)
        ),
    )
    labels = format_html_join(
        "",
        '<text x="{}" y="{}" text-anchor="middle" font-size="12">{}</text>',
        ((x_at(i), bottom + 22, label) for i, (label, _v) in enumerate(points) if ticks(i)),
    )
    shapes = format_html(
        '<line x1="{l}" y1="{b}" x2="{r}" y2="{b}" stroke="{axis}"/>'
        '<text x="{peak_x}" y="{peak_y}" text-anchor="start" font-size="12">{peak}</text>'
        '<polyline points="{coordinates}" fill="none" stroke="{colour}" stroke-width="2"/>'
        "{dots}{labels}",
        l=left,
        r=right,
        b=bottom,
        axis=AXIS_COLOUR,
        peak_x=right if text.rtl else left,
        peak_y=top - 4,
        peak=text.number(largest),
        coordinates=coordinates,
        colour=LINE_COLOUR,
        dots=dots,
        labels=labels,
    )
    return _frame(text, height, shapes, "line")
