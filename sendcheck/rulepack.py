"""The rule pack: criteria and cue lists as YAML data, validated by pydantic.

A pack is a folder in the style of a Vale style: ``criteria/*.yaml`` (one criterion a file) and
``cues/*.yaml`` (shared word lists that drive stance and evidence signals). Everything a
criterion knows about its domain lives in its file; the engine only knows the shapes below.
Validation is strict (``extra="forbid"``) so a misspelt key is an error with its file and line,
not a silently ignored setting.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import RuleFileError
from .models import Position, Stance

Signal = Literal["data", "date", "comparison", "trend", "impact", "voice"]
RULE_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Example(Strict):
    """A passage the rule must read as stated: run by ``sendcheck rules test`` and pytest.

    ``match: false`` marks a look-alike passage the rule must NOT claim. Otherwise ``stance`` is
    the stance the passage must get for this rule, and ``position`` (optional) the position the
    criterion must take when the passage is a document on its own.
    """

    text: str
    match: bool = True
    stance: Stance | None = None
    position: Position | None = None
    note: str = ""


class Advice(Strict):
    """Advice written for the SEF's authors, chosen by what the finding lacks."""

    missing: str
    gap: str
    partial: str = ""
    signals: dict[Signal, str] = Field(default_factory=dict)


# Words that name a criterion together, in any order: one phrase from each of two or more groups.
Together = Annotated[list[Annotated[list[str], Field(min_length=1)]], Field(min_length=2)]


class Criterion(Strict):
    """One recurring inspection criterion.

    It is named by its ``terms`` (phrases), its ``patterns`` (spaCy token patterns, in order)
    and its ``together`` lists: groups of phrases that name it when one phrase of each group
    stands close to the others in a sentence, in either order ("plans are of poor quality" and
    "the quality of plans" from the groups [quality, poor quality] and [plan]). The first group
    is looked for first and the others only near it: it should be the least common words.
    """

    id: str
    title: str
    core: bool = True
    weight: float = Field(default=1.0, gt=0, le=5)
    looks_for: str
    terms: list[str] = Field(min_length=1)
    patterns: list[list[dict]] = Field(default_factory=list)
    together: list[Together] = Field(default_factory=list)
    headings: list[str] = Field(default_factory=list)
    exclude: list[str] = Field(default_factory=list)
    signals: list[Signal] = Field(default_factory=list)
    advice: Advice
    precedents: list[str] = Field(default_factory=list)
    examples: list[Example] = Field(min_length=2)

    @field_validator("id")
    @classmethod
    def _id_is_kebab_case(cls, value: str) -> str:
        if not RULE_ID.match(value):
            raise ValueError(f"rule id {value!r} must be lower-case words joined by hyphens")
        return value


class PersonalDataCues(Strict):
    """What makes text identify a person: the words that tell a child from a service.

    ``child_nouns`` are what a very small count (at most ``small_count_max``) must count to
    risk identifying someone; ``service_words`` near a phone number or e-mail show it is a
    service's, not a person's; ``personal_email_domains`` are free mail providers.
    """

    child_nouns: list[str] = Field(default_factory=list)
    small_count_max: int = Field(default=5, ge=0)
    service_words: list[str] = Field(default_factory=list)
    personal_email_domains: list[str] = Field(default_factory=list)
    role_mailboxes: list[str] = Field(default_factory=list)


class Cues(Strict):
    """Shared cue lists: the words that tell how a passage speaks, not what it is about.

    Every list holds phrases matched on lower-cased lemmas. ``adverse`` are things whose absence
    is good ("no waits"): negated they are a strength, and a ``rising`` trend of them is a gap
    where a ``falling`` one is a strength (the other way round for anything else).
    ``requirement`` ("must", "need to") says something is not yet so: a gap.
    ``negative_weight`` makes one admission outweigh one word of praise in the same clause
    ("too few plans are issued on time"); ``activity`` ("provided", "attended") is praise
    of a weaker kind and weighs ``activity_weight``. ``masks`` are phrases that hide the
    cue words inside them ("as well as" is not praise). ``not_figures`` are phrases whose numbers
    name something rather than measure it ("key stage 4", "the 20-week timescale"). ``historical_after_years``: "in 2017"
    reads as the past when the year is at least that many years before the as-of date.
    ``continuation`` opens a sentence that only goes on with the one before ("This includes").
    ``baseline`` gives a past figure as the base of a present one ("compared with 54% in
    2019"): a trend, not history. ``low_figure`` words directly before a figure present it as too low ("only 49%"): an
    admission there, nothing elsewhere.
    ``ratings`` maps words of a Red/Amber/Green self-rating to the stance they express.
    """

    negation: list[str]
    removal: list[str] = Field(default_factory=list)
    negative: list[str]
    positive: list[str]
    adverse: list[str] = Field(default_factory=list)
    requirement: list[str] = Field(default_factory=list)
    rising: list[str] = Field(default_factory=list)
    falling: list[str] = Field(default_factory=list)
    activity: list[str] = Field(default_factory=list)
    low_figure: list[str] = Field(default_factory=list)
    negative_weight: float = Field(default=1.0, gt=0)
    activity_weight: float = Field(default=0.5, gt=0)
    planned: list[str]
    planned_year: list[str] = Field(default_factory=list)
    historical: list[str]
    present: list[str] = Field(default_factory=list)
    baseline: list[str] = Field(default_factory=list)
    hedging: list[str] = Field(default_factory=list)
    masks: list[str] = Field(default_factory=list)
    not_figures: list[str] = Field(default_factory=list)
    historical_after_years: int = Field(default=3, ge=1)
    contrast_leading: list[str] = Field(default_factory=list)
    contrast_joining: list[str] = Field(default_factory=list)
    continuation: list[str] = Field(default_factory=list)
    ratings: dict[str, Stance] = Field(default_factory=dict)
    signals: dict[Signal, list[str]] = Field(default_factory=dict)
    claims: list[str] = Field(default_factory=list)
    currency: list[str] = Field(default_factory=list)
    personal_data: PersonalDataCues = Field(default_factory=lambda: PersonalDataCues())


class Benchmark(Strict):
    """A national figure or standard that a draft's own figure for a measure is compared with."""

    id: str
    rule: str
    measure: str
    terms: list[str] = Field(min_length=1)
    groups: list[str] = Field(default_factory=list)
    only_with: list[str] = Field(default_factory=list)
    unit: Literal["percent", "weeks"]
    better: Literal["higher", "lower"]
    values: dict[int, float] = Field(default_factory=dict)
    standard: float | None = None
    source: str

    def national(self, year: int | None) -> tuple[float, int | None] | None:
        """The value to compare with for ``year``: that year's, else the latest before it (the
        earliest when the year is before the table); a standard holds for every year. None
        when no year is known: see ``sendcheck.benchmarks`` for that case."""
        if self.standard is not None:
            return self.standard, None
        if not self.values:
            return None
        years = sorted(self.values)
        if year is None:
            return None
        earlier = [y for y in years if y <= year]
        chosen = earlier[-1] if earlier else years[0]
        return self.values[chosen], chosen

    def is_better(self, value: float, national: float) -> bool:
        return value > national if self.better == "higher" else value < national


class Benchmarks(Strict):
    benchmarks: list[Benchmark] = Field(default_factory=list)
    stale_after_months: int = Field(default=12, ge=1)


class RulePack(Strict):
    criteria: tuple[Criterion, ...]
    cues: Cues
    benchmarks: Benchmarks = Field(default_factory=Benchmarks)
    sources: tuple[str, ...] = ()

    def ids(self) -> list[str]:
        return [c.id for c in self.criteria]

    def get(self, rule_id: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.id == rule_id:
                return criterion
        raise KeyError(rule_id)

    def select(self, select: list[str] | None, ignore: list[str] | None) -> RulePack:
        """The pack narrowed to ``select`` (if given) minus ``ignore``; unknown ids are errors."""
        known = set(self.ids())
        for rule_id in [*(select or []), *(ignore or [])]:
            if rule_id not in known:
                raise RuleFileError("--select/--ignore", None, f"unknown rule id {rule_id!r}")
        kept = [
            c
            for c in self.criteria
            if (not select or c.id in select) and c.id not in (ignore or [])
        ]
        return self.model_copy(update={"criteria": tuple(kept)})


def builtin_rules_dir() -> Path:
    """The shipped pack: inside the wheel as ``sendcheck/rules``, or ``rules/`` in a checkout."""
    packaged = Path(__file__).parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / "rules"


# libyaml's loader where PyYAML was built with it: the pure-Python one is 20x slower.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(path: Path) -> tuple[object, str]:
    try:
        text = path.read_text(encoding="utf-8")
        return yaml.load(text, Loader=YAML_LOADER), text
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        raise RuleFileError(str(path), line, f"not valid YAML: {exc.problem}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleFileError(str(path), None, f"cannot read: {exc}") from None


def _line_of(node: yaml.Node | None, loc: tuple) -> int | None:
    """The 1-based line of the YAML node at a pydantic error location, as far as it resolves."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _validate(model: type[Strict], path: Path) -> Strict:
    data, text = _read_yaml(path)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        node = yaml.compose(text, Loader=YAML_LOADER)  # line numbers, only when needed
        # A misspelt key is both "extra" and "missing": the extra one says what to fix.
        first = min(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        where = ".".join(str(part) for part in first["loc"]) or "file"
        raise RuleFileError(str(path), _line_of(node, first["loc"]), f"{where}: {first['msg']}") from None


def _merge_cue_files(folder: Path, merged: dict) -> None:
    """Add every ``cues/*.yaml`` in ``folder`` to ``merged``: lists extend and mappings update,
    so cue lists can be split by theme and an extra pack can add words to the built-in ones."""
    for path in sorted(folder.glob("*.yaml")):
        data, _ = _read_yaml(path)
        if not isinstance(data, dict):
            raise RuleFileError(str(path), 1, "a cue file must be a mapping of list names to lists")
        for key, value in data.items():
            if isinstance(value, dict) and isinstance(merged.get(key), dict):
                merged[key] = {**merged[key], **value}
            elif isinstance(value, list) and isinstance(merged.get(key), list):
                merged[key] = [*merged[key], *value]
            else:
                merged[key] = value


def load_criteria(folder: Path) -> list[Criterion]:
    files = sorted((folder / "criteria").glob("*.yaml")) if (folder / "criteria").is_dir() else []
    criteria = []
    for path in files:
        criterion = _validate(Criterion, path)
        if criterion.id != path.stem:
            raise RuleFileError(str(path), 1, f"id {criterion.id!r} must match the file name")
        criteria.append(criterion)
    return criteria


@cache
def load_pack(extra: tuple[str, ...] = ()) -> RulePack:
    """The built-in pack plus any extra packs (later packs override a rule of the same id)."""
    folders = [builtin_rules_dir(), *(Path(p) for p in extra)]
    by_id: dict[str, Criterion] = {}
    cue_data: dict = {}
    for folder in folders:
        if not folder.is_dir():
            raise RuleFileError(str(folder), None, "rule pack folder not found")
        for criterion in load_criteria(folder):
            by_id[criterion.id] = criterion
        if (folder / "cues").is_dir():
            _merge_cue_files(folder / "cues", cue_data)
    if not by_id:
        raise RuleFileError(str(folders[0]), None, "no criteria/*.yaml rule files found")
    benchmark_files = [f / "benchmarks.yaml" for f in folders if (f / "benchmarks.yaml").is_file()]
    benchmarks = _validate(Benchmarks, benchmark_files[-1]) if benchmark_files else Benchmarks()
    try:
        cues = Cues.model_validate(cue_data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise RuleFileError(str(folders[0] / "cues"), None, f"{where}: {first['msg']}") from None
    return RulePack(
        criteria=tuple(by_id.values()),
        cues=cues,
        benchmarks=benchmarks,
        sources=tuple(map(str, folders)),
    )
