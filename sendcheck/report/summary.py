"""The summary table printed after the reports when several drafts are checked at once.

Not a format of its own (it registers no reporter): the terminal reporter prints it, so an
adviser reviewing several areas' drafts sees them side by side at the end.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.table import Table
from rich.text import Text

from ..models import Finding, Report


def accepted(finding: Finding) -> bool:
    """Suppressed with a reason, or unchanged (or better) since the baseline."""
    return finding.suppressed is not None or finding.baseline in ("unchanged", "better")


def summary_table(reports: Sequence[Report]) -> Table:
    table = Table(title="Summary", title_justify="left", box=box.SIMPLE_HEAD, show_edge=False,
                  pad_edge=False)
    table.add_column("Draft", overflow="fold")
    table.add_column("Score", justify="right")
    table.add_column("Evidenced", justify="right")
    table.add_column("Partial", justify="right")
    table.add_column("Missing", justify="right")
    table.add_column("Gaps", justify="right")
    table.add_column("Accepted", justify="right")
    table.add_column("Alerts", justify="right")
    for report in reports:
        findings = report.findings
        style = "green" if report.score >= 75 else "yellow" if report.score >= 50 else "red"
        table.add_row(
            report.document.path,
            Text(str(report.score), style=style),
            str(sum(f.status == "evidenced" for f in findings)),
            str(sum(f.status == "partial" for f in findings)),
            str(sum(f.status == "missing" for f in findings)),
            str(sum(f.position == "gap" for f in findings)),
            str(sum(accepted(f) for f in findings)),
            str(len(report.alerts)),
        )
    return table
