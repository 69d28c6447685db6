"""JUnit XML, for CI systems that show test results (GitLab, Jenkins, Azure DevOps...).

``testsuites`` > one ``testsuite`` per input file > one ``testcase`` per criterion, with
``classname`` ``sendcheck.<file stem>`` and ``name`` ``<rule id>: <title>``. A testcase fails
when its finding is one of ``--junit-fail-on`` (default ``missing,gap``; also ``mixed`` and
``partial``): the advice is the failure's message and the evidence its body. A finding that would
fail but is suppressed, or unchanged since the baseline, is ``skipped`` with the reason, so it
stays visible. Alerts are listed in the suite's ``system-out``. The score and as-of date are
suite properties.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from pathlib import PurePath
from typing import TextIO

from ..models import Finding, Report
from . import RenderOptions, reporter

FAIL_KINDS = ("missing", "gap", "mixed", "partial")
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    """Text XML 1.0 can hold: control characters dropped."""
    return _NOT_XML.sub("", text)


def failing_kinds(finding: Finding) -> list[str]:
    """What is wrong with a finding, in the words of ``--junit-fail-on``."""
    kinds = []
    if finding.status in ("missing", "partial"):
        kinds.append(finding.status)
    if finding.position in ("gap", "mixed"):
        kinds.append(finding.position)
    return kinds


def classname(path: str) -> str:
    stem = PurePath(path).stem or "stdin"
    return "sendcheck." + re.sub(r"[^\w-]+", "_", stem).strip("_")


def _evidence_text(finding: Finding) -> str:
    lines = [f"{finding.rule_id}: status {finding.status}, position {finding.position}, "
             f"score {finding.score}"]
    if finding.evidence:
        lines.append("Evidence:")
        for evidence in finding.evidence:
            lines.append(f"  [{evidence.stance}] {evidence.text} "
                         f"({evidence.location.describe()})")
    else:
        lines.append("No evidence in the draft.")
    if finding.advice:
        lines.append(f"What to do: {finding.advice}")
    return _clean("\n".join(lines))


def _testcase(suite: ET.Element, report: Report, finding: Finding,
              fail_on: set[str]) -> str:
    """Add the testcase; return ``failed``, ``skipped`` or ``passed``."""
    case = ET.SubElement(suite, "testcase", {
        "classname": classname(report.document.path),
        "name": _clean(f"{finding.rule_id}: {finding.title}"),
        "file": _clean(report.document.path),
        "time": "0",
    })
    failing = [kind for kind in failing_kinds(finding) if kind in fail_on]
    if not failing:
        return "passed"
    if finding.suppressed is not None:
        ET.SubElement(case, "skipped", {"message": _clean(
            f"suppressed ({finding.suppressed.source}): {finding.suppressed.reason}")})
        return "skipped"
    if finding.baseline in ("unchanged", "better"):
        ET.SubElement(case, "skipped", {"message": f"{'/'.join(failing)}, "
                                                   f"{finding.baseline} since the baseline"})
        return "skipped"
    failure = ET.SubElement(case, "failure", {
        "message": _clean(finding.advice or f"{finding.title}: {', '.join(failing)}"),
        "type": failing[0],
    })
    failure.text = _evidence_text(finding)
    return "failed"


def junit_tree(reports: Sequence[Report], fail_on: Sequence[str]) -> ET.Element:
    wanted = set(fail_on)
    root = ET.Element("testsuites", {"name": "sendcheck"})
    totals = {"tests": 0, "failures": 0, "skipped": 0}
    for report in reports:
        suite = ET.SubElement(root, "testsuite", {"name": _clean(report.document.path)})
        properties = ET.SubElement(suite, "properties")
        for name, value in (("score", report.score), ("as_of", report.as_of),
                            ("sha256", report.document.sha256), ("words", report.document.words),
                            ("sendcheck_version", report.tool.version),
                            ("fail_on", ",".join(f for f in FAIL_KINDS if f in wanted))):
            ET.SubElement(properties, "property", {"name": name, "value": _clean(str(value))})
        outcomes = [_testcase(suite, report, finding, wanted) for finding in report.findings]
        counts = {"tests": len(outcomes), "failures": outcomes.count("failed"),
                  "skipped": outcomes.count("skipped")}
        suite.attrib.update({key: str(value) for key, value in counts.items()})
        suite.attrib.update({"errors": "0", "time": "0"})
        if report.alerts:
            out = ET.SubElement(suite, "system-out")
            out.text = _clean("\n".join(
                f"alert {alert.kind}: {alert.message}"
                + (f" ({alert.location.describe()})" if alert.location else "")
                + (f" [suppressed: {alert.suppressed.reason}]" if alert.suppressed else "")
                for alert in report.alerts
            ))
        for key in totals:
            totals[key] += counts[key]
    root.attrib.update({key: str(value) for key, value in totals.items()})
    root.attrib.update({"errors": "0", "time": "0"})
    return root


@reporter("junit")
def render_junit(reports: Sequence[Report], out: TextIO, options: RenderOptions) -> None:
    root = junit_tree(reports, options.junit_fail_on)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(root, encoding="unicode") + "\n")
