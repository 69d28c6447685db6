"""SARIF 2.1.0, for GitHub code scanning and other tools that read static-analysis results.

One run for all inputs. ``tool.driver.rules`` lists every criterion checked (id, title as the
short description, what inspectors look for as the full description, the advice for a draft
that leaves it out as help) and one rule per alert kind (``alert/personal-data`` ...).

A result is written for each finding that is not a plain strength, with a level:

========================================  =========
the finding                               level
========================================  =========
reported as a current gap                 error
missing from the draft                    warning
strengths and gaps side by side (mixed)   warning
partly evidenced (thin, or no position)   note
========================================  =========

and for each alert (personal data: error; a figure below the national benchmark: warning;
others: note). Locations: for Markdown and text inputs a physical location with the line
(``region.startLine``); for every input the section path as a logical location
(``fullyQualifiedName`` such as ``SEF > 4. EHC plans > Timeliness``, kind ``section``, since
none of SARIF's code-oriented kinds fits a heading). ``partialFingerprints`` hash the rule id and
the normalised text of the passage that makes the result, so they survive edits elsewhere in
the draft. Suppressed findings carry ``suppressions`` (``external`` from the suppressions file,
``inSource`` from a comment in the draft) with the reason as justification; against a baseline,
``baselineState`` is ``new``, ``updated`` (worse) or ``unchanged``.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

from ..baseline import fingerprint
from ..models import Alert, Evidence, Finding, Location, Report, Suppression
from . import RenderOptions, reporter

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = ("https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"
                "sarif-schema-2.1.0.json")
FINGERPRINT = "sendcheck/v1"
STDIN_NAME = "<stdin>"

ALERT_RULES = {
    "personal-data": ("Personal data in a draft that will be published or shared",
                      "Remove names, ages with conditions, NHS numbers, dates of birth, personal "
                      "contact details and counts small enough to identify a family.", "error"),
    "below-benchmark": ("A figure worse than the national benchmark or standard",
                        "Say so plainly, with the trend and what is being done: inspectors "
                        "compare the area's figures with England's.", "warning"),
    "claim-without-evidence": ("A claim of improvement or quality with no figure beside it",
                               "Say how much, over what period, and against what.", "note"),
    "stale-evidence": ("Evidence dated too long before the as-of date",
                       "Use the latest figures, or say why older ones are the latest.", "note"),
    "no-weaknesses": ("The draft states no current weakness anywhere",
                      "Inspectors test whether a self-evaluation is accurate: name the gaps "
                      "you know of and what you are doing about them.", "note"),
}
BASELINE_STATE = {"new": "new", "worse": "updated", "unchanged": "unchanged",
                  "better": "unchanged"}


def level_of(finding: Finding) -> str | None:
    """The SARIF level of a finding, or None for a plain strength (no result)."""
    if finding.position == "gap":
        return "error"
    if finding.status == "missing" or finding.position == "mixed":
        return "warning"
    if finding.status == "evidenced" and finding.position == "strength":
        return None
    return "note"


def describe(finding: Finding) -> str:
    if finding.position == "gap":
        return "the draft reports a current gap"
    if finding.status == "missing":
        return "not covered by the draft"
    if finding.position == "mixed":
        return "the draft reports strengths and current gaps"
    if finding.status == "partial":
        return "partly evidenced"
    return f"{finding.status}, {finding.position}"


def _primary(finding: Finding) -> list[Evidence]:
    """The passages that make the result, best first: gap passages for a gap or mixed."""
    if finding.position in ("gap", "mixed"):
        negative = [e for e in finding.evidence if e.stance == "negative"]
        rest = [e for e in finding.evidence if e.stance != "negative"]
        return negative + rest
    return list(finding.evidence)


class _Artifacts:
    """The run's artifacts (one per input document), by path."""

    def __init__(self) -> None:
        self.items: list[dict] = []
        self.index: dict[str, int] = {}

    def location(self, report: Report) -> dict | None:
        path = report.document.path
        if path == STDIN_NAME:
            return None
        if path not in self.index:
            self.index[path] = len(self.items)
            self.items.append({"location": _uri(path),
                               "hashes": {"sha-256": report.document.sha256}})
        return {**_uri(path), "index": self.index[path]}


def _uri(path: str) -> dict:
    given = Path(path)
    if given.is_absolute():
        return {"uri": given.as_uri()}
    posix = given.as_posix().removeprefix("./")
    return {"uri": quote(posix), "uriBaseId": "%SRCROOT%"}


def _location(artifact: dict | None, where: Location | None, text: str = "",
              message: str = "") -> dict:
    location: dict = {}
    if artifact is not None:
        physical: dict = {"artifactLocation": artifact}
        if where is not None and where.line is not None:
            region: dict = {"startLine": where.line}
            if text:
                region["snippet"] = {"text": text}
            physical["region"] = region
        location["physicalLocation"] = physical
    if where is not None and where.section:
        location["logicalLocations"] = [{
            "name": where.section.rsplit(" > ", 1)[-1],
            "fullyQualifiedName": where.section,
            "kind": "section",
        }]
    if where is not None:
        details = {k: v for k, v in where.model_dump(exclude_none=True).items() if k != "section"}
        location["properties"] = details
    if message:
        location["message"] = {"text": message}
    return location


def _suppressions(suppressed: Suppression | None) -> dict:
    if suppressed is None:
        return {}
    record = {"kind": suppressed.kind, "status": "accepted",
              "justification": suppressed.reason,
              "properties": {"source": suppressed.source}}
    if suppressed.expires:
        record["properties"]["expires"] = suppressed.expires
    return {"suppressions": [record]}


def _finding_result(report: Report, finding: Finding, rule_index: dict[str, int],
                    artifacts: _Artifacts) -> dict | None:
    level = level_of(finding)
    if level is None:
        return None
    artifact = artifacts.location(report)
    passages = _primary(finding)
    if passages:
        first = passages[0]
        locations = [_location(artifact, first.location, first.text)]
        key = fingerprint(finding.rule_id, first.text)
    else:
        locations = [_location(artifact, None)] if artifact else []
        key = hashlib.sha256(f"{finding.rule_id}\x00missing".encode()).hexdigest()
    advice = f" {finding.advice}" if finding.advice else ""
    result: dict = {
        "ruleId": finding.rule_id,
        "ruleIndex": rule_index[finding.rule_id],
        "level": level,
        "message": {"text": f"{finding.title}: {describe(finding)}.{advice}"},
        "locations": locations,
    }
    related = [
        {"id": number, **_location(artifact, e.location, e.text, f"[{e.stance}] {e.text}")}
        for number, e in enumerate(passages[1:], start=1)
    ]
    if related:
        result["relatedLocations"] = related
    result["partialFingerprints"] = {FINGERPRINT: key}
    result.update(_suppressions(finding.suppressed))
    if finding.baseline:
        result["baselineState"] = BASELINE_STATE[finding.baseline]
    result["properties"] = {
        "status": finding.status, "position": finding.position, "score": finding.score,
        "document": report.document.path,
        **({"baseline": finding.baseline} if finding.baseline else {}),
    }
    return result


def _alert_result(report: Report, alert: Alert, rule_index: dict[str, int],
                  artifacts: _Artifacts) -> dict:
    rule_id = f"alert/{alert.kind}"
    artifact = artifacts.location(report)
    locations = [_location(artifact, alert.location, alert.text)] \
        if (artifact or alert.location) else []
    result: dict = {
        "ruleId": rule_id,
        "ruleIndex": rule_index[rule_id],
        "level": ALERT_RULES.get(alert.kind, ("", "", "note"))[2],
        "message": {"text": alert.message or alert.kind},
        "locations": locations,
        "partialFingerprints": {FINGERPRINT: fingerprint(rule_id, alert.text or alert.message)},
    }
    result.update(_suppressions(alert.suppressed))
    result["properties"] = {"document": report.document.path,
                            **({"criterion": alert.rule_id} if alert.rule_id else {})}
    return result


def _criteria(reports: Sequence[Report], options: RenderOptions) -> list[dict]:
    """Rule descriptors for every criterion checked: the pack that ran (given by the CLI), else
    the built-in pack's criteria that the reports speak of; any criterion neither knows (a
    report made with another pack) is described from its findings."""
    findings = [f for r in reports for f in r.findings]
    if options.pack is not None:
        criteria = list(options.pack.criteria)
    else:
        from ..rulepack import load_pack

        ids = {f.rule_id for f in findings}
        criteria = [c for c in load_pack(()).criteria if c.id in ids]
    rules = []
    for criterion in criteria:
        advice = criterion.advice
        markdown = (f"**If the draft leaves it out:** {advice.missing}\n\n"
                    f"**If the draft reports a gap:** {advice.gap}")
        if advice.partial:
            markdown += f"\n\n**If the evidence is thin:** {advice.partial}"
        rules.append({
            "id": criterion.id,
            "shortDescription": {"text": criterion.title},
            "fullDescription": {"text": criterion.looks_for.strip()},
            "help": {"text": advice.missing, "markdown": markdown},
            "defaultConfiguration": {"level": "warning"},
            "properties": {
                "tags": ["send-criterion", "core" if criterion.core else "non-core"],
                "core": criterion.core,
                "weight": criterion.weight,
                "signals": list(criterion.signals),
            },
        })
    listed = {c.id for c in criteria}
    for finding in findings:
        if finding.rule_id not in listed:
            listed.add(finding.rule_id)
            rules.append({"id": finding.rule_id, "shortDescription": {"text": finding.title},
                          "help": {"text": finding.advice or finding.title},
                          "defaultConfiguration": {"level": "warning"},
                          "properties": {"tags": ["send-criterion"]}})
    return rules


def _alert_rules(reports: Sequence[Report]) -> list[dict]:
    kinds = list(ALERT_RULES)
    kinds += sorted({a.kind for r in reports for a in r.alerts} - set(kinds))
    rules = []
    for kind in kinds:
        title, help_text, level = ALERT_RULES.get(kind, (kind.replace("-", " "), kind, "note"))
        rules.append({
            "id": f"alert/{kind}",
            "shortDescription": {"text": title},
            "fullDescription": {"text": title},
            "help": {"text": help_text},
            "defaultConfiguration": {"level": level},
            "properties": {"tags": ["alert"]},
        })
    return rules


def sarif_log(reports: Sequence[Report], options: RenderOptions | None = None) -> dict:
    """The SARIF log of these reports, as a dict ready for ``json.dumps``."""
    options = options or RenderOptions()
    rules = [*_criteria(reports, options), *_alert_rules(reports)]
    rule_index = {rule["id"]: index for index, rule in enumerate(rules)}
    artifacts = _Artifacts()
    results = []
    for report in reports:
        for finding in report.findings:
            result = _finding_result(report, finding, rule_index, artifacts)
            if result is not None:
                results.append(result)
        for alert in report.alerts:
            results.append(_alert_result(report, alert, rule_index, artifacts))
        artifacts.location(report)  # every input is an artifact, even one with no result
    version = reports[0].tool.version if reports else ""
    run: dict = {
        "tool": {"driver": {
            "name": "sendcheck",
            "version": version,
            "semanticVersion": version,
            "rules": rules,
        }},
        "columnKind": "unicodeCodePoints",
    }
    if artifacts.items:
        run["artifacts"] = artifacts.items
    run["results"] = results
    run["properties"] = {"documents": [
        {"path": r.document.path, "score": r.score, "as_of": r.as_of, "words": r.document.words}
        for r in reports
    ]}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


@reporter("sarif")
def render_sarif(reports: Sequence[Report], out: TextIO, options: RenderOptions) -> None:
    out.write(json.dumps(sarif_log(reports, options), indent=2, ensure_ascii=False) + "\n")
