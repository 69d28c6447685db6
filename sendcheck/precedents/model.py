"""The precedent store format: one record per published letter, with its numbered passages.

A record is one JSON file, ``<id>.json``, validated by ``Precedent``. The letter text is Crown
copyright, published under the Open Government Licence v3.0, so every record keeps its
``source`` and ``licence``. Passages hold the letter's own words (de-wrapped, boilerplate left
out); sentence spans are character offsets into a passage's text, so a quote taken from a span is
verbatim by construction.
"""

from __future__ import annotations

import re
from datetime import date as Date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..models import Stance

FORMAT_VERSION = 1
LICENCE = "Open Government Licence v3.0"

Kind = Literal["inspection-2016", "revisit", "area-send-2023"]
Outcome = Literal["positive", "inconsistent", "systemic-failings", "wsoa", "no-wsoa",
                  "sufficient-progress", "insufficient-progress"]
OUTCOMES_BY_KIND: dict[str, tuple[str, ...]] = {
    "area-send-2023": ("positive", "inconsistent", "systemic-failings"),
    "inspection-2016": ("wsoa", "no-wsoa"),
    "revisit": ("sufficient-progress", "insufficient-progress"),
}

Section = Literal[
    "context",  # introduction, information about the area, the outcome statement: not a finding
    "main-findings",  # 2016 "Main findings", 2023 "What is it like ...": mixed, read per criterion
    "strength",
    "area-for-development",
    "area-for-improvement",
    "area-for-priority-action",
    "significant-weakness",  # the Written Statement of Action list
    "history",  # a revisit's quotation of the original weakness: the past, never cited as current
    "sufficient-progress",
    "insufficient-progress",
]
FindingType = Literal[
    "strength", "weakness", "area-for-development", "area-for-improvement",
    "area-for-priority-action", "significant-weakness", "sufficient-progress",
    "insufficient-progress", "history",
]
TagStance = Literal["positive", "negative", "mixed", "planned", "historical", "neutral"]

WEAKNESS_FINDINGS: frozenset[str] = frozenset({
    "significant-weakness", "area-for-priority-action", "insufficient-progress",
    "area-for-development", "area-for-improvement", "weakness",
})
STRENGTH_FINDINGS: frozenset[str] = frozenset({"strength", "sufficient-progress"})

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Sentence(Strict):
    """One sentence of a passage (``text[start:end]``) and the criteria it names, with the stance
    the engine reads for each. Sentences naming no criterion carry an empty ``criteria``."""

    start: int = Field(ge=0)
    end: int = Field(gt=0)
    criteria: dict[str, Stance] = Field(default_factory=dict)


class CriterionTag(Strict):
    """What a passage says of one criterion: the stance over its sentences (``mixed`` when it says
    both), and what the letter makes of it (``finding``; None when the passage only mentions it)."""

    stance: TagStance
    finding: FindingType | None = None


class Passage(Strict):
    n: int = Field(ge=1)
    text: str = Field(min_length=1)
    headings: list[str] = Field(default_factory=list)
    section: Section
    criteria: dict[str, CriterionTag] = Field(default_factory=dict)
    sentences: list[Sentence] = Field(default_factory=list)

    @model_validator(mode="after")
    def _spans_inside_text(self) -> Passage:
        for sentence in self.sentences:
            if sentence.end > len(self.text) or sentence.start >= sentence.end:
                raise ValueError(f"passage {self.n}: sentence span {sentence.start}:"
                                 f"{sentence.end} is outside its text")
        return self


class Progress(Strict):
    """A revisit's verdict: sufficient progress on ``sufficient`` of ``total`` weaknesses."""

    sufficient: int = Field(ge=0)
    total: int = Field(ge=1)


class Precedent(Strict):
    """One published letter or report, as the store keeps it."""

    format_version: Literal[1] = FORMAT_VERSION
    id: str
    area: str = Field(min_length=1)
    kind: Kind
    title: str = ""
    inspection_start: Date
    inspection_end: Date
    published: Date | None = None
    outcome: Outcome
    progress: Progress | None = None
    source: str = Field(min_length=1)
    licence: str = LICENCE
    sha256: str = ""
    passages: list[Passage] = Field(default_factory=list)

    @field_validator("id")
    @classmethod
    def _id_is_a_slug(cls, value: str) -> str:
        if not _ID.match(value):
            raise ValueError(f"id {value!r} must be lower-case words and numbers joined by hyphens")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Precedent:
        if self.outcome not in OUTCOMES_BY_KIND[self.kind]:
            raise ValueError(f"outcome {self.outcome!r} does not fit kind {self.kind!r}")
        if self.inspection_end < self.inspection_start:
            raise ValueError("inspection_end is before inspection_start")
        return self

    @property
    def date(self) -> str:
        """The date a citation shows: the end of the inspection."""
        return self.inspection_end.isoformat()

    def summary(self) -> dict:
        """The fields of ``precedents list --format json`` (SPEC.md), in that order."""
        return {
            "id": self.id,
            "area": self.area,
            "kind": self.kind,
            "inspection_start": self.inspection_start.isoformat(),
            "inspection_end": self.inspection_end.isoformat(),
            "published": self.published.isoformat() if self.published else None,
            "outcome": self.outcome,
            "source": self.source,
        }

    def passage(self, n: int) -> Passage:
        for passage in self.passages:
            if passage.n == n:
                return passage
        raise KeyError(n)
