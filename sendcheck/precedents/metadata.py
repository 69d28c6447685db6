"""A letter's metadata from its own words: kind, area, inspection dates, letter date, outcome.

Three kinds of publication, each with its own wording: 2016-framework inspection letters
("Joint local area SEND inspection in X"), revisit letters ("Joint area SEND revisit in X") and
2023-framework reports ("Area SEND inspection of X Local Area Partnership"). Their titles,
outcome sentences and date labels are data, in ``rules/letters.yaml`` (see ``letters``); this
module applies them, and parses dates and number words. The phrasing is formulaic, and a wrong
guess is worse than none, so anything not found is reported rather than invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ..errors import SendcheckError
from .letters import Letters, load_letters

MONTHS = {name: number for number, names in enumerate([
    ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
    ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"),
    ("october", "oct"), ("november", "nov"), ("december", "dec")], start=1) for name in names}
_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_SEP = r"(?:\s*(?:to|and|until|-|\u2013|\u2014)\s*)"
DATE = re.compile(rf"\b(?P<d>{_DAY})\s+(?P<m>{_MONTH}),?\s+(?P<y>{_YEAR})\b", re.I)
RANGE = re.compile(
    rf"\b(?P<d1>{_DAY})(?:\s+(?P<m1>{_MONTH}))?(?:,?\s+(?P<y1>{_YEAR}))?{_SEP}"
    rf"(?P<d2>{_DAY})\s+(?P<m2>{_MONTH}),?\s+(?P<y2>{_YEAR})\b", re.I)

NUMBER_WORDS = {word: n for n, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen".split())}

# A revisit letter may also quote the original inspection's opening sentence, so where no title
# is found, a revisit is looked for first.
TITLE_ORDER = ("revisit", "inspection-2016", "area-send-2023")


class MetadataError(SendcheckError):
    """The text does not read as an Ofsted/CQC area SEND letter or report."""


@dataclass
class Metadata:
    kind: str
    area: str
    title: str
    inspection_start: date
    inspection_end: date
    published: date | None
    outcome: str
    progress: tuple[int, int] | None = None
    title_index: int | None = None  # the block holding the title, where passages begin


def extract(texts: list[str]) -> Metadata:
    """The metadata of a letter whose blocks (in reading order) are ``texts``."""
    letters = load_letters()
    joined = " ".join(texts)
    kind, area, title, title_index = _kind_and_area(texts, joined, letters)
    start, end = inspection_dates(texts, kind)
    published = letter_date(texts, title_index, kind)
    progress = None
    if kind == "area-send-2023":
        outcome = _outcome_2023(texts, letters)
    elif kind == "inspection-2016":
        outcome = _outcome_2016(joined, letters)
    else:
        progress = revisit_progress(texts)
        if progress is None:
            raise MetadataError("a revisit letter, but no sentence says whether the area made "
                                "sufficient progress")
        outcome = "sufficient-progress" if progress[0] == progress[1] else "insufficient-progress"
    return Metadata(kind=kind, area=area, title=title, inspection_start=start,
                    inspection_end=end, published=published, outcome=outcome, progress=progress,
                    title_index=title_index)


def _kind_and_area(texts: list[str], joined: str,
                   letters: Letters) -> tuple[str, str, str, int | None]:
    kinds = [letters.kinds[name] for name in TITLE_ORDER]
    head = texts[:60]
    for index, text in enumerate(head):  # a title line: a paragraph of its own
        for kind in kinds:
            for pattern in kind.title_lines:
                match = pattern.match(text) if len(text) < 200 else None
                if match:
                    return kind.name, clean_area(match["area"]), text, index
    # A title that hard wrapping may split over blocks: look in the joined text.
    for kind in kinds:
        match = kind.titles.first(" ".join(head))
        if match:
            index = _block_of(head, match.end() - 1)
            area = clean_area(match["area"])
            return kind.name, area, kind.spec.title.replace("{area}", area), index
    for kind in kinds:
        match = kind.area_sentences.first(joined[:20000])
        if match:
            return kind.name, clean_area(match["area"]), "", None
    examples = [f"'{letters.kinds[name].spec.example}'" for name in letters.kinds]
    raise MetadataError("not an Ofsted/CQC area SEND letter or report (no title such as "
                        f"{', '.join(examples[:-1])} or {examples[-1]})")


def _block_of(texts: list[str], offset: int) -> int:
    position = 0
    for index, text in enumerate(texts):
        position += len(text) + 1
        if offset < position:
            return index
    return len(texts) - 1


def clean_area(area: str) -> str:
    area = " ".join(area.split())
    # A title run together with the next line ("... in Wiltshire Between 29 January ...").
    letters = load_letters()
    area = letters.area_run_on.split(area)[0]
    area = area.strip(" .,:;")
    area = letters.area_prefix.sub("", area)
    area = letters.area_suffix.sub("", area)
    return area


def _to_date(day: str, month: str, year: str) -> date:
    return date(int(year), MONTHS[month.lower().rstrip(".")], int(re.sub(r"\D", "", day)))


def parse_range(text: str) -> tuple[date, date] | None:
    """The first date range in ``text``: "29 January 2018 and 2 February 2018", "17 to 21 June
    2024", "23 September to 27 September 2024", "10 and 12 February 2020"."""
    match = RANGE.search(text)
    if not match:
        return None
    try:
        end = _to_date(match["d2"], match["m2"], match["y2"])
        start = _to_date(match["d1"], match["m1"] or match["m2"], match["y1"] or match["y2"])
        if start > end and not match["y1"]:  # "30 December to 3 January 2020"
            start = start.replace(year=start.year - 1)
    except ValueError:
        return None
    return (start, end) if start <= end else None


def inspection_dates(texts: list[str], kind: str) -> tuple[date, date]:
    letters = load_letters()
    joined = " ".join(texts[:80])
    candidates = []
    labelled = letters.date_label.search(joined)
    if labelled:
        candidates.append(letters.previous_dates.split(labelled["rest"])[0])
    between = letters.date_sentence.search(joined)
    if between:
        candidates.append(between["rest"])
    for text in candidates:
        found = parse_range(text)
        if found:
            return found
    single = re.search(rf"{letters.single_date_label.source}\s*:?\s*({DATE.pattern})", joined,
                       re.I)
    if single:
        day = DATE.search(single.group(1))
        when = _to_date(day["d"], day["m"], day["y"])
        return when, when
    examples = " or ".join(f"'{example}'" for example in letters.data.dates.examples)
    raise MetadataError(f"no inspection dates found (such as {examples})")


def letter_date(texts: list[str], title_index: int | None, kind: str) -> date | None:
    """The date a letter is dated (its publication): a date standing alone before the title.

    Kinds that carry no such date (``dated: false``: 2023-framework reports) have None."""
    if not load_letters().kind(kind).dated:
        return None
    stop = title_index if title_index is not None else min(len(texts), 30)
    for text in texts[:stop]:
        if RANGE.search(text):
            continue
        match = DATE.search(text)
        if match and len(text) < 200:
            try:
                return _to_date(match["d"], match["m"], match["y"])
            except ValueError:
                continue
    return None


def _outcome_2023(texts: list[str], letters: Letters) -> str:
    # The outcome sentence comes first, under "Inspection outcome"; later text may quote others.
    for text in texts:
        for outcome, phrases in letters.outcomes_2023.items():
            if phrases.search(text):
                return outcome
    raise MetadataError("an area SEND report, but its inspection outcome sentence was not found")


def _outcome_2016(joined: str, letters: Letters) -> str:
    """The outcome of the first sentence that says whether a WSOA is required, else the
    outcome a letter has when it does not say."""
    return letters.wsoa_outcome.search(joined) or \
        letters.data.kinds.inspection_2016.unstated_outcome


def _number(word: str | None) -> int | None:
    if word is None:
        return None
    word = word.lower()
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def revisit_progress(texts: list[str]) -> tuple[int, int] | None:
    """(weaknesses with sufficient progress, weaknesses): from the verdict under each weakness,
    checked against the summary ("sufficient progress in addressing six of the eight")."""
    letters = load_letters()
    verdicts = [label == "sufficient-progress" for text in texts
                for label in letters.verdicts.finditer(text)]
    joined = " ".join(texts)
    summary = None
    match = letters.summary.search(joined)
    if match:
        total = _number(match["total"])
        if match["count"].lower() == "all":
            summary = (total or len(verdicts) or None, total or len(verdicts) or None)
        elif match["count"].lower() not in ("none", "any"):
            summary = (_number(match["count"]), total)
    elif letters.summary_none.search(joined):
        summary = (0, len(verdicts) or None)
    if verdicts:
        return sum(verdicts), len(verdicts)
    if summary and summary[0] is not None and summary[1]:
        return summary  # type: ignore[return-value]
    return None
