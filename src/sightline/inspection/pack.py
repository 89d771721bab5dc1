"""The inspection-readiness pack (decision 0033): one dated document that assembles what an
ILACS inspection asks of leaders, from the same records as everything else.

* Ofsted's Annex A (``returns.annex_a``): each list's row count, and the workbook itself;
* the KPI summary with benchmarks and trend (``insight.figures``: the catalogue, its values for
  the last three collection years and the year in progress, England, the region and the ten
  statistical neighbours' median and mean, labelled as such), grouped by National Framework
  outcome; this module computes no KPI of its own;
* the obligations overdue on the date, by rule and team (``timescales.queries``);
* the current validation failures (``validation``: the last check of the live records), by rule;
* a self-evaluation scaffold around Ofsted's three questions, each with the evidence in the pack
  that bears on it (what got worse or better, what lags the neighbours, what is overdue, what
  fails the DfE rules) and room for what the records cannot say (case audits, the voices of
  children and families).

The pack is rendered once as HTML (the page shows the same body), as PDF with WeasyPrint from
that HTML, and its figures as an xlsx workbook. It names no child: the Annex A workbook that
does is written beside it and audited as an export.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from io import BytesIO
from pathlib import Path
from typing import IO, Any

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import timezone

from sightline.returns import annex_a
from sightline.timescales.queries import OverdueByTeam, overdue_by_rule_and_team
from sightline.validation.models import LiveFailure, ValidationRun

QUESTIONS = (
    (
        "What do you know about the quality and impact of social work practice in your local "
        "authority?",
        "What children's experiences and progress show; where practice is strong and where it "
        "is not. Start from the figures that moved and the work that is late, then say what "
        "that means for children.",
    ),
    (
        "How do you know it?",
        "The evidence: the figures and their definitions, Ofsted's Annex A lists, overdue work "
        "and the records that fail the DfE rules (all in this pack), and what the records "
        "cannot show: case audits and their learning, feedback from children and families, "
        "complaints, reviews and partners' views.",
    ),
    (
        "What are your plans for the next 12 months to maintain or improve practice?",
        "For each area to improve: what will change, who leads it, by when, and the figure that "
        "will show it worked.",
    ),
)


@dataclass(frozen=True)
class KPIRow:
    code: str
    name: str
    unit: str
    measure: str
    source: str
    higher_is_better: bool | None
    trend: list[tuple[str, float | None]]  # (window label, value), oldest first
    change: float | None
    direction: str
    year: int | None  # of the benchmarks compared
    england: float | None
    region: float | None
    neighbours_median: float | None
    neighbours_mean: float | None
    neighbours_published: int
    rank: int | None
    ranked_of: int

    @property
    def behind_neighbours(self) -> bool:
        """Our latest complete year worse than the neighbours' median."""
        if self.higher_is_better is None or self.neighbours_median is None:
            return False
        ours = next((v for label, v in reversed(self.trend[:-1]) if v is not None), None)
        if ours is None:
            return False
        if self.higher_is_better:
            return ours < self.neighbours_median
        return ours > self.neighbours_median


@dataclass(frozen=True)
class Outcome:
    name: str
    kind: str  # "Outcome" or "Enabler"
    kpis: list[KPIRow]


@dataclass(frozen=True)
class FailureRow:
    kind: str
    rule: str
    level: str
    message: str
    children: int


@dataclass(frozen=True)
class Pack:
    as_of: date
    made_at: datetime
    authority: str
    annex_a: list[tuple[annex_a.AnnexList, int]]
    outcomes: list[Outcome] | None  # None: the KPI summary is not available
    overdue: list[OverdueByTeam]
    runs: list[ValidationRun]
    failures: list[FailureRow]
    annex_a_rows: dict[int, list[dict[str, Any]]] = field(default_factory=dict, repr=False)

    @property
    def annex_a_summary(self) -> str:
        """ "list 1 3 rows, list 3 1 row": the lists with rows."""
        return ", ".join(
            f"list {item.number} {n:,} row{'' if n == 1 else 's'}" for item, n in self.annex_a if n
        )

    @property
    def overdue_total(self) -> int:
        return sum(o.count for o in self.overdue)

    @property
    def overdue_by_rule(self) -> list[tuple[str, str, int]]:
        found: dict[tuple[str, str], int] = {}
        for o in self.overdue:
            found[(o.rule, o.title)] = found.get((o.rule, o.title), 0) + o.count
        return sorted(((r, t, n) for (r, t), n in found.items()), key=lambda x: (-x[2], x[0]))

    @property
    def kpis(self) -> list[KPIRow]:
        return [k for o in self.outcomes or [] for k in o.kpis]

    @property
    def worse(self) -> list[KPIRow]:
        return [k for k in self.kpis if k.direction == "worse"]

    @property
    def better(self) -> list[KPIRow]:
        return [k for k in self.kpis if k.direction == "better"]

    @property
    def behind(self) -> list[KPIRow]:
        return [k for k in self.kpis if k.behind_neighbours]

    @property
    def questions(self) -> tuple[tuple[str, str], ...]:
        return QUESTIONS

    @property
    def trend_labels(self) -> list[str]:
        return [label for label, _ in self.kpis[0].trend] if self.kpis else []


def kpi_summary(as_of: date) -> list[Outcome]:
    """The KPI catalogue's figures on ``as_of`` for the whole authority, by outcome."""
    from sightline.insight.figures import figures

    by_outcome: dict[str, Outcome] = {}
    for f in figures(as_of):
        compared = f.compared
        bench = compared.benchmarks if compared else None
        row = KPIRow(
            code=f.code,
            name=f.kpi.name,
            unit=f.unit,
            measure=str(f.measure),
            source=f.kpi.source,
            higher_is_better=f.kpi.higher_is_better,
            trend=[(p.window.short_label, p.value) for p in f.points],
            change=f.change,
            direction=f.direction,
            year=compared.year if compared else None,
            england=bench.england if bench else None,
            region=bench.region if bench else None,
            neighbours_median=bench.neighbours_median if bench else None,
            neighbours_mean=bench.neighbours_mean if bench else None,
            neighbours_published=bench.neighbours_published if bench else 0,
            rank=compared.rank if compared else None,
            ranked_of=compared.of if compared else 0,
        )
        outcome = f.kpi.outcome
        by_outcome.setdefault(str(outcome), Outcome(str(outcome), outcome.kind, [])).kpis.append(
            row
        )
    return list(by_outcome.values())


def current_failures() -> tuple[list[ValidationRun], list[FailureRow]]:
    """The last check of the live records, failures counted by rule (children failing)."""
    runs = list(ValidationRun.objects.order_by("kind"))
    rows = (
        LiveFailure.objects.values("run__kind", "rule", "level", "message")
        .annotate(children=Count("child_id", distinct=True))
        .order_by("-children", "rule")
    )
    return runs, [
        FailureRow(r["run__kind"], r["rule"], r["level"], r["message"], r["children"]) for r in rows
    ]


def build_pack(as_of: date, *, with_kpis: bool = True) -> Pack:
    """The pack on ``as_of``, for the whole authority (the pack counts; it lists no child)."""
    from django.conf import settings

    lists = annex_a.build(as_of)
    runs, failures = current_failures()
    return Pack(
        as_of=as_of,
        made_at=timezone.now(),
        authority=str(settings.AUTHORITY["name"]),
        annex_a=[(item, len(lists[item.number])) for item in annex_a.spec().lists],
        outcomes=kpi_summary(as_of) if with_kpis else None,
        overdue=overdue_by_rule_and_team(as_of),
        runs=runs,
        failures=failures,
        annex_a_rows=lists,
    )


def shown(value: float | None, measure: str = "") -> str:
    """A figure as the pack prints it: one decimal place, a per cent sign for a percentage,
    "not available" for none."""
    if value is None:
        return "not available"
    if measure == "count":
        return f"{value:,.0f}"
    text = f"{value:,.1f}"
    return f"{text}%" if measure == "percent" else text


def render_document(pack: Pack) -> str:
    """The pack as one self-contained HTML document (the file and the PDF's source)."""
    return render_to_string("inspection/document.html", {"pack": pack, "standalone": True})


def pdf_bytes(html: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html).write_pdf())


def write_figures(pack: Pack, out: Path | IO[bytes]) -> None:
    """The pack's figures as a workbook: KPIs, overdue work, data checks, Annex A counts."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    kpis = book.create_sheet("KPIs")
    labels = pack.trend_labels
    kpis.append(
        [
            "Outcome",
            "KPI",
            "Code",
            "Unit",
            "Source",
            *labels,
            "Change on the year before",
            "Direction",
            "Benchmark year",
            "England",
            "Region",
            "Neighbours' median",
            "Neighbours' mean",
            "Neighbours published",
            "Rank among neighbours",
        ]
    )
    for outcome in pack.outcomes or []:
        for k in outcome.kpis:
            kpis.append(
                [
                    outcome.name,
                    k.name,
                    k.code,
                    k.unit,
                    k.source,
                    *[v for _, v in k.trend],
                    k.change,
                    k.direction,
                    k.year,
                    k.england,
                    k.region,
                    k.neighbours_median,
                    k.neighbours_mean,
                    k.neighbours_published,
                    f"{k.rank} of {k.ranked_of}" if k.rank else None,
                ]
            )
    overdue = book.create_sheet("Overdue work")
    overdue.append(["Rule", "Timescale", "Team", "Overdue"])
    for o in pack.overdue:
        overdue.append([o.rule, o.title, o.team, o.count])
    checks = book.create_sheet("Data checks")
    checks.append(["Return", "Rule", "Level", "Message", "Children"])
    for f in pack.failures:
        checks.append([f.kind, f.rule, f.level, f.message, f.children])
    annex = book.create_sheet("Annex A")
    annex.append(["List", "Title", "Rows"])
    for item, n in pack.annex_a:
        annex.append([item.number, item.title, n])
    book.save(out)


def figures_bytes(pack: Pack) -> bytes:
    buffer = BytesIO()
    write_figures(pack, buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class Written:
    files: list[Path]
    children: int  # named in the Annex A workbook


def write_pack(pack: Pack, out_dir: Path) -> Written:
    out_dir.mkdir(parents=True, exist_ok=True)
    day = f"{pack.as_of:%Y-%m-%d}"
    html = render_document(pack)
    files = [
        out_dir / f"inspection-pack-{day}.html",
        out_dir / f"inspection-pack-{day}.pdf",
        out_dir / f"inspection-pack-figures-{day}.xlsx",
        out_dir / f"annex-a-{day}.xlsx",
    ]
    files[0].write_text(html, encoding="utf-8")
    files[1].write_bytes(pdf_bytes(html))
    write_figures(pack, files[2])
    annex_a.write_workbook(pack.annex_a_rows, pack.as_of, files[3])
    return Written(files, len(annex_a.children_in(pack.annex_a_rows)))
