"""The HTML report: one self-contained page to open in a browser, print, or attach to an e-mail.

Everything is inline (CSS, and SVG for the charts), and a Content-Security-Policy forbids the
page to load anything or run any script, so it works offline and a draft's text can do nothing
but be read. The page is made with Jinja2 with autoescaping on: a draft may contain any text,
``<script>`` included, and it is always shown as text.

Content mirrors the terminal report, in plain words: the overall score and what it means, a bar
chart of every criterion (colour and pattern for what the draft says and how well it evidences
it, always with text labels, and a table giving the same figures), a card per criterion with the
evidence, the advice and what inspectors wrote about other areas, then the alerts. Several
inputs give one page with a summary table first.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TextIO

import jinja2

from ..models import Report
from . import RenderOptions, reporter
from .view import (LICENCE, POSITION_LABEL, POSITION_MEANING, SCORE_MEANING, STATUS_LABEL,
                   STATUS_MEANING, ReportView, report_view)

# Colours: each passes 3:1 against white as a graphic, and the text colours 4.5:1 on their tint.
POSITION_COLOUR = {"strength": "#1a7f37", "mixed": "#b35900", "gap": "#cf222e",
                   "not-stated": "#6e7781"}

# Chart geometry, in SVG user units (the chart scales to the page width).
CHART_WIDTH = 1100
LABEL_CHARS = 50
LINE = 17
ROW = 40
TOP = 34
BAR_X = 420
BAR_MAX = 350
BAR_HEIGHT = 20
SCORE_X = BAR_X + BAR_MAX + 14
TEXT_X = SCORE_X + 40


@dataclass
class ChartRow:
    y: int
    lines: list[str]
    width: float
    status: str
    position: str
    score: int
    label: str
    colour: str


@dataclass
class Chart:
    height: int
    rows: list[ChartRow]
    ticks: list[tuple[int, float]]


def band(score: int) -> str:
    """The readiness band of an overall score, as the terminal's ``readiness`` words it."""
    return "ready" if score >= 75 else "partly" if score >= 50 else "not-ready"


def chart(view: ReportView) -> Chart:
    rows = []
    for number, finding in enumerate(view.findings):
        y = TOP + number * ROW
        lines = textwrap.wrap(finding.title, LABEL_CHARS, break_long_words=True)[:2] or [""]
        if len(textwrap.wrap(finding.title, LABEL_CHARS)) > 2:
            lines[-1] = lines[-1][: LABEL_CHARS - 1].rstrip() + "…"
        label = (f"{finding.status_label} · {finding.position_label}"
                 if finding.status != "missing" else finding.status_label)
        rows.append(ChartRow(
            y=y, lines=lines, width=round(BAR_MAX * finding.score / 100, 1),
            status=finding.status, position=finding.position, score=finding.score, label=label,
            colour=POSITION_COLOUR.get(finding.position, POSITION_COLOUR["not-stated"]),
        ))
    ticks = [(value, BAR_X + BAR_MAX * value / 100) for value in (0, 25, 50, 75, 100)]
    return Chart(height=TOP + len(rows) * ROW + 6, rows=rows, ticks=ticks)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("sendcheck.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["thousands"] = lambda n: f"{n:,}"
    env.globals["band"] = band
    return env


def render_page(reports: Sequence[Report]) -> str:
    several = len(reports) > 1
    views = [report_view(report, index, several) for index, report in enumerate(reports, 1)]
    return environment().get_template("report.html.j2").render(
        views=views,
        several=several,
        charts={view.index: chart(view) for view in views},
        geometry={"width": CHART_WIDTH, "line": LINE, "row": ROW, "bar_x": BAR_X,
                  "bar_max": BAR_MAX, "bar_height": BAR_HEIGHT, "score_x": SCORE_X,
                  "text_x": TEXT_X},
        colours=POSITION_COLOUR,
        status_label=STATUS_LABEL,
        status_meaning=STATUS_MEANING,
        position_label=POSITION_LABEL,
        position_meaning=POSITION_MEANING,
        score_meaning=SCORE_MEANING,
        licence=LICENCE,
    )


@reporter("html")
def render_html(reports: Sequence[Report], out: TextIO, options: RenderOptions) -> None:
    out.write(render_page(reports))
