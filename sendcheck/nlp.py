"""The spaCy pipeline and the rule pack compiled into matchers.

The default pipeline is spaCy's blank English (tokenizer + sentencizer) with lemmas from the
lookup table in ``spacy-lookups-data``: fast, and it needs no trained model, which cannot be
downloaded everywhere sendcheck runs. spaCy's own lookup lemmatizer leaves capitalised words
alone, so a small component lemmatises the lower-cased form instead: "Waits" and "waits" must
both match the term "wait".

Everything the pack says is compiled once per pack into ``PhraseMatcher``s keyed by rule id or
cue list, so reading a document is one pass of each matcher per passage batch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .rulepack import RulePack

CUE_GROUPS = (
    ("negation", "removal", "negative", "positive", "activity", "adverse", "rising", "falling"),
    ("planned", "historical", "present", "requirement"),
    ("hedging", "contrast_leading", "contrast_joining", "continuation", "not_figures"),
    ("claims", "currency"),
)
ACRONYM_PLURAL = re.compile(r"^[A-Z]{2,}s$")


@cache
def _lemma_table():
    """spaCy's English lookup table (a ``spacy.lookups.Table``: keyed by string hashes, so it
    is queried with ``get`` on the word, never copied into a dict of its items)."""
    from spacy.lookups import load_lookups

    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")


_LEMMA_BY_ORTH: dict[int, int] = {}


@Language.component("sendcheck_lemmas")
def lowercase_lookup_lemmas(doc: Doc) -> Doc:
    """Lemmatise each token's lower-case form; plural acronyms ("EHCPs", "DCOs") lose the s.

    Cached by the token's exact text (as a hash): a document repeats the same few thousand
    words, and the lookup and string handling are most of this component's cost.
    """
    strings = doc.vocab.strings
    for token in doc:
        lemma = _LEMMA_BY_ORTH.get(token.orth)
        if lemma is None:
            lower = token.lower_
            if ACRONYM_PLURAL.match(token.text):
                lemma = strings.add(lower[:-1])
            else:
                lemma = strings.add(_lemma_table().get(lower, lower))
            _LEMMA_BY_ORTH[token.orth] = lemma
        token.lemma = lemma
    return doc


@cache
def pipeline() -> Language:
    """Blank English with a sentencizer and lower-case lookup lemmas, built once per process."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("sendcheck_lemmas")
    return nlp


def _phrase_matcher(nlp: Language, groups: dict[str, list[str]]) -> PhraseMatcher:
    matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
    for key, phrases in groups.items():
        docs = list(nlp.pipe(sorted(set(phrases))))
        if docs:
            matcher.add(key, docs)
    return matcher


@dataclass(frozen=True)
class Match:
    """A matched phrase in a passage: what it is (rule id or cue list) and its token span."""

    key: str
    start: int
    end: int


class CompiledPack:
    """A rule pack turned into matchers; built once and shared by every document checked."""

    def __init__(self, pack: RulePack) -> None:
        self.pack = pack
        self.nlp = pipeline()
        nlp = self.nlp
        self.terms = _phrase_matcher(nlp, {c.id: c.terms for c in pack.criteria})
        self.headings = _phrase_matcher(
            nlp, {c.id: [*c.terms, *c.headings] for c in pack.criteria}
        )
        self.excludes = _phrase_matcher(nlp, {c.id: c.exclude for c in pack.criteria})
        self.patterns = Matcher(nlp.vocab)
        for criterion in pack.criteria:
            if criterion.patterns:
                self.patterns.add(criterion.id, criterion.patterns)
        cues = pack.cues
        # Cue lists in different groups may share a phrase ("now" is praise and a present
        # anchor); within a group the longest match wins ("too long" over "long").
        self.cue_groups = [
            _phrase_matcher(nlp, {name: getattr(cues, name) for name in (*group, "masks")})
            for group in CUE_GROUPS
        ]
        self.signals = _phrase_matcher(nlp, dict(cues.signals))
        benchmarks = pack.benchmarks.benchmarks
        self.benchmark_terms = _phrase_matcher(nlp, {b.id: b.terms for b in benchmarks})
        self.benchmark_groups = _phrase_matcher(nlp, {b.id: b.groups for b in benchmarks if b.groups})
        self.planned_year_words = {w.lower() for w in cues.planned_year}
        self.ratings = {word.lower(): stance for word, stance in cues.ratings.items()}

    def criteria_in(self, doc: Doc) -> dict[str, list[Match]]:
        """Which criteria a passage names, with where; look-alike (``exclude``) matches dropped."""
        vocab = self.nlp.vocab.strings
        excluded: dict[str, list[tuple[int, int]]] = {}
        for key, start, end in self.excludes(doc):
            excluded.setdefault(vocab[key], []).append((start, end))
        found: dict[str, list[Match]] = {}
        pattern_matches = self.patterns(doc) if len(self.patterns) else []
        for key, start, end in [*self.terms(doc), *pattern_matches]:
            rule_id = vocab[key]
            if any(s <= start and end <= e for s, e in excluded.get(rule_id, [])):
                continue
            found.setdefault(rule_id, []).append(Match(rule_id, start, end))
        return found

    def criteria_in_heading(self, doc: Doc) -> set[str]:
        vocab = self.nlp.vocab.strings
        return {vocab[key] for key, _, _ in self.headings(doc)}

    def cues_in(self, doc: Doc) -> list[Match]:
        """Cue phrases in reading order; masks hide what they cover and are then dropped."""
        vocab = self.nlp.vocab.strings
        found = []
        for matcher in self.cue_groups:
            spans = [Span(doc, s, e, label=k) for k, s, e in matcher(doc)]
            found.extend(
                Match(vocab[span.label], span.start, span.end)
                for span in filter_spans(spans)
                if vocab[span.label] != "masks"
            )
        return sorted(found, key=lambda m: (m.start, m.end))

    def benchmarks_in(self, doc: Doc) -> tuple[list[Match], list[Match]]:
        """Where benchmark measures, and the groups some are limited to, are named."""
        vocab = self.nlp.vocab.strings
        return (
            [Match(vocab[k], s, e) for k, s, e in self.benchmark_terms(doc)],
            [Match(vocab[k], s, e) for k, s, e in self.benchmark_groups(doc)],
        )

    def signals_in(self, doc: Doc) -> list[Match]:
        vocab = self.nlp.vocab.strings
        return [Match(vocab[key], s, e) for key, s, e in self.signals(doc)]


_COMPILED: dict[tuple, CompiledPack] = {}


def compile_pack(pack: RulePack) -> CompiledPack:
    """Compile once per pack (the packs are cached by folder, then narrowed by rule ids)."""
    key = (pack.sources, tuple(pack.ids()))
    if key not in _COMPILED:
        _COMPILED[key] = CompiledPack(pack)
    return _COMPILED[key]
