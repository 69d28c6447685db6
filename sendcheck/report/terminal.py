"""The default report: read by SEND leads and DCOs in a terminal, not by programmers.

It leads with the overall score and what it means, then a table of every criterion, then what
needs attention (gaps and thin evidence, with a snippet of the draft and the advice), then the
criteria the draft leaves out. Colour only on a terminal; plain text when piped or NO_COLOR.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..models import Citation, Finding, Report
from . import RenderOptions, reporter
from .summary import accepted, summary_table

STATUS_STYLE = {"evidenced": "green", "partial": "yellow", "missing": "red"}
POSITION_STYLE = {"strength": "green", "mixed": "yellow", "gap": "red", "not-stated": "dim"}
SNIPPET = 160


def readiness(score: int) -> str:
    """What the overall score means, in a sentence a SEF's authors can act on."""
    if score >= 75:
        return "well prepared: most criteria are evidenced with data and impact"
    if score >= 50:
        return "partly ready: several criteria need stronger evidence or report gaps"
    return "not ready: many criteria are missing, thin, or reported as gaps"


def _snippet(text: str) -> str:
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1].rsplit(" ", 1)[0] + "…"


def _criteria_table(report: Report) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column("Criterion", ratio=5)
    table.add_column("Rule id", style="dim", ratio=3)
    table.add_column("Covered", ratio=2)
    table.add_column("The draft says", ratio=2)
    table.add_column("Score", justify="right", ratio=1)
    for finding in report.findings:
        table.add_row(
            finding.title,
            finding.rule_id,
            Text(finding.status, style=STATUS_STYLE[finding.status]),
            Text(finding.position, style=POSITION_STYLE[finding.position]),
            str(finding.score),
        )
    return table


def _attention(finding: Finding) -> bool:
    return finding.status != "missing" and (
        finding.position in ("gap", "mixed") or finding.status == "partial"
    )


def _print_finding(console: Console, finding: Finding) -> None:
    label = f"{finding.position}, {finding.status}"
    console.print(
        Text.assemble(("• ", "bold"), (finding.title, "bold"), f" ({finding.rule_id}): ",
                      (label, POSITION_STYLE[finding.position]))
    )
    for evidence in finding.evidence[:2]:
        console.print(
            Text.assemble(
                "    ", (f"[{evidence.stance}] ", "dim"), f"“{_snippet(evidence.text)}” ",
                (f"({evidence.location.describe()})", "dim"),
            )
        )
    if finding.advice:
        console.print(Text.assemble("    ", ("What to do: ", "bold"), finding.advice))
    for citation in finding.citations:
        console.print(_citation_line(citation))


# Precedent citations: one line each, "Inspectors elsewhere" in the reader's words.
CITED_FINDING = {"significant-weakness": "significant weakness",
                 "area-for-priority-action": "area for priority action",
                 "area-for-development": "area for development",
                 "area-for-improvement": "area for improvement",
                 "insufficient-progress": "not sufficient progress",
                 "sufficient-progress": "sufficient progress"}
CITED_OUTCOME = {"wsoa": "Written Statement of Action", "no-wsoa": "no WSOA",
                 "systemic-failings": "systemic failings", "inconsistent": "inconsistent",
                 "positive": "positive", "sufficient-progress": "revisit: sufficient progress",
                 "insufficient-progress": "revisit: not sufficient progress"}
QUOTE = 240


def _citation_line(citation: Citation) -> Text:
    finding = CITED_FINDING.get(citation.finding, citation.finding)
    outcome = CITED_OUTCOME.get(citation.outcome or "", citation.outcome or "")
    quote = citation.quote if len(citation.quote) <= QUOTE else \
        citation.quote[: QUOTE - 1].rsplit(" ", 1)[0] + "…"
    return Text.assemble(
        "    ", ("Inspectors elsewhere: ", "bold"), (f"{citation.area}, {citation.date}", "cyan"),
        (f" ({finding}{'; ' + outcome if outcome else ''})", "dim"), f": “{quote}”",
    )


def _print_report(console: Console, report: Report) -> None:
    console.print(
        Text.assemble(
            ("sendcheck ", "bold"), f"{report.tool.version} · ", (report.document.path, "bold"),
            f" · {report.document.words:,} words · as of {report.as_of}",
        )
    )
    console.print()
    console.print(
        Text.assemble(("Readiness ", "bold"), (f"{report.score}/100", "bold cyan"),
                      f": {readiness(report.score)}.")
    )
    counts = {s: sum(f.status == s for f in report.findings) for s in STATUS_STYLE}
    gaps = sum(f.position == "gap" for f in report.findings)
    console.print(
        f"{counts['evidenced']} evidenced, {counts['partial']} partly evidenced, "
        f"{counts['missing']} missing; {gaps} reported as a current gap."
    )
    console.print()
    console.print(_criteria_table(report))
    attention = [f for f in report.findings if _attention(f) and not accepted(f)]
    attention.sort(key=lambda f: (f.position != "gap", f.position != "mixed", f.score))
    if attention:
        console.print(Text("Needs attention", style="bold underline"))
        for finding in attention:
            _print_finding(console, finding)
        console.print()
    missing = [f for f in report.findings if f.status == "missing" and not accepted(f)]
    if missing:
        console.print(Text("Not covered by the draft", style="bold underline"))
        for finding in missing:
            console.print(
                Text.assemble(("• ", "bold"), (finding.title, "bold"), f" ({finding.rule_id}): ",
                              finding.advice)
            )
        console.print()
    quiet = [f.rule_id for f in report.findings
             if accepted(f) and (_attention(f) or f.status == "missing")]
    if quiet:  # suppressed with a reason, or unchanged since the baseline: named, not detailed
        console.print(Text.assemble(("Accepted, not listed above: ", "bold"), ", ".join(quiet),
                                    (" (suppressed, or unchanged since the baseline)", "dim")))
        console.print()
    if report.alerts:
        console.print(Text("Also check", style="bold underline"))
        for alert in report.alerts:
            where = f" ({alert.location.describe()})" if alert.location else ""
            console.print(f"• {alert.kind}: {alert.message}{where}")
        console.print()


@reporter("terminal")
def render_terminal(reports: Sequence[Report], out: TextIO, options: RenderOptions) -> None:
    console = Console(
        file=out,
        width=options.width,
        no_color=not options.color,
        color_system="auto" if options.color else None,
        force_terminal=options.color,
        highlight=False,
        emoji=False,
        soft_wrap=False,
    )
    for index, report in enumerate(reports):
        if index:
            console.rule()
        _print_report(console, report)
    if len(reports) > 1:
        console.rule()
        console.print(summary_table(reports))
