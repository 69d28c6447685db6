"""A report in the reader's words, shared by the HTML and Markdown reports and the Word comments.

SEND leads, DCOs and parent carer forums read these reports, so every code in a ``Report``
(``partial``, ``negative``, ``wsoa``) gets a plain label here, once, and every output uses the
same one. The grouping mirrors the terminal report: what needs attention first (gaps, mixed
pictures and thin evidence), then what the draft leaves out, then the strengths.

This module only reads a finished report; it registers no reporter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from ..models import Alert, Citation, Evidence, Finding, Report
from .terminal import readiness

STATUS_LABEL = {"evidenced": "Evidenced", "partial": "Partly evidenced", "missing": "Missing"}
STATUS_MEANING = {
    "evidenced": "the draft makes a current claim with most of the evidence inspectors expect",
    "partial": "the draft mentions it, but the evidence is thin, or it offers only plans or history",
    "missing": "the draft does not address it",
}
POSITION_LABEL = {"strength": "Strength", "gap": "Current gap", "mixed": "Mixed",
                  "not-stated": "Not stated"}
POSITION_MEANING = {
    "strength": "what the draft says of the area now is all positive",
    "gap": "the draft itself reports a current weakness: an inspection risk to prepare for",
    "mixed": "the draft reports both strengths and current weaknesses",
    "not-stated": "the draft says nothing about how the area is doing now",
}
STANCE_LABEL = {"positive": "Done now", "negative": "Current gap", "planned": "Plan only",
                "historical": "In the past", "neutral": "Mention"}
STANCE_MEANING = {"positive": "the draft says the area does this now",
                  "negative": "the draft reports a current gap",
                  "planned": "an intention only, not yet done",
                  "historical": "about the past, not how things are now",
                  "neutral": "mentioned without a claim either way"}
SIGNAL_LABEL = {"data": "figures", "date": "dates", "comparison": "a comparison",
                "trend": "a trend", "impact": "impact", "voice": "the voice of families",
                "rating": "a RAG rating"}
ALERT_LABEL = {"personal-data": "Possible personal data",
               "below-benchmark": "Below the national figure or standard",
               "claim-without-evidence": "A claim without evidence",
               "stale-evidence": "Out-of-date evidence",
               "no-weaknesses": "No weaknesses named"}
CITED_FINDING = {"strength": "strength", "weakness": "weakness",
                 "significant-weakness": "significant weakness",
                 "area-for-priority-action": "area for priority action",
                 "area-for-development": "area for development",
                 "area-for-improvement": "area for improvement",
                 "insufficient-progress": "not sufficient progress",
                 "sufficient-progress": "sufficient progress"}
CITED_OUTCOME = {"wsoa": "Written Statement of Action required",
                 "no-wsoa": "no Written Statement of Action",
                 "systemic-failings": "widespread or systemic failings",
                 "inconsistent": "inconsistent experiences and outcomes",
                 "positive": "positive experiences and outcomes",
                 "sufficient-progress": "revisit: sufficient progress",
                 "insufficient-progress": "revisit: not sufficient progress"}
CITED_KIND = {"inspection-2016": "joint local area SEND inspection",
              "revisit": "joint local area SEND revisit",
              "area-send-2023": "area SEND inspection"}
LICENCE = ("Quotations from inspection letters are Crown copyright, reused under the Open "
           "Government Licence v3.0.")
SCORE_MEANING = (
    "Each criterion scores up to 100: up to 50 for how well the draft evidences it (a current "
    "claim with figures, dates, comparisons, trends, impact and the voice of families) and up to "
    "50 for what the draft says of the area now (a strength scores most, a current gap least). "
    "The overall score is their weighted average: 75 and over reads as well prepared, 50 to 74 "
    "as partly ready, under 50 as not ready."
)


def _humane(code: str | None) -> str:
    return (code or "").replace("-", " ")


def long_date(iso: str) -> str:
    """``2026-11-24`` as ``24 November 2026``; anything else as given."""
    try:
        day = date.fromisoformat(iso)
    except (TypeError, ValueError):
        return iso
    return f"{day.day} {day:%B %Y}"


def sentence(text: str) -> str:
    """Capitalise the first letter, as a label starting a line."""
    return text[:1].upper() + text[1:] if text else text


@dataclass
class EvidenceView:
    text: str
    stance: str
    stance_label: str
    where: str
    signals: list[str]


@dataclass
class CitationView:
    quote: str
    area: str
    date: str
    iso_date: str
    finding: str
    outcome: str
    kind: str
    source: str

    @property
    def credit(self) -> str:
        """Area, date and what inspectors found: what must travel with every quote."""
        judged = "; ".join(part for part in (self.finding, self.outcome) if part)
        return f"{self.area}, {self.date}" + (f" ({judged})" if judged else "")


@dataclass
class FindingView:
    anchor: str
    rule_id: str
    title: str
    status: str
    status_label: str
    position: str
    position_label: str
    score: int
    evidence: list[EvidenceView]
    advice: str
    citations: list[CitationView]
    accepted: str = ""


@dataclass
class AlertView:
    kind: str
    label: str
    message: str
    text: str
    where: str
    rule_title: str
    accepted: str = ""


@dataclass
class Group:
    anchor: str
    title: str
    intro: str
    findings: list[FindingView]


@dataclass
class ReportView:
    index: int
    anchor: str
    path: str
    name: str
    words: int
    as_of: str
    as_of_iso: str
    version: str
    score: int
    readiness: str
    evidenced: int
    partial: int
    missing: int
    gaps: int
    findings: list[FindingView]
    groups: list[Group]
    alerts: list[AlertView]

    @property
    def counts(self) -> str:
        return (f"{self.evidenced} evidenced, {self.partial} partly evidenced, "
                f"{self.missing} missing; {self.gaps} reported as a current gap")


def accepted(item: Finding | Alert) -> str:
    """Why a finding or alert was accepted as it is (a suppression), if it was."""
    suppression = getattr(item, "suppressed", None)
    if suppression is None:
        return ""
    reason = getattr(suppression, "reason", "") or "no reason given"
    source = getattr(suppression, "source", "")
    return f"{reason} ({source})" if source else reason


def evidence_view(evidence: Evidence) -> EvidenceView:
    return EvidenceView(
        text=evidence.text,
        stance=evidence.stance,
        stance_label=STANCE_LABEL.get(evidence.stance, sentence(_humane(evidence.stance))),
        where=evidence.location.describe(),
        signals=[SIGNAL_LABEL.get(s, _humane(s)) for s in evidence.signals],
    )


def citation_view(citation: Citation) -> CitationView:
    return CitationView(
        quote=citation.quote,
        area=citation.area,
        date=long_date(citation.date),
        iso_date=citation.date,
        finding=CITED_FINDING.get(citation.finding, _humane(citation.finding)),
        outcome=CITED_OUTCOME.get(citation.outcome or "", _humane(citation.outcome)),
        kind=CITED_KIND.get(citation.kind or "", _humane(citation.kind)),
        source=citation.source or f"Ofsted and CQC letter ({citation.precedent_id})",
    )


def finding_view(finding: Finding, prefix: str) -> FindingView:
    return FindingView(
        anchor=f"{prefix}{finding.rule_id}",
        rule_id=finding.rule_id,
        title=finding.title,
        status=finding.status,
        status_label=STATUS_LABEL.get(finding.status, finding.status),
        position=finding.position,
        position_label=POSITION_LABEL.get(finding.position, finding.position),
        score=finding.score,
        evidence=[evidence_view(e) for e in finding.evidence],
        advice=finding.advice,
        citations=[citation_view(c) for c in finding.citations],
        accepted=accepted(finding),
    )


def alert_view(alert: Alert, titles: dict[str, str]) -> AlertView:
    return AlertView(
        kind=alert.kind,
        label=ALERT_LABEL.get(alert.kind, sentence(_humane(alert.kind))),
        message=sentence(alert.message),
        text=alert.text,
        where=alert.location.describe() if alert.location else "",
        rule_title=titles.get(alert.rule_id or "", ""),
        accepted=accepted(alert),
    )


def needs_attention(finding: Finding) -> bool:
    """As in the terminal report: covered, but a gap, a mixed picture or thin evidence."""
    return finding.status != "missing" and (
        finding.position in ("gap", "mixed") or finding.status == "partial"
    )


def report_view(report: Report, index: int = 1, several: bool = False) -> ReportView:
    prefix = f"r{index}-" if several else ""
    views = {f.rule_id: finding_view(f, prefix) for f in report.findings}
    attention = sorted((f for f in report.findings if needs_attention(f)),
                       key=lambda f: (f.position != "gap", f.position != "mixed", f.score))
    missing = [f for f in report.findings if f.status == "missing"]
    strong = [f for f in report.findings if f.status != "missing" and not needs_attention(f)]
    groups = [
        Group(f"{prefix}attention", "Needs attention",
              "Criteria the draft covers but where it reports a current gap, a mixed picture, "
              "or thin evidence. Current gaps come first.",
              [views[f.rule_id] for f in attention]),
        Group(f"{prefix}missing", "Not covered by the draft",
              "Criteria inspectors look at that the draft does not address. Add a section for "
              "each.", [views[f.rule_id] for f in missing]),
        Group(f"{prefix}strengths", "Evidenced strengths",
              "Criteria the draft evidences well and reports as a strength.",
              [views[f.rule_id] for f in strong]),
    ]
    titles = {f.rule_id: f.title for f in report.findings}
    return ReportView(
        index=index,
        anchor=f"report-{index}",
        path=report.document.path,
        name=PurePath(report.document.path).name or report.document.path,
        words=report.document.words,
        as_of=long_date(report.as_of),
        as_of_iso=report.as_of,
        version=report.tool.version,
        score=report.score,
        readiness=readiness(report.score),
        evidenced=sum(f.status == "evidenced" for f in report.findings),
        partial=sum(f.status == "partial" for f in report.findings),
        missing=len(missing),
        gaps=sum(f.position == "gap" for f in report.findings),
        findings=[views[f.rule_id] for f in report.findings],
        groups=[g for g in groups if g.findings],
        alerts=[alert_view(a, titles) for a in report.alerts],
    )
