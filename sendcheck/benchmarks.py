"""A draft's own figures against national benchmarks and standards (``rules/benchmarks.yaml``).

Inspectors test a self-evaluation's accuracy: "71% within 20 weeks" means little without the
year and England's rate beside it, and a figure worse than England's is a gap whether or not the
draft says so. This module finds, for one sentence and one criterion, the figure a benchmark
speaks to and says which side of the national figure it falls.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from .nlp import Match
from .quantities import Figure, current_figure, figures_in, years_in
from .rulepack import Benchmark


@dataclass(frozen=True)
class Comparison:
    benchmark: Benchmark
    value: float
    year: int | None
    national: float
    national_year: int | None
    better: bool
    any_year: bool = False  # no year given: true whichever year of the table it is for

    def message(self) -> str:
        amount = self._amount
        own = amount(self.value) + (f" in {self.year}" if self.year else "")
        if self.national_year is None:
            other = f"the standard of {amount(self.national)}"
        elif self.any_year:
            own += " (no year given)"
            values, years = self.benchmark.values.values(), self.benchmark.values.keys()
            if len(self.benchmark.values) == 1:
                other = f"England's {amount(self.national)} ({self.national_year})"
            else:
                other = (f"England's figure in every year on record ({amount(min(values))} to "
                         f"{amount(max(values))}, {min(years)}-{max(years)})")
        else:
            other = f"England's {amount(self.national)} ({self.national_year})"
        side = "better than" if self.better else "worse than"
        return f"{own} is {side} {other}: {self.benchmark.measure}."

    def _amount(self, value: float) -> str:
        """A figure as a SEF's reader would say it: a wait given in months or years is a
        fraction of weeks ("two years" is 104.36), so it is "about 104 weeks"."""
        if self.benchmark.unit == "percent":
            return f"{value:g}%"
        return f"{value:g} weeks" if value == round(value) else f"about {round(value)} weeks"


def _side(benchmark: Benchmark, figure: Figure, national: float) -> bool | None:
    """Better (True), worse (False), or cannot tell from a bound on the wrong side."""
    if figure.bound == "exact":
        if figure.value == national:
            # on a standard's line meets it; level with England is on neither side
            return True if benchmark.standard is not None else None
        return benchmark.is_better(figure.value, national)
    bad_side_bound = "lower" if benchmark.better == "lower" else "upper"
    if figure.bound == bad_side_bound:
        # "more than 104 weeks": at least that bad; worse if the bound itself is past the line
        return False if not benchmark.is_better(figure.value, national) else None
    # "within 18 weeks": at least that good; better if the bound itself is within the line
    return True if (figure.value == national or benchmark.is_better(figure.value, national)) else None


COMPARATOR_REACH = 4  # tokens between a figure and "England", "nationally", "against"


def _speaks_of(sentence: Span, words: list[str]) -> bool:
    """"Over the last two years" is no wait: a duration counts only in a sentence about one."""
    lemmas = {word.lower() for word in words}
    return any(token.lemma_ in lemmas for token in sentence)


def _stated_comparator(own: Figure, figures: list[Figure], cues: list[Match]) -> Figure | None:
    for figure in figures:
        if figure is own or figure.start < own.start:
            continue
        if any(-COMPARATOR_REACH <= cue.start - figure.start <= COMPARATOR_REACH for cue in cues):
            return figure
    return None


def _any_year(benchmark: Benchmark, own: Figure) -> tuple[float, int] | None:
    """For a figure with no year: the England figure it is worse than in every year of the
    table (the least demanding), or better than in every year (the most demanding)."""
    if not benchmark.values:
        return None
    ranked = sorted(benchmark.values.items(), key=lambda item: item[1],
                    reverse=benchmark.better == "lower")
    least_year, least = ranked[0]
    most_year, most = ranked[-1]
    if own.value != least and not benchmark.is_better(own.value, least):
        return least, least_year
    if benchmark.is_better(own.value, most):
        return most, most_year
    return None


def compare(
    sentence: Span,
    benchmarks: list[Benchmark],
    terms: list[Match],
    groups: list[Match],
    comparators: list[Match],
    latest_year: int,
) -> Comparison | None:
    """The comparison for the first benchmark whose measure (and group) the sentence names.

    A figure for a year after ``latest_year`` (the as-of year) is a target, not a result, and is
    not compared. Where the draft states its own comparator ("against 24.3% in England": a
    figure next to a ``comparison`` signal word) that is used; else the benchmark table's.
    """
    start, end = sentence.start, sentence.end
    named = {m.key for m in terms if start <= m.start < end}
    if not named:
        return None
    grouped = {m.key for m in groups if start <= m.start < end}
    figures = figures_in(sentence)
    if not figures:
        return None
    years = years_in(sentence)
    for benchmark in benchmarks:
        if benchmark.id not in named or (benchmark.groups and benchmark.id not in grouped):
            continue
        if benchmark.only_with and not _speaks_of(sentence, benchmark.only_with):
            continue
        year = max(years) if years else None
        if year is not None and year > latest_year:
            continue
        same_unit = [f for f in figures if f.unit == benchmark.unit]
        if benchmark.unit == "weeks" and any(f.unit == "percent" for f in figures):
            # "58% are seen within 18 weeks": the weeks name the measure, a share is the result
            same_unit = [f for f in same_unit if f.bound == "exact"]
        for own in _own_figures(sentence, same_unit, comparators):
            stated = _stated_comparator(own, same_unit, comparators)
            national = (stated.value, year) if stated else benchmark.national(year)
            any_year = national is None
            if any_year:
                national = _any_year(benchmark, own)
            if national is None:
                continue
            better = _side(benchmark, own, national[0])
            if better is not None:
                return Comparison(benchmark, own.value, year, national[0], national[1], better,
                                  any_year)
    return None


def _own_figures(sentence: Span, figures: list[Figure], comparators: list[Match]
                 ) -> list[Figure]:
    """The area's figures to judge, the current one first. A bound that cannot be judged
    ("seen within 18 weeks", against a 13-week standard) gives way to the next exact figure
    ("but school-age children wait 74 weeks"); a comparator's own figure is never one."""
    own = current_figure(sentence, figures)
    if own is None:
        return []
    theirs = {id(f) for g in figures if (f := _stated_comparator(g, figures, comparators))}
    later = [f for f in figures if f.start > own.start and f.bound == "exact"
             and id(f) not in theirs]
    return [own, *later] if own.bound != "exact" else [own]
