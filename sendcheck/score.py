"""Readings -> one finding per criterion, and the overall readiness score.

The formula (also in the README) is deliberately simple enough to explain to a SEF's authors:

* **status**: ``missing`` with no evidence; ``evidenced`` when the draft makes a current claim
  (positive or negative) and shows at least half of the signals the criterion expects (figures,
  dates, comparison, trend, impact, voice); otherwise ``partial``. Intentions alone (planned) or
  the past alone (historical) never make a criterion evidenced.
* **position**: from current claims only: all positive is ``strength``, all negative ``gap``,
  both ``mixed`` (one honest "waits remain too long" is a risk however much else is going
  well), except that praise which is only activity ("staff attended training") does not make a
  gap mixed when the admission names the criterion; no current claim is ``not-stated``. The
  evidence shown starts with the claims that make the position.
* **score** (0-100) = evidence points + position points. Evidence: 25 for a current claim, plus
  25 x the share of expected signals shown. Position: strength 50, mixed 30, not-stated 10,
  gap 5. Missing scores 0.
* **overall** = the weight-averaged criterion score, rounded.
"""

from __future__ import annotations

from collections import defaultdict

from .evaluate import Reading
from .models import Finding, Position, Stance, Status
from .rulepack import Criterion, RulePack

MAX_EVIDENCE = 5
MAX_TO_ADD = 2
POSITION_POINTS: dict[Position, int] = {"strength": 50, "mixed": 30, "not-stated": 10, "gap": 5}
CURRENT: tuple[Stance, ...] = ("positive", "negative")


def position_of(readings: list[Reading]) -> Position:
    """Mixed needs praise on both sides: an admission beside mere activity ("staff attended
    training") is a gap, since doing something is not the same as it working. Only an
    admission that names the criterion outweighs activity so: one that sits under its heading
    without naming it (a quoted "I didn't think I could do that") may be about something else."""
    negative = sum(r.evidence.stance == "negative" for r in readings)
    named_admission = any(r.evidence.stance == "negative" and r.direct for r in readings)
    positive = sum(
        r.evidence.stance == "positive" and not (named_admission and r.activity_only)
        for r in readings
    )
    if not positive and not negative:
        return "not-stated"
    if not negative:
        return "strength"
    if not positive:
        return "gap"
    return "mixed"


def _shown(readings: list[Reading], current: list[Reading], position: Position) -> list[Reading]:
    """The evidence to show, best first, led by the claims that make the position (among the
    ``current`` ones ``position_of`` counted): a gap's admissions, a strength's praise, one of
    each for a mixed picture. A reader told "current gap" must see the sentence that says so,
    however many richer ones praise activity."""
    ranked = sorted(readings, key=_evidence_rank)
    in_current = {id(r) for r in current}
    counted = [r for r in ranked if id(r) in in_current]
    admissions = [r for r in counted if r.evidence.stance == "negative"]
    named_admission = any(r.direct for r in admissions)
    praise = [r for r in counted
              if r.evidence.stance == "positive" and not (named_admission and r.activity_only)]
    leading = {"gap": admissions, "strength": praise,
               "mixed": [*admissions[:1], *praise[:1]]}.get(position, [])
    rest = [r for r in ranked if not any(r is led for led in leading)]
    return [*leading, *rest][:MAX_EVIDENCE]


def _evidence_rank(reading: Reading) -> tuple:
    """Best evidence first: current claims, then richer signals, then named over context."""
    evidence = reading.evidence
    return (
        evidence.stance not in CURRENT,
        -len(evidence.signals),
        not reading.direct,
        reading.hedged,
        evidence.location.paragraph,
    )


def _advice(criterion: Criterion, status: Status, position: Position, missing: list[str]) -> str:
    advice = criterion.advice
    if status == "missing":
        return advice.missing.strip()
    parts = []
    if position in ("gap", "mixed"):
        parts.append(advice.gap.strip())
    elif status == "partial" and advice.partial:
        parts.append(advice.partial.strip())
    # Two things to add at a time: a longer list reads as a lecture, not advice.
    parts.extend([advice.signals[s].strip() for s in missing if s in advice.signals][:MAX_TO_ADD])
    return " ".join(parts)


def finding_for(criterion: Criterion, readings: list[Reading]) -> Finding:
    if not readings:
        return Finding(
            rule_id=criterion.id,
            title=criterion.title,
            status="missing",
            position="not-stated",
            score=0,
            advice=_advice(criterion, "missing", "not-stated", []),
        )
    current = [r for r in readings if r.evidence.stance in CURRENT and not r.subordinate]
    shown = {s for r in readings if r.evidence.stance != "historical" for s in r.evidence.signals}
    expected = criterion.signals
    missing_signals = [s for s in expected if s not in shown]
    share = 1.0 if not expected else (len(expected) - len(missing_signals)) / len(expected)
    status: Status = "evidenced" if current and share >= 0.5 else "partial"
    position = position_of(current)
    points = (25 + 25 * share if current else 0) + POSITION_POINTS[position]
    best = _shown(readings, current, position)
    return Finding(
        rule_id=criterion.id,
        title=criterion.title,
        status=status,
        position=position,
        score=round(points),
        evidence=[r.evidence for r in best],
        advice=_advice(criterion, status, position, missing_signals),
    )


def findings_for(pack: RulePack, readings: list[Reading]) -> list[Finding]:
    by_rule: dict[str, list[Reading]] = defaultdict(list)
    for reading in readings:
        by_rule[reading.rule_id].append(reading)
    return [finding_for(criterion, by_rule.get(criterion.id, [])) for criterion in pack.criteria]


def overall_score(pack: RulePack, findings: list[Finding]) -> int:
    weights = {c.id: c.weight for c in pack.criteria}
    total = sum(weights[f.rule_id] for f in findings)
    if not total:
        return 0
    return round(sum(weights[f.rule_id] * f.score for f in findings) / total)
