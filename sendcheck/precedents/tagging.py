"""Tag each passage with the criteria it speaks to, by the same engine that reads a SEF.

The passages go through ``Evaluator`` as one document (a block per passage, under the letter's
headings), as of the inspection's last day so that "in 2017" in a 2018 letter is not the past.
Only sentences that name a criterion count (a heading alone does not make a passage about it).
The sentence boundaries are the engine's own, so a quote cut at them is the sentence it read.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from ..evaluate import Evaluator
from ..models import Block, Document, Location, Stance
from ..nlp import CompiledPack
from .model import CriterionTag, Passage, Sentence, TagStance
from .structure import RawPassage

try:  # the engine's own sentence windows (a long run-on list is read in windows)
    from ..evaluate import _sentences as engine_sentences
except ImportError:  # pragma: no cover - an older or newer engine: plain sentences
    def engine_sentences(doc):  # type: ignore[no-redef]
        return doc.sents


def aggregate(stances: list[Stance]) -> TagStance:
    if "negative" in stances and "positive" in stances:
        return "mixed"
    for stance in ("negative", "positive", "planned", "historical"):
        if stance in stances:
            return stance  # type: ignore[return-value]
    return "neutral"


def finding_for(section: str, stance: TagStance) -> str | None:
    """What the letter makes of a passage for one criterion, from where the letter put it."""
    if section == "context":
        return None
    if section == "main-findings":
        if stance in ("negative", "mixed"):
            return "weakness"
        return "strength" if stance == "positive" else None
    return section


def tag(raw: list[RawPassage], compiled: CompiledPack, as_of: date) -> list[Passage]:
    blocks = [
        Block(kind="paragraph", text=p.text, headings=p.headings,
              location=Location(section=" > ".join(p.headings), paragraph=i + 1))
        for i, p in enumerate(raw)
    ]
    document = Document(path="<letter>", format="text", sha256="", blocks=blocks)
    result = Evaluator(compiled, as_of).read(document) if blocks else []
    readings = getattr(result, "readings", result)  # an Evaluation, or (older) a list
    by_block: dict[int, list] = defaultdict(list)
    for reading in readings:
        if reading.direct:
            by_block[reading.evidence.location.paragraph].append(reading)
    out = []
    docs = compiled.nlp.pipe((p.text for p in raw), batch_size=64)
    for number, (passage, doc) in enumerate(zip(raw, docs), start=1):
        sentences = _spans(passage.text, doc)
        for reading in by_block.get(number, []):
            index = _find(sentences, passage.text, reading.evidence.text)
            if index is not None:
                sentences[index].criteria.setdefault(reading.rule_id, reading.evidence.stance)
        stances: dict[str, list[Stance]] = defaultdict(list)
        for sentence in sentences:
            for rule_id, stance in sentence.criteria.items():
                stances[rule_id].append(stance)
        criteria = {}
        for rule_id in sorted(stances):
            stance = aggregate(stances[rule_id])
            criteria[rule_id] = CriterionTag(stance=stance,
                                             finding=finding_for(passage.section, stance))
        out.append(Passage(n=number, text=passage.text, headings=passage.headings,
                           section=passage.section, criteria=criteria, sentences=sentences))
    return out


def _spans(text: str, doc) -> list[Sentence]:
    spans = []
    for sentence in engine_sentences(doc):
        start, end = sentence.start_char, sentence.end_char
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append(Sentence(start=start, end=end))
    return spans


def _find(sentences: list[Sentence], text: str, evidence: str) -> int | None:
    for index, sentence in enumerate(sentences):
        if text[sentence.start:sentence.end] == evidence:
            return index
    for index, sentence in enumerate(sentences):  # a window of a long sentence
        if evidence in text[sentence.start:sentence.end]:
            return index
    return None
