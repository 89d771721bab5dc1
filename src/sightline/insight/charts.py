"""Charts drawn on the server as SVG: a figure's trend as bars, England and the neighbours'
median as labelled lines. Pure: a figure in, shapes out; the template writes the SVG. Every
chart carries a title and a description in words (role="img"), and the page offers the same
numbers as a table ("View as a table"). No chart library, nothing from a CDN."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from sightline.insight.figures import Figure
from sightline.insight.units import Measure

WIDTH, HEIGHT = 360, 190
LEFT, RIGHT, TOP, BOTTOM = 8, 8, 22, 30  # room for the value labels and the year labels
NOT_PUBLISHED = "not published"


def number(value: float | None, measure: Measure, unit: str = "") -> str:
    """A figure in words a leader reads: 16.2%, 509.5, 2.3; "no figure" when there is none."""
    if value is None:
        return "no figure"
    if measure == Measure.PERCENT:
        return f"{value:.1f}%"
    if measure == Measure.COUNT:
        return f"{value:,.0f}"
    return f"{value:,.1f}"


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # the window, under the bar
    text: str  # the value, above it
    in_progress: bool

    @property
    def cx(self) -> float:
        return self.x + self.width / 2


@dataclass(frozen=True)
class Line:
    """A reference line across the chart; its label is in the legend under the chart."""

    y: float
    label: str
    kind: str  # "england" (dashed) or "neighbours" (dotted)

    @property
    def dash(self) -> str:
        return "8 4" if self.kind == "england" else "2 3"

    @property
    def colour(self) -> str:
        return "#0b0c0c" if self.kind == "england" else "#6f72af"

    @property
    def style(self) -> str:
        return "dashed" if self.kind == "england" else "dotted"


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: float
    left: float
    right: float
    bars: list[Bar]
    lines: list[Line]
    title: str
    description: str


def chart(f: Figure) -> Chart:
    values = [p.value for p in f.points]
    b = f.latest_benchmarks if f.comparable else None
    references: list[tuple[str, float | None, str]] = []
    if b is not None:
        references = [
            (f"England {b.year}", b.england, "england"),
            (f"Neighbours' median {b.year}", b.neighbours_median, "neighbours"),
        ]
    known = [v for v in values if v is not None] + [v for _, v, _ in references if v is not None]
    top = max(known, default=0.0)
    top = top * 1.15 if top > 0 else 1.0
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    step = plot_w / max(len(values), 1)
    bars = []
    for i, point in enumerate(f.points):
        v = point.value or 0.0
        h = plot_h * v / top
        bars.append(
            Bar(
                x=LEFT + i * step + step * 0.15,
                y=TOP + plot_h - h,
                width=step * 0.7,
                height=h,
                label=point.window.short_label,
                text=number(point.value, f.measure),
                in_progress=point.window.in_progress,
            )
        )
    lines = [
        Line(TOP + plot_h - plot_h * v / top, f"{label}: {number(v, f.measure)}", css)
        for label, v, css in references
        if v is not None
    ]
    words = [f"{p.window.label}: {number(p.value, f.measure)}" for p in f.points]
    words += [
        f"{label}: {number(v, f.measure) if v is not None else NOT_PUBLISHED}"
        for label, v, _ in references
    ]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        baseline=TOP + plot_h,
        left=LEFT,
        right=WIDTH - RIGHT,
        bars=bars,
        lines=lines,
        title=f"{f.kpi.name} ({f.unit}), by year",
        description="; ".join(words) + ".",
    )


FONT = 'font-size="13" font-family="arial, sans-serif" fill="#0b0c0c"'


def svg(c: Chart, id_: str) -> SafeString:
    """The chart as SVG markup (built here rather than in a template: a dashboard draws some
    seventy), with its legend for the reference lines in words under it."""
    parts: list[str] = [
        format_html(
            '<svg class="sl-chart" viewBox="0 0 {w} {h}" role="img" '
            'aria-labelledby="{id}-title {id}-desc" focusable="false" '
            'xmlns="http://www.w3.org/2000/svg"><title id="{id}-title">{title}</title>'
            '<desc id="{id}-desc">{desc}</desc>',
            w=c.width,
            h=c.height,
            id=id_,
            title=c.title,
            desc=c.description,
        )
    ]
    for b in c.bars:
        fill = "#5694ca" if b.in_progress else "#1d70b8"
        parts.append(
            f'<rect x="{b.x:.1f}" y="{b.y:.1f}" width="{b.width:.1f}" height="{b.height:.1f}" '
            f'fill="{fill}"/>'
            f'<text x="{b.cx:.1f}" y="{b.y - 5:.1f}" text-anchor="middle" {FONT}>'
            f"{escape(b.text)}</text>"
            f'<text x="{b.cx:.1f}" y="{c.baseline + 18:.1f}" text-anchor="middle" {FONT}>'
            f"{escape(b.label)}</text>"
        )
    parts.append(
        f'<line x1="{c.left}" x2="{c.right}" y1="{c.baseline:.1f}" y2="{c.baseline:.1f}" '
        'stroke="#0b0c0c" stroke-width="1"/>'
    )
    for line in c.lines:
        parts.append(
            f'<line x1="{c.left}" x2="{c.right}" y1="{line.y:.1f}" y2="{line.y:.1f}" '
            f'stroke="{line.colour}" stroke-width="2" stroke-dasharray="{line.dash}"/>'
        )
    parts.append("</svg>")
    if c.lines:
        legend = "".join(
            format_html(
                '<span class="govuk-!-display-block">{} line: {}</span>',
                line.style.capitalize(),
                line.label,
            )
            for line in c.lines
        )
        parts.append(f'<p class="govuk-body-s govuk-!-margin-bottom-1">{legend}</p>')
    return mark_safe("".join(parts))  # every text in it is escaped above
