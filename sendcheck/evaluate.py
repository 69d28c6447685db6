"""Passages x criteria -> readings: which criterion each sentence serves, its stance, its signals.

A passage is a sentence in its paragraph or table cell, with the heading above it as context: a
paragraph under "Waiting times" speaks to waiting times even when a sentence does not say so,
and a Red/Amber/Green rating in a criterion's table row is that criterion's self-rating.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Span

from .context import TimeCues, Weights, sentence_stance, split_clauses
from .measures import form_signals
from .models import Block, Document, Evidence, Stance
from .nlp import CompiledPack, Match

MAX_SENTENCE_TOKENS = 400  # a longer "sentence" is a list run together: read it in windows
SIGNAL_ORDER = ("data", "date", "comparison", "trend", "impact", "voice", "rating")


@dataclass(frozen=True)
class Reading:
    """One piece of evidence for one criterion, before findings are scored.

    ``direct`` is true when the sentence names the criterion itself, false when only its heading
    or table row does; ``hedged`` when it softens its claim ("some", "beginning to").
    """

    rule_id: str
    evidence: Evidence
    direct: bool
    hedged: bool


@dataclass(frozen=True)
class HeadingContext:
    rules: frozenset[str]
    stance: Stance


class Evaluator:
    """Reads documents against one compiled pack, as of one date."""

    def __init__(self, compiled: CompiledPack, as_of: date) -> None:
        self.compiled = compiled
        cues = compiled.pack.cues
        self.time = TimeCues(
            as_of_year=as_of.year,
            historical_after_years=cues.historical_after_years,
            planned_year_words=frozenset(compiled.planned_year_words),
        )
        self.weights = Weights(negative=cues.negative_weight, activity=cues.activity_weight)
        self._headings: dict[str, HeadingContext] = {}

    def read(self, document: Document) -> list[Reading]:
        nlp = self.compiled.nlp
        readings: list[Reading] = []
        quoted_history = False
        docs = nlp.pipe((block.text for block in document.blocks), batch_size=128)
        for block, doc in zip(document.blocks, docs):
            cues = self.compiled.cues_in(doc)
            if block.kind != "heading":
                readings.extend(self._read_block(block, doc, cues, quoted_history))
            quoted_history = _introduces_quoted_history(doc, cues)
        return readings

    def _heading(self, text: str) -> HeadingContext:
        """What a heading or row label says: the criteria it names and any stance it takes
        ("Where we need to improve", "Next steps"). Cached: headings repeat for every block."""
        if text not in self._headings:
            doc = self.compiled.nlp(text[:500])
            cues = self.compiled.cues_in(doc)
            clauses = split_clauses(doc, 0, len(doc), cues)
            self._headings[text] = HeadingContext(
                rules=frozenset(self.compiled.criteria_in_heading(doc)),
                stance=sentence_stance(doc, clauses, [], [], self.time, self.weights),
            )
        return self._headings[text]

    def _block_context(self, block: Block) -> tuple[frozenset[str], Stance]:
        """The criteria a block sits under (its row label, else its nearest heading naming
        any) and the stance of the nearest heading that takes one."""
        labels = [block.row_header] if block.row_header else []
        contexts = [self._heading(text) for text in [*labels, *reversed(block.headings)]]
        rules = next((c.rules for c in contexts if c.rules), frozenset())
        stance = next((c.stance for c in contexts if c.stance != "neutral"), "neutral")
        return rules, stance

    def _read_block(
        self, block: Block, doc: Doc, cues: list[Match], quoted_history: bool
    ) -> Iterator[Reading]:
        context, heading_stance = self._block_context(block)
        rating = self.compiled.ratings.get(block.text.strip().lower())
        if rating and block.row_header:
            for rule_id in self._heading(block.row_header).rules:
                yield Reading(
                    rule_id,
                    Evidence(
                        text=f"{block.row_header}: {block.text}",
                        stance=rating,
                        location=block.location,
                        signals=["rating"],
                    ),
                    direct=True,
                    hedged=False,
                )
            return
        terms = self.compiled.criteria_in(doc)
        names = {
            i for cue in cues if cue.key == "not_figures" for i in range(cue.start, cue.end)
        }
        signal_words = self.compiled.signals_in(doc)
        for sentence in _sentences(doc):
            yield from self._read_sentence(
                block, doc, sentence, cues, terms, context, names, signal_words,
                "historical" if quoted_history else heading_stance,
            )

    def _read_sentence(
        self,
        block: Block,
        doc: Doc,
        sentence: Span,
        cues: list[Match],
        terms: dict[str, list[Match]],
        context: frozenset[str],
        names: set[int],
        signal_words: list[Match],
        inherited: Stance,
    ) -> Iterator[Reading]:
        """``inherited`` is the stance the sentence takes if it states none of its own: from a
        heading ("Areas for development") or a quotation of the past."""
        start, end = sentence.start, sentence.end
        here = {
            rule_id: [m for m in matches if start <= m.start < end]
            for rule_id, matches in terms.items()
        }
        here = {rule_id: matches for rule_id, matches in here.items() if matches}
        if not here and not context:
            return
        sentence_cues = [c for c in cues if start <= c.start < end]
        clauses = split_clauses(doc, start, end, sentence_cues)
        signals = form_signals(sentence, names) | {
            m.key for m in signal_words if start <= m.start < end
        }
        ordered_signals = [s for s in SIGNAL_ORDER if s in signals]
        hedged = any(c.key == "hedging" for c in sentence_cues)
        present = any(c.key == "present" for c in sentence_cues)
        for rule_id in sorted(set(here) | context):
            own = here.get(rule_id, [])
            others = [m for rid, ms in here.items() if rid != rule_id for m in ms]
            stance: Stance = sentence_stance(doc, clauses, own, others, self.time, self.weights)
            if inherited == "historical" and not present:
                stance = "historical"
            elif stance == "neutral":
                stance = inherited
            if not own and stance == "neutral" and not signals:
                continue  # heading context alone, and nothing said: not evidence
            yield Reading(
                rule_id,
                Evidence(
                    text=sentence.text.strip(),
                    stance=stance,
                    location=block.location,
                    signals=ordered_signals,
                ),
                direct=bool(own),
                hedged=hedged,
            )


def _sentences(doc: Doc) -> Iterator[Span]:
    for sentence in doc.sents:
        if len(sentence) <= MAX_SENTENCE_TOKENS:
            yield sentence
            continue
        for offset in range(sentence.start, sentence.end, MAX_SENTENCE_TOKENS):
            yield doc[offset : min(offset + MAX_SENTENCE_TOKENS, sentence.end)]


def _introduces_quoted_history(doc: Doc, cues: list[Match]) -> bool:
    """A block such as "The initial inspection found that:" makes the next block a quotation
    of the past (revisit letters quote the original weakness before the current position)."""
    text = doc.text.rstrip()
    return text.endswith(":") and any(c.key == "historical" for c in cues)
