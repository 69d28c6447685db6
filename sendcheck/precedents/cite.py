"""Choose, for each finding, what inspectors wrote about other areas in the same position.

A draft that reports a gap (or a mixed picture), or leaves a criterion out, is matched with
letters where inspectors found that weakness, and with what it led to (a Written Statement of
Action, an area for priority action); a draft that states a strength is matched with letters
that recognised one. At most one citation per letter per finding. Letters are ordered by how
grave their outcome was (for a gap: systemic failings and WSOAs first), then the most recent,
then by id; within a letter the most formal finding (a WSOA item, a priority action) is chosen,
then the first. The quote is the sentence that names the criterion, with the next sentence when
that one says what followed ("Consequently, ..."), verbatim from the letter.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from datetime import date

from ..models import Citation, Finding
from .letters import load_letters
from .model import Passage, Precedent, STRENGTH_FINDINGS, WEAKNESS_FINDINGS
from .store import Library

DEFAULT_LIMIT = 3
MAX_QUOTE = 420
"""Characters: past this a second sentence is not added, so quotes stay readable."""

GAP_SEVERITY = {"systemic-failings": 0, "wsoa": 0, "insufficient-progress": 1,
                "inconsistent": 2, "no-wsoa": 3, "positive": 4, "sufficient-progress": 4}
STRENGTH_SEVERITY = {"positive": 0, "sufficient-progress": 0, "no-wsoa": 1, "inconsistent": 2,
                     "insufficient-progress": 3, "wsoa": 3, "systemic-failings": 4}
WEAKNESS_TYPE_RANK = {"significant-weakness": 0, "area-for-priority-action": 0,
                      "insufficient-progress": 1, "area-for-development": 2,
                      "area-for-improvement": 2, "weakness": 2}
STRENGTH_TYPE_RANK = {"strength": 0, "sufficient-progress": 1}
FORMAL_WEAKNESS = WEAKNESS_FINDINGS - {"weakness"}
FINDING_LABELS = {
    "strength": "strength",
    "weakness": "weakness",
    "area-for-development": "area for development",
    "area-for-improvement": "area for improvement",
    "area-for-priority-action": "area for priority action",
    "significant-weakness": "significant weakness (Written Statement of Action)",
    "sufficient-progress": "sufficient progress",
    "insufficient-progress": "insufficient progress",
}
OUTCOME_LABELS = {
    "positive": "positive experiences and outcomes",
    "inconsistent": "inconsistent experiences and outcomes",
    "systemic-failings": "widespread or systemic failings",
    "wsoa": "Written Statement of Action required",
    "no-wsoa": "no Written Statement of Action",
    "sufficient-progress": "sufficient progress",
    "insufficient-progress": "not sufficient progress",
}
def wants(finding: Finding) -> str:
    """What to cite for a finding: "strength" for a stated strength, else "weakness" (a gap,
    a mixed picture, nothing stated, or a criterion left out: what happens to areas that do)."""
    if finding.status != "missing" and finding.position == "strength":
        return "strength"
    return "weakness"


def _matches(passage: Passage, rule_id: str, want: str) -> tuple[int, int, int] | None:
    """How well a passage can be cited for ``want`` (lower is better): (type rank, not led by
    the criterion, stance rank); None when it cannot be. The letter's structure decides what is
    a weakness: a WSOA item or a priority action that names the criterion neutrally still is."""
    tag = passage.criteria.get(rule_id)
    if tag is None or tag.finding is None:
        return None
    lead = 0 if passage.sentences and rule_id in passage.sentences[0].criteria else 1
    if lead and passage.section == "main-findings":
        return None  # a summary paragraph is about what its first sentence names
    if want == "weakness":
        if tag.finding not in WEAKNESS_FINDINGS:
            return None
        if tag.stance in ("negative", "mixed"):
            return WEAKNESS_TYPE_RANK[tag.finding], lead, 0
        if tag.stance == "neutral" and tag.finding in FORMAL_WEAKNESS:
            return WEAKNESS_TYPE_RANK[tag.finding], lead, 1
        return None
    if tag.finding not in STRENGTH_FINDINGS:
        return None
    if tag.stance == "positive":
        return STRENGTH_TYPE_RANK[tag.finding], lead, 0
    if tag.stance == "neutral" and tag.finding == "strength":
        return STRENGTH_TYPE_RANK[tag.finding], lead, 1
    return None


def section_finding(section: str, want: str) -> str | None:
    """What a passage the engine did not tag counts as, when a reference points at it."""
    if want == "weakness":
        if section == "main-findings":
            return "weakness"
        return section if section in WEAKNESS_FINDINGS else None
    if section == "main-findings":
        return "strength"
    return section if section in STRENGTH_FINDINGS else None


def parse_reference(reference: str) -> tuple[str, str | None]:
    """``"wiltshire-2018-03"`` (cite this letter first when it fits) or ``"wiltshire-2018-03:
    some verbatim words"`` (cite the sentences holding these words, tagged or not)."""
    precedent_id, _, phrase = reference.partition(":")
    return precedent_id.strip(), " ".join(phrase.split()) or None


def quote(passage: Passage, rule_id: str, want: str) -> str:
    """The sentence naming the criterion with the wanted stance (the first such), with one
    neighbour when it cannot stand alone: the sentence before when it refers back ("This
    work ...", "For example, ...") or is very short, else the one after when that says what
    followed ("Consequently, ..."). The phrases that say so are ``quotes`` in
    ``rules/letters.yaml``."""
    letters = load_letters()
    sentences = passage.sentences
    preferred = "negative" if want == "weakness" else "positive"
    naming = [i for i, s in enumerate(sentences) if rule_id in s.criteria]
    if not naming:
        return passage.text
    chosen = next((i for i in naming if sentences[i].criteria[rule_id] == preferred), naming[0])
    first = last = sentences[chosen]
    text = passage.text[first.start:first.end]
    short = len(text.split()) < 10
    if chosen > 0 and (letters.refers_back.match(text) or letters.points_back.search(text) or
                       short) and \
            first.end - sentences[chosen - 1].start <= MAX_QUOTE:
        first = sentences[chosen - 1]
    elif chosen + 1 < len(sentences):
        following = sentences[chosen + 1]
        after = passage.text[following.start:following.end]
        if (letters.consequence.match(after) or (short and rule_id in following.criteria)) and \
                following.end - first.start <= MAX_QUOTE:
            last = following
    return passage.text[first.start:last.end]


@dataclass(frozen=True)
class _Candidate:
    key: tuple
    record: Precedent
    passage: Passage
    quote: str
    finding: str


class Citer:
    """Citations from one library; the candidates per criterion are indexed once."""

    def __init__(self, library: Library) -> None:
        self.library = library
        # A batch asks for the same criterion's citations for every draft; the answer
        # depends only on the arguments and this library, so it is worked out once.
        self._answers: dict[tuple, list[Citation]] = {}
        self._by_rule: dict[str, list[tuple[Precedent, Passage]]] = defaultdict(list)
        for record in library.records.values():
            for passage in record.passages:
                for rule_id in passage.criteria:
                    self._by_rule[rule_id].append((record, passage))

    def citations(self, rule_id: str, want: str, limit: int = DEFAULT_LIMIT,
                  references: Iterable[str] = (), as_of: date | None = None) -> list[Citation]:
        """Up to ``limit`` citations for one criterion, one per letter. ``references`` (from the
        rule file and the built-in list) put letters, or exact passages, first."""
        if limit <= 0:
            return []
        references = tuple(references)
        key = (rule_id, want, limit, references, as_of)
        if key not in self._answers:
            self._answers[key] = self._citations(rule_id, want, limit, references, as_of)
        return list(self._answers[key])

    def _citations(self, rule_id: str, want: str, limit: int, references: tuple[str, ...],
                   as_of: date | None) -> list[Citation]:
        best: dict[str, _Candidate] = {}
        pinned: set[str] = set()
        for reference in references:
            precedent_id, phrase = parse_reference(reference)
            if phrase is None:
                pinned.add(precedent_id)
            elif precedent_id not in best:
                found = self._resolve(precedent_id, phrase, want)
                if found:
                    best[precedent_id] = found
                    pinned.add(precedent_id)
        for record, passage in self._by_rule.get(rule_id, ()):
            match = _matches(passage, rule_id, want)
            if match is None:
                continue
            key = (*match, passage.n)
            current = best.get(record.id)
            if current is None or key < current.key:
                best[record.id] = _Candidate(key, record, passage, "", "")
        severity = GAP_SEVERITY if want == "weakness" else STRENGTH_SEVERITY

        def letter_rank(candidate: _Candidate) -> tuple:
            record = candidate.record
            return (record.id not in pinned, severity.get(record.outcome, 9),
                    -record.inspection_end.toordinal(), record.id)

        current = [c for c in best.values() if as_of is None or c.record.inspection_end <= as_of]
        chosen = sorted(current, key=letter_rank)[:limit]
        return [self._citation(c, rule_id, want) for c in chosen]

    def _resolve(self, precedent_id: str, phrase: str, want: str) -> _Candidate | None:
        """The sentences of a letter holding ``phrase`` (whitespace-insensitive), if the passage
        they are in fits ``want``; the phrase must be the letter's own words."""
        record = self.library.records.get(precedent_id)
        if record is None:
            return None
        for passage in record.passages:
            at = _normalised_find(passage.text, phrase)
            if at is None:
                continue
            finding = section_finding(passage.section, want)
            if finding is None:
                return None
            start, end = at
            spans = [s for s in passage.sentences if s.end > start and s.start < end]
            if spans:
                start, end = spans[0].start, spans[-1].end
            return _Candidate((-1, 0, 0, passage.n), record, passage, passage.text[start:end],
                              finding)
        return None

    @staticmethod
    def _citation(candidate: _Candidate, rule_id: str, want: str) -> Citation:
        record, passage = candidate.record, candidate.passage
        return Citation(
            precedent_id=record.id,
            area=record.area,
            date=record.date,
            quote=candidate.quote or quote(passage, rule_id, want),
            finding=candidate.finding or passage.criteria[rule_id].finding or "",
            kind=record.kind,
            outcome=record.outcome,
            source=record.source,
        )


def _normalised_find(text: str, phrase: str) -> tuple[int, int] | None:
    """Where ``phrase`` occurs in ``text`` when runs of whitespace count as one space."""
    match = _phrase_pattern(phrase).search(text)
    return (match.start(), match.end()) if match else None


@cache
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    return re.compile(r"\s+".join(re.escape(word) for word in phrase.split()))


def citer_for(library: Library) -> Citer:
    """The library's citer, built on first use and kept with it."""
    if not isinstance(library._index, Citer):
        library._index = Citer(library)
    return library._index


def cite_findings(findings: list[Finding], library: Library, limit: int = DEFAULT_LIMIT,
                  references: dict[str, list[str]] | None = None,
                  as_of: date | None = None) -> list[Finding]:
    """The findings with their citations filled in (new objects; the inputs are unchanged).
    With ``as_of``, only letters of inspections ended by then are cited."""
    citer = citer_for(library)
    references = references or {}
    return [
        finding.model_copy(update={"citations": citer.citations(
            finding.rule_id, wants(finding), limit, references.get(finding.rule_id, ()), as_of)})
        for finding in findings
    ]
