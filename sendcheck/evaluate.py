"""Passages x criteria -> readings: which criterion each sentence serves, its stance, its signals.

A passage is a sentence in its paragraph or table cell, with the heading above it as context: a
paragraph under "Waiting times" speaks to waiting times even when a sentence does not say so
(a sentence that names some of its heading's criteria speaks to those). A table row's first
cell is a heading for the row (unless it takes a stance or holds sentences), and a
Red/Amber/Green rating in a criterion's row is that criterion's self-rating: a Red row's cells
are read as the gap it rates. In a table with an "England" column, each of the area's figures
is read with its row and England's figure, as one sentence.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Doc, Span

from .benchmarks import COMPARATOR_REACH, compare
from .context import AUXILIARIES, TimeCues, Weights, sentence_stance, split_clauses
from .load.textutil import looks_like_heading
from .measures import figure_tokens, form_signals
from .models import Alert, Block, Document, Evidence, Stance
from .nlp import CompiledPack, Match, Words
from .quantities import dates_in, months_between

MAX_SENTENCE_TOKENS = 400  # a longer "sentence" is a list run together: read it in windows
SIGNAL_ORDER = ("data", "date", "comparison", "trend", "impact", "voice", "rating")


@dataclass(frozen=True)
class Reading:
    """One piece of evidence for one criterion, before findings are scored.

    ``direct`` is true when the sentence names the criterion itself, false when only its heading
    or table row does; ``hedged`` when it softens its claim ("some", "beginning to");
    ``subordinate`` when the next sentence turns against it ("X works well. However, ...");
    ``activity_only`` when its praise is only that something is done ("staff attended").
    """

    rule_id: str
    evidence: Evidence
    direct: bool
    hedged: bool
    subordinate: bool = False
    activity_only: bool = False


@dataclass
class Evaluation:
    """What reading a document gives: evidence per criterion, and what a reviewer would flag
    in a sentence (a figure below England's, a claim with no figure, a stale date)."""

    readings: list[Reading] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)


@dataclass(frozen=True)
class BlockView:
    """One block read once: its doc and every match in it, shared by its sentences."""

    block: Block
    doc: Doc
    words: Words
    cues: list[Match]
    terms: dict[str, list[Match]]
    context: frozenset[str]
    inherited: Stance
    figures: list[int]  # tokens that may be figures or dates (measures.figure_tokens)
    signal_words: list[Match]
    benchmark_terms: list[Match]
    benchmark_groups: list[Match]
    rated_gap: frozenset[str] = frozenset()  # criteria its table row rates a gap ("Red")
    lead_in: Stance | None = None  # the stance of the block ending in ":" that introduces it
    actions: bool = False  # a list item under a heading of actions ("Next steps")


Row = tuple[int | None, int | None]  # (table, row)


@dataclass(frozen=True)
class Layout:
    """What the draft's shape says about its parts: its title, which table rows are labelled
    by their first cell, the rows' Red/Amber/Green ratings (in any column, before or after
    the cells they rate), and the cells under a column of comparators ("England")."""

    title: str | None
    labelled_rows: frozenset[Row]
    row_ratings: dict[Row, Stance]
    comparators: dict[Row, Block]  # the row's cell under a column such as "England"

    @classmethod
    def of(cls, document: Document, ratings: dict[str, Stance],
           names_comparator: Callable[[str], bool]) -> Layout:
        labelled, row_ratings, comparators = set(), {}, {}
        for block in document.blocks:
            if block.row_header:
                row = (block.location.table, block.location.row)
                labelled.add(row)
                if rating := ratings.get(block.text.strip().lower()):
                    row_ratings[row] = rating
                if (block.column_header and any(c.isdigit() for c in block.text)
                        and names_comparator(block.column_header)):
                    comparators.setdefault(row, block)  # a figure: not "n/a"
        return cls(_title(document), frozenset(labelled), row_ratings, comparators)

    def compares_row(self, block: Block) -> bool:
        """The block's row has a comparator cell."""
        return (block.location.table, block.location.row) in self.comparators

    def is_comparator(self, block: Block) -> bool:
        """The cell is England's (or a neighbour's) figure: a benchmark, not the area's."""
        return self.comparators.get((block.location.table, block.location.row)) is block

    def with_comparator(self, block: Block) -> Block:
        """A cell of the area's own figures, in a row with a comparator, read as one sentence
        with its row, column and comparator: "New EHC plans issued within 20 weeks, 2025:
        41%; England: 46%", so that the figure is compared as it would be in prose."""
        comparator = self.comparators.get((block.location.table, block.location.row))
        if comparator is None or comparator is block or not block.row_header:
            return block
        measure = ", ".join(t for t in (block.row_header, block.column_header) if t)
        return block.model_copy(update={"text": f"{measure}: {block.text}; "
                                                f"{comparator.column_header}: {comparator.text}"})

    def labels_row(self, block: Block) -> bool:
        """The block is the first cell of a row whose other cells it labels."""
        return (block.location.column == 1
                and (block.location.table, block.location.row) in self.labelled_rows)

    def rating_of(self, block: Block) -> Stance | None:
        """The rating of the row a labelled cell is in."""
        if not block.row_header:
            return None
        return self.row_ratings.get((block.location.table, block.location.row))


def _title(document: Document) -> str | None:
    """The draft's title: its first heading, when that is the only one at the top level and
    others sit under it ("Eastmoor SEND self-evaluation" over "1. Leadership ..."). It names
    the whole draft, so it is no section's context: "self-evaluation" would otherwise make
    every unheaded paragraph evidence of governance."""
    headings = [block for block in document.blocks if block.kind == "heading"]
    if len(headings) < 2 or headings[0] is not document.blocks[0]:
        return None
    top = min(h.level or 1 for h in headings)
    if (headings[0].level or 1) != top or any((h.level or 1) == top for h in headings[1:]):
        return None
    return headings[0].text


@dataclass(frozen=True)
class HeadingContext:
    """What a heading says: the criteria it names, its stance, and whether it heads a list of
    actions: a plan named without a verb ("Next steps", "Priorities for the next year"), under
    which an item with no verb of its own ("Cut waits to under 52 weeks.") is a plan. "We
    did/will do:" has verbs, and may list what is done."""

    rules: frozenset[str]
    stance: Stance
    heads_actions: bool = False


class Evaluator:
    """Reads documents against one compiled pack, as of one date."""

    def __init__(self, compiled: CompiledPack, as_of: date) -> None:
        self.compiled = compiled
        self.as_of = as_of
        pack = compiled.pack
        cues = pack.cues
        self.time = TimeCues(
            as_of_year=as_of.year,
            as_of_month=as_of.month,
            historical_after_years=cues.historical_after_years,
            planned_year_words=frozenset(compiled.planned_year_words),
        )
        self.weights = Weights(negative=cues.negative_weight, activity=cues.activity_weight)
        self.stale_after_months = pack.benchmarks.stale_after_months
        self._benchmarks_by_rule: dict[str, list] = {}
        for benchmark in pack.benchmarks.benchmarks:
            self._benchmarks_by_rule.setdefault(benchmark.rule, []).append(benchmark)
        self._headings: dict[str, HeadingContext] = {}
        self._comparator_headers: dict[str, bool] = {}

    def read(self, document: Document) -> Evaluation:
        evaluation = Evaluation()
        # What a block ending in ":" introduces ("The initial inspection found that:", "Over
        # the next year we will:"): the next block, or the list items that follow it.
        introduced: Stance | None = None
        listing = False
        layout = Layout.of(document, self.compiled.ratings, self._names_comparator)
        blocks = [layout.with_comparator(block) for block in document.blocks]
        docs = self.compiled.nlp.pipe((block.text for block in blocks), batch_size=128)
        for block, doc in zip(blocks, docs):
            cues = self.compiled.cues_in(doc)
            # A row's first cell that reads as a heading and takes no stance ("Quality of plans
            # and annual reviews"), or names a measure compared across the row, is the heading
            # of its row, not evidence; one that takes a stance ("Waits remain too long"), or
            # holds sentences, is.
            label = layout.labels_row(block) and looks_like_heading(block.text) and (
                self._heading(block.text).stance == "neutral" or layout.compares_row(block))
            if block.kind != "heading" and not label and not layout.is_comparator(block):
                self._read_block(block, doc, cues, _lead_in(block, introduced, listing),
                                 evaluation, layout)
            if stance := _introduces(block.text, cues):
                introduced, listing = stance, False
            elif block.kind == "list-item" and introduced:
                listing = True
            else:
                introduced, listing = None, False
        return evaluation

    def _names_comparator(self, text: str) -> bool:
        """Whether a column header names what figures are compared with ("England"). Cached:
        a column's header is asked once for each of its cells."""
        if text not in self._comparator_headers:
            doc = self.compiled.nlp(text[:200])
            self._comparator_headers[text] = any(
                m.key == "comparison" for m in self.compiled.signals_in(doc))
        return self._comparator_headers[text]

    def _heading(self, text: str) -> HeadingContext:
        """What a heading or row label says: the criteria it names and any stance it takes
        ("Where we need to improve", "Next steps"). Cached: headings repeat for every block."""
        if text not in self._headings:
            doc = self.compiled.nlp(text[:500])
            cues = self.compiled.cues_in(doc)
            words = Words.of(doc)
            clauses = split_clauses(words, 0, len(doc), cues)
            stance = sentence_stance(words, clauses, [], [], self.time, self.weights)
            if stance == "positive" and not _praises(cues):
                stance = "neutral"  # a topic named by an activity ("Meeting needs"), no claim
            self._headings[text] = HeadingContext(
                rules=frozenset(self.compiled.criteria_in_heading(doc)), stance=stance,
                heads_actions=stance == "planned" and AUXILIARIES.isdisjoint(words.lemma),
            )
        return self._headings[text]

    def _block_context(self, block: Block, layout: Layout) -> tuple[frozenset[str], HeadingContext]:
        """The criteria a block sits under (its row label, else its nearest heading naming
        any, not the draft's title) and the nearest heading that takes a stance."""
        # A row's first cell labels the row only if it reads as a heading, not as sentences.
        labels = [block.row_header] if block.row_header and looks_like_heading(
            block.row_header) else []
        headings = block.headings
        if headings[:1] == [layout.title]:
            headings = headings[1:]
        contexts = [self._heading(text) for text in [*labels, *reversed(headings)]]
        rules = next((c.rules for c in contexts if c.rules), frozenset())
        return rules, next((c for c in contexts if c.stance != "neutral"),
                           HeadingContext(frozenset(), "neutral"))

    def _read_block(
        self, block: Block, doc: Doc, cues: list[Match], lead_in: Stance | None,
        evaluation: Evaluation, layout: Layout,
    ) -> None:
        context, heading = self._block_context(block, layout)
        rating = self.compiled.ratings.get(block.text.strip().lower())
        if rating and block.row_header:
            for rule_id in self._heading(block.row_header).rules:
                evidence = Evidence(
                    text=f"{block.row_header}: {block.text}", stance=rating,
                    location=block.location, signals=["rating"],
                )
                evaluation.readings.append(Reading(rule_id, evidence, direct=True, hedged=False))
            return
        terms = self.compiled.criteria_in(doc)
        if not terms and not context and not any(c.key == "claims" for c in cues):
            return  # no criterion to read for and no claim to check (half the corpus passages)
        benchmark_terms, benchmark_groups = self.compiled.benchmarks_in(doc)
        figures = figure_tokens(
            doc, {i for c in cues if c.key == "not_figures" for i in range(c.start, c.end)})
        view = BlockView(
            block=block,
            doc=doc,
            words=Words.of(doc),
            cues=_low_figures_admitted(cues, figures),
            terms=terms,
            context=context,
            inherited="historical" if lead_in == "historical" else heading.stance,
            actions=heading.heads_actions and block.kind == "list-item",
            lead_in=lead_in,
            figures=figures,
            signal_words=self.compiled.signals_in(doc),
            benchmark_terms=benchmark_terms,
            benchmark_groups=benchmark_groups,
            rated_gap=(self._heading(block.row_header).rules
                       if layout.rating_of(block) == "negative" else frozenset()),
        )
        previous: list[int] = []
        in_sentence = _SentenceMatches(view)
        for sentence in _sentences(doc):
            view = in_sentence.view(sentence)
            first = len(evaluation.readings)
            turns = _opens_with("contrast_joining", sentence, view.cues)
            carried = frozenset(evaluation.readings[i].rule_id for i in previous if turns)
            echo = None
            if _opens_with("continuation", sentence, view.cues):
                echo = next((evaluation.readings[i].evidence.stance for i in previous
                             if evaluation.readings[i].evidence.stance != "neutral"), None)
            self._read_sentence(view, sentence, evaluation, carried, echo)
            if turns:
                _subordinate_turned(evaluation.readings, previous, first)
            previous = list(range(first, len(evaluation.readings)))

    def _read_sentence(
        self, view: BlockView, sentence: Span, evaluation: Evaluation,
        carried: frozenset[str] = frozenset(),
        echo: Stance | None = None,
    ) -> None:
        """Evidence for each criterion the sentence serves, and the alerts it raises.

        ``view.inherited`` is the stance a sentence takes if it states none of its own: from a
        heading ("Areas for development") or a quotation of the past. ``carried`` are the
        criteria of the sentence before, when this one turns against it ("However, ...");
        ``echo`` its stance, when this one only goes on with it ("This includes ...").
        ``view`` is narrowed to the sentence (``_SentenceMatches``): its terms and cues are
        the sentence's own.
        """
        words, start, end = view.words, sentence.start, sentence.end
        text = view.block.text[sentence.start_char : sentence.end_char].strip()
        here, sentence_cues = view.terms, view.cues
        # The heading's criteria serve a sentence that names none of them; one that names some
        # is about those ("Outcomes and preparing for adulthood": an Attainment 8 score is
        # outcomes, not preparation for adulthood).
        context = view.context if view.context.isdisjoint(here) else frozenset()
        rules = sorted(set(here) | context | carried)
        if not rules and not any(c.key == "claims" for c in sentence_cues):
            return  # nothing to read for, and no claim to check
        signals = form_signals(words, start, end, text, view.figures) | {
            m.key for m in view.signal_words if start <= m.start < end
        }
        self._check_claim(view, sentence, sentence_cues, signals, rules, evaluation)
        if not rules:
            return
        clauses = split_clauses(words, start, end, sentence_cues)
        # A contrast's main clause carries its figure too: "waits have fallen to 14 weeks, but
        # occupational therapy waits are still 39 weeks" is judged by the 39 weeks.
        mains = [c for c in clauses if c.main]
        weighed = ([view.doc[mains[0].start:mains[-1].end]]
                   if mains and len(mains) < len(clauses) else []) + [sentence]
        hedged = any(c.key == "hedging" for c in sentence_cues)
        activity_only = not _praises(sentence_cues)
        present = any(c.key == "present" for c in sentence_cues)
        dated = self._dated_currency(sentence, sentence_cues)
        for rule_id in rules:
            own = here.get(rule_id, [])
            others = [m for rid, ms in here.items() if rid != rule_id for m in ms]
            stance: Stance = sentence_stance(words, clauses, own, others, self.time, self.weights)
            if view.inherited == "historical" and not present:
                stance = "historical"
            elif view.lead_in == "planned" and stance in ("positive", "neutral"):
                stance = "planned"  # "We will:" then "improve the timeliness of plans;"
            elif (view.actions and stance in ("positive", "neutral")
                  and AUXILIARIES.isdisjoint(words.lemma[start:end])):  # no verb of its own
                stance = "planned"  # under "Next steps": "Cut waits to under 52 weeks."
            elif echo and (stance == "neutral" or (stance == "positive" and activity_only)):
                stance = echo
            elif stance == "neutral":
                stance = view.inherited
            rule_signals = set(signals)
            if stance not in ("planned", "historical"):
                stance = self._judge_figures(view, sentence, weighed, rule_id, stance,
                                             rule_signals, evaluation)
                stance = self._judge_currency(view, sentence, rule_id, stance, dated, evaluation)
            if stance == "positive" and rule_id in view.rated_gap:
                # The authors rate the row Red: "49% of annual reviews completed on time" is
                # their evidence of a current gap, whatever its words sound like.
                stance = "negative"
            if not own and stance == "neutral" and not rule_signals:
                continue  # heading context alone, and nothing said: not evidence
            evidence = Evidence(
                text=text,
                stance=stance,
                location=view.block.location,
                signals=[s for s in SIGNAL_ORDER if s in rule_signals],
            )
            evaluation.readings.append(
                Reading(rule_id, evidence, bool(own), hedged, activity_only=activity_only)
            )

    def _judge_figures(
        self, view: BlockView, sentence: Span, weighed: list[Span], rule_id: str,
        stance: Stance, signals: set[str], evaluation: Evaluation,
    ) -> Stance:
        """A figure worse than England's (or a standard) is a gap even when the draft does not
        say so; a better one is a strength. ``weighed`` are the spans to look in, in order:
        the main clauses, then the whole sentence."""
        benchmarks = self._benchmarks_by_rule.get(rule_id)
        if not benchmarks:
            return stance
        comparators = [m for m in view.signal_words if m.key == "comparison"]
        comparison = next((found for span in weighed if (found := compare(
            span, benchmarks, view.benchmark_terms, view.benchmark_groups, comparators,
            self.as_of.year)) is not None), None)
        if comparison is None:
            return stance
        signals.add("comparison")
        if not comparison.better:
            evaluation.alerts.append(_alert("below-benchmark", comparison.message(), sentence,
                                            view.block, rule_id))
        return "positive" if comparison.better else "negative"

    def _dated_currency(self, sentence: Span, cues: list[Match]) -> tuple[date, str] | None:
        """The date given for something that must be current ("last reviewed in May 2021")."""
        currency = [c for c in cues if c.key == "currency"]
        if not currency:
            return None
        after = [d for d in dates_in(sentence) if d.start >= currency[0].start]
        return (after[0].when, after[0].text) if after else None

    def _judge_currency(
        self, view: BlockView, sentence: Span, rule_id: str, stance: Stance,
        dated: tuple[date, str] | None, evaluation: Evaluation,
    ) -> Stance:
        """Dated more than ``stale_after_months`` before the as-of date: not a current strength."""
        if dated is None:
            return stance
        when, text = dated
        age = months_between(when, self.as_of)
        if age <= self.stale_after_months:
            return "positive" if stance == "neutral" else stance
        message = (f"dated {text}, {age} months before {self.as_of.isoformat()}: "
                   f"older than {self.stale_after_months} months, so not current")
        if not any(a.kind == "stale-evidence" and a.text == sentence.text.strip()
                   for a in evaluation.alerts):
            evaluation.alerts.append(_alert("stale-evidence", message, sentence, view.block,
                                            rule_id))
        return "negative"

    def _check_claim(
        self, view: BlockView, sentence: Span, cues: list[Match], signals: set[str],
        rules: list[str], evaluation: Evaluation,
    ) -> None:
        """A claim of improvement or quality with no figure beside it."""
        claim = next((c for c in cues if c.key == "claims"), None)
        if claim is None or "data" in signals or any(c.key == "planned" for c in cues):
            return  # an aspiration ("committed to high-quality plans") claims nothing yet
        words = view.doc[claim.start : claim.end].text
        evaluation.alerts.append(_alert(
            "claim-without-evidence",
            f"'{words}' with no figure: say how much, over what period, against what",
            sentence, view.block, rules[0] if rules else None,
        ))


def _alert(kind: str, message: str, sentence: Span, block: Block, rule_id: str | None) -> Alert:
    return Alert(kind=kind, message=message, text=sentence.text.strip(),
                 location=block.location, rule_id=rule_id)


def _sentences(doc: Doc) -> Iterator[Span]:
    for sentence in doc.sents:
        if len(sentence) <= MAX_SENTENCE_TOKENS:
            yield sentence
            continue
        for offset in range(sentence.start, sentence.end, MAX_SENTENCE_TOKENS):
            yield doc[offset : min(offset + MAX_SENTENCE_TOKENS, sentence.end)]


class _ByStart:
    """Matches sorted by where they start, so that those in a range of tokens are found by
    bisection."""

    def __init__(self, matches: list[Match]) -> None:
        self.matches = sorted(matches, key=lambda m: m.start)  # stable: cues keep their order
        self.starts = [m.start for m in self.matches]

    def within(self, start: int, end: int) -> list[Match]:
        return self.matches[bisect_left(self.starts, start):bisect_left(self.starts, end)]


class _SentenceMatches:
    """A block's view narrowed to one sentence's matches at a time. Everything that reads a
    view looks only at the sentence's tokens (a comparator up to ``COMPARATOR_REACH`` either
    side), so the result is the same; but a block of thousands of sentences no longer has
    every match in it scanned again for each sentence, which took minutes."""

    def __init__(self, view: BlockView) -> None:
        self.block = view
        self.cues = _ByStart(view.cues)
        self.terms = {rule_id: _ByStart(matches) for rule_id, matches in view.terms.items()}
        self.signal_words = _ByStart(view.signal_words)
        self.benchmark_terms = _ByStart(view.benchmark_terms)
        self.benchmark_groups = _ByStart(view.benchmark_groups)

    def view(self, sentence: Span) -> BlockView:
        start, end = sentence.start, sentence.end
        terms = {rule_id: found for rule_id, index in self.terms.items()
                 if (found := index.within(start, end))}
        return replace(
            self.block, cues=self.cues.within(start, end), terms=terms,
            signal_words=self.signal_words.within(start - COMPARATOR_REACH,
                                                  end + COMPARATOR_REACH),
            benchmark_terms=self.benchmark_terms.within(start, end),
            benchmark_groups=self.benchmark_groups.within(start, end),
            figures=self.block.figures[bisect_left(self.block.figures, start):
                                       bisect_left(self.block.figures, end)],
        )


def _praises(cues: list[Match]) -> bool:
    """Whether any cue is praise: without one, a positive reading is only activity."""
    return any(c.key == "positive" for c in cues)


def _opens_with(kind: str, sentence: Span, cues: list[Match]) -> bool:
    """Whether the sentence opens with a cue of ``kind``: "However, ..." answers the sentence
    before it; "This includes ..." goes on with it. ``cues`` are in order of where they start,
    so only the first few are looked at."""
    for cue in cues:
        if cue.start > sentence.start + 1:
            return False
        if cue.key == kind and cue.start >= sentence.start:
            return True
    return False


def _subordinate_turned(readings: list[Reading], previous: list[int], first: int) -> None:
    """Claims of the sentence before that the contrasting one turns against give way to it:
    in "Leaders know the area well. However, waits remain too long." the second carries. Mere
    activity does not outweigh an admission ("Waits are long. However, support is offered.")."""
    turned_to = {
        r.rule_id: r.evidence.stance for r in readings[first:]
        if r.evidence.stance == "negative"
        or (r.evidence.stance == "positive" and not r.activity_only)
    }
    for i in previous:
        reading = readings[i]
        stance = turned_to.get(reading.rule_id)
        current = reading.evidence.stance in ("positive", "negative")
        if stance and current and stance != reading.evidence.stance:
            readings[i] = replace(reading, subordinate=True)


def _low_figures_admitted(cues: list[Match], figures: list[int]) -> list[Match]:
    """A ``low_figure`` word directly before a figure presents it as too low, an admission
    ("only 49% were completed"); elsewhere it says nothing ("the only DCO")."""
    at = set(figures)
    return [replace(c, key="negative") if c.key == "low_figure" else c for c in cues
            if c.key != "low_figure" or c.end in at]


def _lead_in(block: Block, introduced: Stance | None, listing: bool) -> Stance | None:
    """The stance a block takes from the lead-in before it: the next block takes it, and so do
    the list items that follow. A planned lead-in's intention is shared only by an item that
    goes on with its sentence ("Our priorities are to:", "improve the timeliness of plans;"):
    "We did/will do:" may list what is done."""
    lead_in = introduced if block.kind == "list-item" or not listing else None
    if lead_in == "planned" and not block.text[:1].islower():
        return None
    return lead_in


def _introduces(text: str, cues: list[Match]) -> Stance | None:
    """The stance a block ending in ":" gives what follows it: "The initial inspection found
    that:" quotes the past (revisit letters quote the original weakness before the current
    position); "Our priorities for the coming year are to:" lists intentions."""
    if not text.rstrip().endswith(":"):
        return None
    return next((c.key for c in cues if c.key in ("historical", "planned")), None)
