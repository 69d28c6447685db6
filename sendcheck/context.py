"""Stance: what a sentence claims about the area now, read from cue words in context.

The same words mean opposite things in context ("no DMO in post" is a gap, "no delays in health
advice" a strength), so stance is read per clause, and per criterion:

1. The sentence is cut into clauses at semicolons and contrast cues. In "Although X has improved,
   Y remains too long" the clause after the comma is the main one; in "X improved, but Y remains
   too long" the clause after "but" is.
2. Each clause gets a polarity from positive and negative cues; a negation cue flips the first
   cue or criterion term within a few tokens after it (so a negated negative is positive, and a
   negated criterion term, "no DCO", is a gap); a "no" that opens the clause reaches across
   the subject to its verb ("No pupil with an EHC plan has been excluded").
3. Time overrides polarity: a historical cue (or "in 2017", years before the as-of date) makes
   the clause history unless a present anchor ("since", "now", "remain") keeps it current; an
   intention cue (or "by 2027", a year after the as-of date) makes it planned unless it also
   states a current gap.
4. A criterion reads the main clause, unless only a subordinate clause names it while the main
   clause is about something else.

Cue words come from ``rules/cues``; this module holds only the mechanism.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from dataclasses import dataclass, field

from .measures import MONTHS
from .models import Stance
from .nlp import Match, Words

NEGATION_REACH = 6  # "no child looked after was permanently excluded": across a short subject
DOUBLE_NEGATION_REACH = 8  # "no child with an EHC plan was without ...": across the subject
STANCE_PRIORITY: dict[Stance, int] = {
    "negative": 4, "positive": 3, "planned": 2, "historical": 1, "neutral": 0,
}


@dataclass
class Clause:
    start: int
    end: int
    main: bool
    cues: list[Match] = field(default_factory=list)

    def has(self, kind: str) -> bool:
        return any(cue.key == kind for cue in self.cues)


@dataclass(frozen=True)
class Weights:
    """How much an admission, and a mere activity, weigh against one word of praise."""

    negative: float
    activity: float


@dataclass(frozen=True)
class TimeCues:
    """How years read against the as-of date."""

    as_of_year: int
    as_of_month: int
    historical_after_years: int
    planned_year_words: frozenset[str]


def split_clauses(words: Words, start: int, end: int, cues: list[Match]) -> list[Clause]:
    """Cut the sentence (tokens ``start`` to ``end``) into clauses and mark which carry its
    main claim."""
    clauses: list[Clause] = []
    cut = start
    leading_open = False
    for cue in cues:
        if cue.key == "contrast_joining" and cue.start > cut:
            clauses.append(Clause(cut, cue.start, main=False))
            cut = cue.start
        elif cue.key == "contrast_leading":
            if cue.start == start or (cue.start == start + 1 and words.punct[start]):
                leading_open = True
            elif cue.start > cut:
                clauses.append(Clause(cut, cue.start, main=True))
                cut = cue.start
    for i in range(start, end):
        text = words.text[i]
        if text == ";" and i > cut:
            clauses.append(Clause(cut, i, main=True))
            cut = i + 1
        elif leading_open and text == "," and i > cut:
            clauses.append(Clause(cut, i, main=False))
            cut = i + 1
            leading_open = False
    if cut < end:
        clauses.append(Clause(cut, end, main=True))
    _mark_trailing_subordinates(clauses, cues)
    for clause in clauses:
        clause.cues = [c for c in cues if clause.start <= c.start < clause.end]
    return clauses


def _mark_trailing_subordinates(clauses: list[Clause], cues: list[Match]) -> None:
    """A clause that opens with a leading contrast cue mid-sentence is subordinate."""
    leading_starts = {c.start for c in cues if c.key == "contrast_leading"}
    for clause in clauses:
        if clause.start in leading_starts and clause is not clauses[0]:
            clause.main = False
    if not any(clause.main for clause in clauses):
        clauses[-1].main = True


def polarity(words: Words, clause: Clause, weights: Weights) -> float:
    """Praise minus admissions in the clause, each negation flipping what it governs.

    A negation governs the first polar cue within ``NEGATION_REACH`` tokens: "no delays" and
    "no waits" are strengths, "not timely" a gap, and the praise that follows in the same
    phrase belongs to what is denied ("do not receive the support they need"). With nothing
    polar in reach it states an absence, a gap, whether of the criterion itself ("no DCO") or
    of something unnamed ("not all"), unless what it denies is another absence: "no child is
    without a place" affirms. A denied claim is an admission and weighs as one. A
    removal verb ("address", "clear the") flips what it governs too, but alone says nothing,
    and a denied removal leaves the problem standing ("have not addressed waits"). Words in
    a clause that describes who is meant ("children who cannot attend school") or a condition
    ("if their needs escalate") claim nothing.
    Trends take their sign from what moves: an adverse thing rising is a gap.
    """
    adverse = clause.has("adverse")
    values = {
        "positive": 1.0,
        "activity": weights.activity,
        "negative": -weights.negative,
        "adverse": 0.0,
        "rising": -1.0 if adverse else 1.0,
        "falling": 1.0 if adverse else -1.0,
    }
    cues = [c for c in clause.cues if not _describes_who(words, c) and not _in_condition(words, c)]
    polar = [c for c in cues if c.key in values]
    score = {id(c): values[c.key] for c in polar}
    denied_removals = set()
    denied_negations = set()
    governed_already = set()  # "neither jointly nor accurately": one denial, not two
    for flip in (c for c in cues if c.key in ("negation", "removal")):
        if id(flip) in denied_removals or id(flip) in denied_negations:
            continue
        governed = min(
            (c for c in _in_reach(words, clause, flip, cues)
             if c.key in values or (flip.key == "negation" and c.key == "removal")),
            key=lambda c: c.start, default=None,
        )
        inner = min((c for c in cues if c.key == "negation"
                     and 0 <= c.start - flip.end < DOUBLE_NEGATION_REACH),
                    key=lambda c: c.start, default=None)
        if flip.key == "negation" and inner is not None and \
                (governed is None or inner.start < governed.start) and \
                not _coordinated(words, flip.end, inner.end) and \
                not any(c.key in values and 0 <= c.start - inner.end < NEGATION_REACH
                        for c in cues):
            # "no child is without a place": a denied absence affirms. Not when the inner
            # denial has its own object ("not having a diagnosis may prevent access").
            denied_negations.add(id(inner))
            score[id(flip)] = 1.0
            continue
        if governed is not None and id(governed) in governed_already:
            continue
        if governed is not None:
            governed_already.add(id(governed))
        if governed is None:
            if flip.key == "negation":
                score[id(flip)] = -weights.negative
                _absorb_praise(words, clause, polar, score, flip.end)
            continue
        if governed.key == "removal":  # "not addressed": what it would remove stays
            denied_removals.add(id(governed))
            target = next((c for c in polar if 0 <= c.start - governed.end < NEGATION_REACH), None)
            if target is not None:
                score[id(target)] = -weights.negative
            else:
                score[id(flip)] = -weights.negative
            continue
        if governed.key == "adverse" or score[id(governed)] < 0:
            score[id(governed)] = 1.0
        else:
            score[id(governed)] = -weights.negative
        _absorb_praise(words, clause, polar, score, governed.end)
    for admission in (c for c in polar if c.key == "negative"):
        _absorb_praise(words, clause, polar, score, admission.end)
    return sum(score.values())


def _in_reach(words: Words, clause: Clause, flip: Match, cues: list[Match]) -> list[Match]:
    """The cues a negation or removal may govern: those within ``NEGATION_REACH`` tokens after
    it. A "no" that opens its clause quantifies the subject, and denies the verb after it:
    "No pupil with an EHC plan has been permanently excluded" is a strength. So it reaches
    across the subject, up to ``DOUBLE_NEGATION_REACH`` tokens, but not past a conjunction or
    comma ("No DMO is in post and waits are long" denies only the DMO)."""
    near = [c for c in cues if 0 <= c.start - flip.end < NEGATION_REACH]
    if near or flip.key != "negation" or not _opens(words, clause, flip):
        return near
    return [c for c in cues if 0 <= c.start - flip.end <= DOUBLE_NEGATION_REACH
            and not _coordinated(words, flip.end, c.start)]


def _opens(words: Words, clause: Clause, cue: Match) -> bool:
    """Whether only punctuation and contrast cues ("However, ...") come before the cue in its
    clause."""
    leading = {i for c in clause.cues if c.key.startswith("contrast")
               for i in range(c.start, c.end)}
    return all(words.punct[i] or i in leading for i in range(clause.start, cue.start))


RELATIVE_WORDS = {"who", "whose"}
RELATIVE_REACH = 8  # tokens back from a cue to the "who" that opens a describing clause
CONJUNCTIONS = {"and", "or", "nor"}


def _coordinated(words: Words, start: int, end: int) -> bool:
    """Whether a conjunction or a comma stands between: "no DCO and no DMO" are two denials,
    not one denying the other."""
    return any(words.lower[i] in CONJUNCTIONS or words.text[i] in (",", ";")
               for i in range(start, end))


def _phrase_before(words: Words, cue: Match) -> Iterator[int]:
    """The tokens before a cue, nearest first, back to punctuation or ``RELATIVE_REACH``: the
    phrase a "who" or an "if" that governs the cue would open."""
    for i in range(cue.start - 1, max(-1, cue.start - RELATIVE_REACH - 1), -1):
        if words.punct[i]:
            return
        yield i


# Verbs that open a verb group (English grammar, not domain words): the relative clause has one;
# a second, not joined to it by "and"/"or", is the main clause's.
AUXILIARIES = {"be", "do", "have", "can", "could", "will", "would", "shall", "should", "may",
               "might", "must"}


def _describes_who(words: Words, cue: Match) -> bool:
    """A negation or admission in a clause opened by "who" describes a group, not the area's
    work ("children who are permanently excluded or do not have a school place"). A second verb
    group after "who" is the main clause again: "who are NEET is too high", "who have SEND do
    not make enough progress"."""
    if cue.key not in ("negation", "negative"):
        return False
    verbs = 0
    for i in _phrase_before(words, cue):
        if words.lower[i] in RELATIVE_WORDS:
            return verbs < 2
        joined = i > 0 and words.lower[i - 1] in CONJUNCTIONS
        verbs += words.lemma[i] in AUXILIARIES and not joined
    return False


CONDITIONALS = {"if", "unless"}


def _in_condition(words: Words, cue: Match) -> bool:
    """A cue in an "if" phrase states a condition, not how things are: "families are asked to
    call if their child's needs escalate"."""
    return _opened_by(words, cue, CONDITIONALS)


WH_WORDS = {"what", "how"}


def _says_what(words: Words, clause: Clause, cue: Match) -> bool:
    """A requirement in a clause opened by "what" or "how" is what someone knows or sets out,
    not a claim that it is not yet so: "leaders know what needs to be done", "an accurate
    understanding of what it still needs to do". Not where "what" opens the clause: "What
    needs to improve is ..." says it. (Other cues there still count: a guide that "sets out
    what every school provides" speaks of the provision.)"""
    return _opened_by(words, cue, WH_WORDS, after=clause.start)


def _opened_by(words: Words, cue: Match, openers: set[str], after: int = -1) -> bool:
    """Whether one of ``openers`` (after token ``after``) opens the phrase the cue is in."""
    return any(words.lower[i] in openers and i > after for i in _phrase_before(words, cue))


def _absorb_praise(words: Words, clause: Clause, polar: list[Match], score: dict,
                   start: int) -> None:
    """Praise later in a denied or admitted phrase belongs to what is denied or admitted:
    "do not receive the support they need", "too few plans are issued on time", "a lack of
    appropriate, clear and accurate responses"."""
    praise_starts = {c.start for c in polar if score[id(c)] > 0}
    phrase_end = _phrase_end(words, start, clause.end, praise_starts)
    for later in polar:
        if start <= later.start < phrase_end and score[id(later)] > 0:
            score[id(later)] = 0.0


def _phrase_end(words: Words, start: int, limit: int, listed: set[int]) -> int:
    """Where the phrase that starts at ``start`` ends: the next comma, colon or clause end. A
    comma that goes straight on to more praise lists it ("appropriate, clear and accurate")."""
    for i in range(start, limit):
        if words.text[i] == "," and i + 1 in listed:
            continue
        if words.text[i] in {",", ":", ";", "(", ")"}:
            return i
    return limit


def _years_in(words: Words, clause: Clause) -> list[tuple[int, int]]:
    """(token index, year) for four-digit years 1990-2099 in the clause."""
    years = []
    for i in range(clause.start, clause.end):
        text = words.text[i]
        if len(text) == 4 and text.isdigit() and 1990 <= int(text) <= 2099:
            years.append((i, int(text)))
    return years


DETERMINERS = {"the", "our", "its", "their", "this"}  # "at our 2018 inspection"
MONTH_NUMBERS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}


def _year_after(words: Words, i: int, openers: tuple[str, ...],
                between: set[str] | frozenset[str] = frozenset()) -> bool:
    """Whether the year at ``i`` follows one of ``openers``, directly or with one word of
    ``between`` in between ("in March 2019", "at our 2018 inspection")."""
    before = words.lower[i - 1] if i > 0 else ""
    return before in openers or (before in between and i > 1 and words.lower[i - 2] in openers)


def _dated_in(words: Words, i: int) -> bool:
    """Whether the year at ``i`` dates the clause: "in 2017", "during 2019", "in March 2019",
    "at our 2018 inspection"."""
    return (_year_after(words, i, ("in", "during"))
            or _year_after(words, i, ("in", "during", "at"), MONTHS | DETERMINERS))



def _ahead(words: Words, i: int, year: int, time: TimeCues) -> bool:
    """Whether the year at ``i``, introduced by a planned word ("by 2027", "in spring 2027",
    "starts in December 2026"), is after the as-of date: a later year, or a later month of
    this one."""
    introduced = any(j >= 0 and words.lower[j] in time.planned_year_words for j in (i - 1, i - 2))
    if not introduced:
        return False
    month = MONTH_NUMBERS.get(words.lower[i - 1], 0) if i > 0 else 0
    return year > time.as_of_year or (year == time.as_of_year and month > time.as_of_month)


def _until(words: Words, i: int) -> bool:
    """Whether the year at ``i`` ends a period: "until 2024", "until March 2024"."""
    return _year_after(words, i, ("until", "till"), MONTHS)


def clause_stance(words: Words, clause: Clause, time: TimeCues, weights: Weights) -> Stance:
    score = polarity(words, clause, weights)
    present = clause.has("present")
    years = _years_in(words, clause)
    recent = any(time.as_of_year - year < time.historical_after_years for _, year in years)
    # "down from 58% in 2023" measures the present against the past: a trend, not history.
    trend = clause.has("rising") or clause.has("falling") or clause.has("baseline")
    old_year = not recent and not trend and any(
        time.as_of_year - year >= time.historical_after_years and _dated_in(words, i)
        for i, year in years
    )
    # "Until 2024 the council chaired it alone": a state that ended, however recently.
    ended = any(year < time.as_of_year and _until(words, i) for i, year in years)
    if (clause.has("historical") or old_year or ended) and not present:
        return "historical"
    future_year = any(_ahead(words, i, year, time) for i, year in years)
    requirement = any(c.key == "requirement" and not _says_what(words, clause, c)
                      for c in clause.cues)
    if requirement and not clause.has("negation"):
        return "negative"  # "leaders must ...", "we need to ...": not yet so
    if (clause.has("planned") or future_year) and score >= 0:
        return "planned"  # an intention beside an admission still leaves the gap open
    if score > 0:
        return "positive"
    if score < 0:
        return "negative"
    return "neutral"


def sentence_stance(
    words: Words,
    clauses: list[Clause],
    terms: list[Match],
    other_terms: list[Match],
    time: TimeCues,
    weights: Weights,
) -> Stance:
    """The stance a sentence takes for one criterion (``terms`` are that criterion's matches)."""

    def names(clause: Clause, matches: list[Match]) -> bool:
        return any(clause.start <= m.start < clause.end for m in matches)

    mains = [c for c in clauses if c.main]
    chosen = [c for c in mains if names(c, terms)]
    if not chosen:
        subordinate = [c for c in clauses if not c.main and names(c, terms)]
        mains_elsewhere = all(names(c, other_terms) for c in mains)
        chosen = subordinate if subordinate and mains_elsewhere else mains
    stances = [clause_stance(words, c, time, weights) for c in chosen]
    best = max(stances, key=STANCE_PRIORITY.__getitem__)
    if best == "neutral":
        # A neutral main clause leaves the claim to a subordinate one ("while waits improved").
        others = [clause_stance(words, c, time, weights) for c in clauses if c not in chosen]
        best = max([best, *others], key=STANCE_PRIORITY.__getitem__)
    return best
