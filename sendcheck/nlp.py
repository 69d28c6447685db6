"""The spaCy pipeline and the rule pack compiled into matchers.

The default pipeline is spaCy's blank English (tokenizer + sentencizer) with lemmas from the
lookup table in ``spacy-lookups-data``: fast, and it needs no trained model, which cannot be
downloaded everywhere sendcheck runs. spaCy's own lookup lemmatizer leaves capitalised words
alone, so a small component lemmatises the lower-cased form instead: "Waits" and "waits" must
both match the term "wait".

Everything the pack says is compiled once per pack: every phrase list (criteria's terms and
look-alikes, cue lists, signals, benchmarks) into one ``PhraseMatcher``
keyed by list (on lemmas, or on the exact form for a phrase written "=..."; headings, and the
words of ``together`` groups, have their own); token patterns each into a ``Matcher``, run only
on sentences holding the words the pattern cannot match without.
Reading a passage is then one pass of the phrase matcher, and of the patterns it may hold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache

import numpy
import spacy
from spacy.attrs import IS_PUNCT, LEMMA, LOWER, ORTH, SENT_START
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans, load_language_data, registry

from .rulepack import Criterion, RulePack

CUE_GROUPS = (
    ("negation", "removal", "negative", "positive", "activity", "adverse", "rising", "falling",
     "low_figure"),
    ("planned", "historical", "present", "requirement", "baseline"),
    ("hedging", "contrast_leading", "contrast_joining", "continuation", "not_figures"),
    ("claims", "currency"),
)
ACRONYM_PLURAL = re.compile(r"^[A-Z]{2,}s$")


@cache
def _lemma_table() -> dict[str, str]:
    """spaCy's English lookup table from ``spacy-lookups-data``, as the plain dict it is
    stored as: spaCy's own ``Table`` hashes every one of its 41,582 keys on loading, which
    cost more than compiling the whole rule pack."""
    return load_language_data(registry.lookups.get("en")["lemma_lookup"])


_LEMMA_BY_ORTH: dict[int, int] = {}


@Language.component("sendcheck_lemmas")
def lowercase_lookup_lemmas(doc: Doc) -> Doc:
    """Lemmatise each token's lower-case form; plural acronyms ("EHCPs", "DCOs") lose the s.

    Cached by the token's exact text (as a hash): a document repeats the same few thousand
    words, and the lookup and string handling are most of this component's cost. The lemmas
    are read and written as arrays: making a Python ``Token`` for every word cost more than
    the lookup itself.
    """
    if not len(doc):
        return doc
    strings = doc.vocab.strings
    lemmas = []
    for orth in doc.to_array(ORTH).tolist():
        lemma = _LEMMA_BY_ORTH.get(orth)
        if lemma is None:
            text = strings[orth]
            lower = text.lower()
            if ACRONYM_PLURAL.match(text):
                lemma = strings.add(lower[:-1])
            else:
                lemma = strings.add(_lemma_table().get(lower, lower))
            _LEMMA_BY_ORTH[orth] = lemma
        lemmas.append(lemma)
    doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64).reshape(-1, 1))
    return doc


@cache
def pipeline() -> Language:
    """Blank English with a sentencizer and lower-case lookup lemmas, built once per process."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("sendcheck_lemmas")
    return nlp


EXACT = "="  # a phrase written "=issues with" matches that form only, not "issued with"


class _PhraseDocs:
    """Phrases made into Docs once each: the same term is in several matchers (terms and
    headings, a cue in two groups), and making Docs is most of what compiling costs. Phrases
    need only tokens and lemmas, not sentences."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.docs: dict[str, Doc] = {}

    def matcher(self, groups: dict[str, list[str]]) -> PhraseMatchers:
        """Phrases are matched on lemmas ("remain too long" also finds "remains too long");
        one marked exact (``EXACT``) on its lower-case form, where a lemma would join two
        words ("issues with" a problem, "issued with" a plan)."""
        texts = {p.removeprefix(EXACT) for phrases in groups.values() for p in phrases}
        new = sorted(texts - set(self.docs))
        with self.nlp.select_pipes(enable=["sendcheck_lemmas"]):
            self.docs.update(zip(new, self.nlp.pipe(new)))
        by_lemma = PhraseMatcher(self.nlp.vocab, attr="LEMMA")
        by_form = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        for key, phrases in groups.items():
            for matcher, chosen in ((by_lemma, [p for p in phrases if not p.startswith(EXACT)]),
                                    (by_form, [p[1:] for p in phrases if p.startswith(EXACT)])):
                if chosen:
                    matcher.add(key, [self.docs[p] for p in sorted(set(chosen))])
        return PhraseMatchers(by_lemma, by_form if len(by_form) else None)


@dataclass(frozen=True)
class PhraseMatchers:
    """A lemma matcher and, when any phrase is exact, a lower-case one: called as one."""

    by_lemma: PhraseMatcher
    by_form: PhraseMatcher | None

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        if self.by_form is None:
            return self.by_lemma(doc)
        return sorted([*self.by_lemma(doc), *self.by_form(doc)], key=lambda m: (m[1], m[2]))


def _anchors(pattern: list[dict], strings) -> list[tuple[int, frozenset[int]]]:
    """The words a token pattern cannot match without: for each token that must occur once or
    more and is given by its lemma or lower-case form, the attribute and the hashes it may take.
    Optional, negated, wildcard and other tokens add nothing (they need no particular word)."""
    anchors = []
    for token in pattern:
        if token.get("OP", "1") not in ("1", "+"):
            continue
        for name, attr in (("LEMMA", LEMMA), ("LOWER", LOWER)):
            wanted = token.get(name)
            if isinstance(wanted, dict) and set(wanted) == {"IN"}:
                wanted = wanted["IN"]
            elif isinstance(wanted, str):
                wanted = [wanted]
            else:
                continue
            anchors.append((attr, frozenset(strings.add(str(w)) for w in wanted)))
    return anchors


@dataclass(frozen=True)
class Words:
    """A passage's tokens as plain strings: made once per passage, from its arrays.

    Reading stance looks at the words around every cue, again for each criterion; each
    ``doc[i]`` makes a new Python ``Token``, and making them cost more than the reading.
    """

    text: list[str]
    lower: list[str]
    lemma: list[str]
    punct: list[bool]

    @classmethod
    def of(cls, doc: Doc) -> Words:
        strings = doc.vocab.strings
        values = doc.to_array([ORTH, LEMMA, IS_PUNCT]).tolist() if len(doc) else []
        # Strings from a plain dict: spaCy's StringStore lookup costs more.
        known, learn = _TEXT_BY_HASH.get, _TEXT_BY_HASH.setdefault
        text = [known(orth) or learn(orth, strings[orth]) for orth, _, _ in values]
        return cls(
            text=text,
            lower=[t.lower() for t in text],
            lemma=[known(lemma) or learn(lemma, strings[lemma]) for _, lemma, _ in values],
            punct=[punct == 1 for _, _, punct in values],
        )


_TEXT_BY_HASH: dict[int, str] = {}


@dataclass(frozen=True)
class Match:
    """A matched phrase in a passage: what it is (rule id or cue list) and its token span."""

    key: str
    start: int
    end: int


class _TokenPatterns:
    """The rules' token patterns, each in its own spaCy ``Matcher``, run only where it can match.

    spaCy's Matcher makes a Python token for every word it is given and tries every pattern it
    holds at every word, which was the largest part of reading. Most sentences hold no pattern's
    anchor words (the words it cannot match without), and one that does usually holds all the
    anchors of one or two patterns; so a sentence is given only to those patterns' matchers.
    Anchors are looked up in the passage's arrays of lemma and lower-case values, without
    making tokens. A pattern does not reach across a sentence end (sentences are read one by one
    anyway).
    """

    def __init__(self, nlp: Language, criteria: Iterable[Criterion]) -> None:
        self.matchers: list[Matcher] = []
        # Each distinct anchor (an attribute and the words that satisfy it) gets a number; a
        # pattern needs all of its numbers present in a sentence to be worth running there.
        numbered: dict[tuple[int, frozenset[int]], int] = {}
        needs: list[frozenset[int]] = []
        for criterion in criteria:
            for pattern in criterion.patterns:
                matcher = Matcher(nlp.vocab)
                matcher.add(criterion.id, [pattern])
                self.matchers.append(matcher)
                needs.append(frozenset(numbered.setdefault(anchor, len(numbered))
                                       for anchor in _anchors(pattern, nlp.vocab.strings)))
        self.unanchored = {i for i, wanted in enumerate(needs) if not wanted}
        self.anchor_ids: dict[int, dict[int, set[int]]] = {LEMMA: {}, LOWER: {}}
        for (attr, words), number in numbered.items():
            for word in words:
                self.anchor_ids[attr].setdefault(word, set()).add(number)
        self.by_first: dict[int, list[tuple[int, frozenset[int]]]] = {}  # by lowest number
        for i, wanted in enumerate(needs):
            if wanted:
                self.by_first.setdefault(min(wanted), []).append((i, wanted))

    def __call__(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(rule id hash, start, end) of every match in the passage."""
        if not self.matchers or not len(doc):
            return []
        by_lemma, by_lower = self.anchor_ids[LEMMA].get, self.anchor_ids[LOWER].get
        found: list[tuple[int, int, int]] = []
        start, held = 0, set()  # the sentence so far, and the anchors it holds
        for i, (lemma, lower, sent_start) in enumerate(
                doc.to_array([LEMMA, LOWER, SENT_START]).tolist()):
            if sent_start == 1 and i:
                found.extend(self._sentence_matches(doc, start, i, held))
                start, held = i, set()
            if anchors := by_lemma(lemma):
                held |= anchors
            if anchors := by_lower(lower):
                held |= anchors
        found.extend(self._sentence_matches(doc, start, len(doc), held))
        return found

    def _sentence_matches(self, doc: Doc, start: int, end: int,
                          held: set[int]) -> list[tuple[int, int, int]]:
        """Matches in one sentence, by the patterns whose every anchor it holds."""
        possible = self.unanchored | {
            i for first in held for i, wanted in self.by_first.get(first, ()) if wanted <= held
        }
        return [(key, start + s, start + e) for i in sorted(possible)
                for key, s, e in self.matchers[i](doc[start:end])]


TOGETHER_REACH = 10  # tokens from the first to the last word of a ``together`` group


class _CoOccurrences:
    """The rules' ``together`` lists: a criterion named by words from each of several groups
    close together in one sentence, in any order ("plans are of poor quality", "the quality of
    plans"). A rule holds where every one of its groups has a word in the same sentence within
    ``TOGETHER_REACH`` tokens of the others.

    A rule's first group is its anchor, and should be its least common words. One matcher finds
    every rule's anchors; each rule's other groups, often common words ("child", "family") that
    many rules share and most passages hold, have a matcher of their own, run only within
    reach of that rule's anchors."""

    def __init__(self, phrases: _PhraseDocs, criteria: Iterable[Criterion]) -> None:
        strings = phrases.nlp.vocab.strings
        anchors: dict[str, list[str]] = {}
        self.rules: list[tuple[str, tuple[int, ...], PhraseMatchers]] = []
        self.rule_of: dict[int, int] = {}  # an anchor's key -> its rule
        for criterion in criteria:
            for together in criterion.together:
                rule = len(self.rules)
                names = [f"{criterion.id} together {rule} {group}" for group in range(len(together))]
                anchors[names[0]] = together[0]
                self.rule_of[strings.add(names[0])] = rule
                others = phrases.matcher(dict(zip(names[1:], together[1:])))
                self.rules.append((criterion.id, tuple(strings.add(n) for n in names), others))
        self.anchors = phrases.matcher(anchors) if anchors else None

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(rule id, start, end) of each word of every rule that holds."""
        anchored: dict[int, list[tuple[int, int]]] = {}
        for key, start, end in self.anchors(doc) if self.anchors is not None else ():
            anchored.setdefault(self.rule_of[key], []).append((start, end))
        if not anchored:  # most passages
            return []
        sentence: list[int] = []
        matches = set()
        for rule, anchors in sorted(anchored.items()):
            rule_id, keys, others = self.rules[rule]
            spans: dict[int, list[tuple[int, int]]] = {keys[0]: anchors}
            for start, end in _merged([(max(0, s - TOGETHER_REACH), e + TOGETHER_REACH)
                                       for s, e in anchors]):
                for key, s, e in others(doc[start:end]):
                    spans.setdefault(key, []).append((s, e))
            if len(spans) < len(keys):
                continue  # some group's words are not near an anchor
            sentence = sentence or numpy.cumsum(doc.to_array(SENT_START) == 1).tolist()
            for members in _together([_longest(spans[key]) for key in keys], sentence):
                matches.update((rule_id, s, e) for s, e in members)
        return sorted(matches, key=lambda m: (m[1], m[2], m[0]))


def _together(found: list[list[tuple[int, int]]], sentence: list[int]
              ) -> Iterator[list[tuple[int, int]]]:
    """For each anchor (the first group's spans), the nearest span of every other group in its
    sentence, when all of them fit within ``TOGETHER_REACH`` tokens."""
    for first in found[0]:
        members = [first]
        for group in found[1:]:
            near = [o for o in group if sentence[o[0]] == sentence[first[0]]
                    and abs(o[0] - first[0]) <= TOGETHER_REACH]
            if not near:
                break
            members.append(min(near, key=lambda o: abs(o[0] - first[0])))
        else:
            if max(e for _, e in members) - min(s for s, _ in members) <= TOGETHER_REACH:
                yield members


def _merged(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Token ranges with those that overlap joined, in order."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _longest(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans not inside a longer one: "EHC plans" counts once, not again as "plans"."""
    return [span for span in spans
            if not any(o != span and o[0] <= span[0] and span[1] <= o[1] for o in spans)]


class CompiledPack:
    """A rule pack turned into matchers; built once and shared by every document checked."""

    def __init__(self, pack: RulePack) -> None:
        self.pack = pack
        self.nlp = pipeline()
        phrases = _PhraseDocs(self.nlp)
        self.headings = phrases.matcher({c.id: [*c.terms, *c.headings] for c in pack.criteria})
        self.patterns = _TokenPatterns(self.nlp, pack.criteria)
        self.together = _CoOccurrences(phrases, pack.criteria)
        cues = pack.cues
        benchmarks = pack.benchmarks.benchmarks
        # Every phrase list a passage is searched for, in one matcher, each list keyed by its
        # kind and name: one pass over the passage's tokens instead of one per list kind.
        lists: dict[tuple[str, str], list[str]] = {}
        for criterion in pack.criteria:
            lists["term", criterion.id] = criterion.terms
            lists["exclude", criterion.id] = criterion.exclude
        for name in {name for group in CUE_GROUPS for name in (*group, "masks")}:
            lists["cue", name] = getattr(cues, name)
        for name, words in cues.signals.items():
            lists["signal", name] = words
        for benchmark in benchmarks:
            lists["benchmark", benchmark.id] = benchmark.terms
            lists["benchmark-group", benchmark.id] = benchmark.groups
        self.phrases = phrases.matcher({f"{kind}:{name}": words
                                        for (kind, name), words in sorted(lists.items())})
        strings = self.nlp.vocab.strings
        self.list_of = {strings[f"{kind}:{name}"]: (kind, name) for kind, name in lists}
        self.planned_year_words = {w.lower() for w in cues.planned_year}
        self.ratings = {word.lower(): stance for word, stance in cues.ratings.items()}

    def _phrases_in(self, doc: Doc) -> dict[str, list[tuple[str, int, int]]]:
        """(list name, start, end) of every phrase in the passage, by list kind; found once per
        passage (kept with the Doc), however many of the methods below look."""
        key = ("sendcheck phrases", id(self))
        if key not in doc.user_data:
            found: dict[str, list[tuple[str, int, int]]] = {}
            for list_key, start, end in self.phrases(doc):
                kind, name = self.list_of[list_key]
                found.setdefault(kind, []).append((name, start, end))
            doc.user_data[key] = found
        return doc.user_data[key]

    def criteria_in(self, doc: Doc) -> dict[str, list[Match]]:
        """Which criteria a passage names, with where; look-alike (``exclude``) matches dropped."""
        phrases = self._phrases_in(doc)
        vocab = self.nlp.vocab.strings
        patterns = [(vocab[key], start, end) for key, start, end in self.patterns(doc)]
        together = self.together(doc)
        found: dict[str, list[Match]] = {}
        for rule_id, start, end in self._unexcluded(doc, [*phrases.get("term", ()), *patterns,
                                                          *together]):
            found.setdefault(rule_id, []).append(Match(rule_id, start, end))
        return found

    def criteria_in_heading(self, doc: Doc) -> set[str]:
        """Which criteria a heading names: terms and heading words, look-alikes dropped
        ("Health and social care advice" is not about social care for disabled children)."""
        vocab = self.nlp.vocab.strings
        named = [(vocab[key], start, end) for key, start, end in self.headings(doc)]
        return {rule_id for rule_id, _, _ in self._unexcluded(doc, named)}

    def _unexcluded(self, doc: Doc, matches: list[tuple[str, int, int]]
                    ) -> list[tuple[str, int, int]]:
        """The matches not inside a look-alike of the same criterion."""
        excluded: dict[str, list[tuple[int, int]]] = {}
        for rule_id, start, end in self._phrases_in(doc).get("exclude", ()):
            excluded.setdefault(rule_id, []).append((start, end))
        return [(rule_id, start, end) for rule_id, start, end in matches
                if not any(s <= start and end <= e for s, e in excluded.get(rule_id, ()))]

    def cues_in(self, doc: Doc) -> list[Match]:
        """Cue phrases in reading order; masks hide what they cover and are then dropped.

        Cue lists in different groups may share a phrase ("now" is praise and a present
        anchor); within a group the longest match wins ("too long" over "long")."""
        cues = self._phrases_in(doc).get("cue", [])
        found = []
        for group in CUE_GROUPS:
            spans = [Span(doc, s, e, label=name) for name, s, e in cues
                     if name in group or name == "masks"]
            found.extend(Match(span.label_, span.start, span.end)
                         for span in filter_spans(spans) if span.label_ != "masks")
        return sorted(found, key=lambda m: (m.start, m.end))

    def benchmarks_in(self, doc: Doc) -> tuple[list[Match], list[Match]]:
        """Where benchmark measures, and the groups some are limited to, are named."""
        phrases = self._phrases_in(doc)
        return (
            [Match(*found) for found in phrases.get("benchmark", ())],
            [Match(*found) for found in phrases.get("benchmark-group", ())],
        )

    def signals_in(self, doc: Doc) -> list[Match]:
        return [Match(*found) for found in self._phrases_in(doc).get("signal", ())]


_COMPILED: dict[tuple, CompiledPack] = {}


def compile_pack(pack: RulePack) -> CompiledPack:
    """Compile once per pack (the packs are cached by folder, then narrowed by rule ids)."""
    key = (pack.sources, tuple(pack.ids()))
    if key not in _COMPILED:
        _COMPILED[key] = CompiledPack(pack)
    return _COMPILED[key]
