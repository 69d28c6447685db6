"""The Markdown report: the HTML report's content for e-mail, wikis and pull-request comments.

GitHub-flavoured Markdown: the score and what it means, a table of every criterion (with a text
bar in place of the chart), the criteria grouped as in the terminal report with their evidence,
advice and precedent quotes, then the alerts. Several inputs give a summary table first.

A draft may contain any text. Every piece of it passes through ``escape``, which neutralises the
characters that make inline markup (emphasis, links and images (no ``[``), code, table cells,
maths, strikethrough) and writes ``<``, ``>`` and ``&`` as entities, and line breaks become spaces; document text never
starts a line, so block markup (headings, lists, quotes) cannot start from it either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TextIO

from ..models import Report
from . import RenderOptions, reporter
from .view import (LICENCE, SCORE_MEANING, CitationView, FindingView, ReportView, report_view,
                   sentence)

_SPECIAL = re.compile(r"([\\`*_\[\]#|~$])")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_ENTITY = re.compile("[&<>]")
_PLAIN_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
BAR = 10


def escape(text: str) -> str:
    """Text shown exactly as written: no markup, HTML or line structure can come from it."""
    text = " ".join(str(text).split())
    text = _SPECIAL.sub(r"\\\1", text)
    return _ENTITY.sub(lambda m: _ENTITIES[m.group(0)], text)


def _code(identifier: str) -> str:
    return f"`{identifier}`" if _PLAIN_ID.match(identifier) else escape(identifier)


def _bar(score: int) -> str:
    filled = round(score * BAR / 100)
    return "`" + "█" * filled + "░" * (BAR - filled) + "`"


def _heading(level: int, text: str) -> str:
    return f"{'#' * min(level, 6)} {text}"


def _citation(cite: CitationView) -> list[str]:
    judged = "; ".join(part for part in (cite.finding, cite.outcome) if part)
    credit = f"**{escape(cite.area)}**, {escape(cite.date)}" + (f": {escape(judged)}" if judged
                                                                  else "")
    return [
        f"> “{escape(cite.quote)}”",
        ">",
        f"> — {credit}. Source: {escape(cite.source)}. Crown copyright, Open Government Licence "
        "v3.0.",
        "",
    ]


def _finding(f: FindingView, level: int) -> list[str]:
    parts = [f"**Covered:** {escape(f.status_label)}"]
    if f.status != "missing":
        parts.append(f"**The draft says:** {escape(f.position_label)}")
    parts += [f"**Score:** {f.score}/100", _code(f.rule_id)]
    lines = [_heading(level, escape(f.title)), "", " · ".join(parts), ""]
    if f.accepted:
        lines += [f"**Accepted as it is:** {escape(f.accepted)}", ""]
    if f.evidence:
        lines += ["**What the draft says**", ""]
        for e in f.evidence:
            where = escape(e.where)
            if e.signals:
                where += f"; shows {escape(', '.join(e.signals))}"
            lines.append(f"- **{escape(e.stance_label)}:** “{escape(e.text)}” ({where})")
        lines.append("")
    if f.advice:
        lines += [f"**What to do:** {escape(f.advice)}", ""]
    if f.citations:
        lines += ["**What inspectors wrote about other areas**", ""]
        for cite in f.citations:
            lines += _citation(cite)
    return lines


def _report(v: ReportView, level: int) -> list[str]:
    """One report; ``level`` is the heading level of its sections."""
    lines = [
        _heading(level, "Overall readiness"), "",
        f"**{v.score} out of 100: {escape(v.readiness)}.**", "",
        escape(sentence(v.counts)) + "." + (
            f" {len(v.alerts)} other point{'s' if len(v.alerts) != 1 else ''} to check: see "
            "*Also check* below." if v.alerts else ""),
        "",
        f"_{escape(SCORE_MEANING)}_", "",
        _heading(level, "Every criterion at a glance"), "",
        "| Criterion | Covered | The draft says | Score | |",
        "|---|---|---|---:|---|",
    ]
    for f in v.findings:
        lines.append(f"| {escape(f.title)} | {escape(f.status_label)} | "
                     f"{escape(f.position_label)} | {f.score} | {_bar(f.score)} |")
    lines.append("")
    for group in v.groups:
        lines += [_heading(level, f"{escape(group.title)} ({len(group.findings)})"), "",
                  f"_{escape(group.intro)}_", ""]
        for f in group.findings:
            lines += _finding(f, level + 1)
    lines += [_heading(level, f"Also check ({len(v.alerts)})"), ""]
    if not v.alerts:
        lines += ["Nothing else to point out.", ""]
    for a in v.alerts:
        line = f"- **{escape(a.label)}.** {escape(a.message)}"
        if a.text:
            line += f" “{escape(a.text)}”"
        if a.accepted:
            line += f" **Accepted as it is:** {escape(a.accepted)}."
        context = [escape(a.where)] if a.where else []
        if a.rule_title:
            context.append(f"criterion: {escape(a.rule_title)}")
        if context:
            line += f" ({'; '.join(context)})"
        lines.append(line)
    if v.alerts:
        lines.append("")
    return lines


def render_markdown_text(reports: Sequence[Report]) -> str:
    several = len(reports) > 1
    views = [report_view(report, index, several) for index, report in enumerate(reports, 1)]
    first = views[0]
    if several:
        lines = [
            f"# SEND self-evaluation readiness: {len(views)} drafts", "",
            f"Judged as of {escape(first.as_of)} · sendcheck {escape(first.version)}", "",
            "## Summary", "",
            "| Draft | Score | What it means | Evidenced | Partly | Missing | Current gaps | "
            "Also check |",
            "|---|---:|---|---:|---:|---:|---:|---:|",
        ]
        for v in views:
            lines.append(f"| {escape(v.name)} | {v.score}/100 | {escape(sentence(v.readiness))} | "
                         f"{v.evidenced} | {v.partial} | {v.missing} | {v.gaps} | "
                         f"{len(v.alerts)} |")
        lines.append("")
        for v in views:
            lines += [f"## {escape(v.name)}", "",
                      f"{escape(v.path)} · {v.words:,} words · judged as of {escape(v.as_of)}", ""]
            lines += _report(v, 3)
    else:
        lines = [
            f"# SEND self-evaluation readiness: {escape(first.name)}", "",
            f"{escape(first.path)} · {first.words:,} words · judged as of {escape(first.as_of)} · "
            f"sendcheck {escape(first.version)}", "",
        ]
        lines += _report(first, 2)
    lines += ["---", "",
              f"_Made by sendcheck {escape(first.version)}, judged as of {escape(first.as_of)}. "
              f"{escape(LICENCE)}_", ""]
    return "\n".join(lines)


@reporter("markdown")
def render_markdown(reports: Sequence[Report], out: TextIO, options: RenderOptions) -> None:
    out.write(render_markdown_text(reports))
