"""Run every rule's own examples, as ``sendcheck rules test`` and the pytest suite both do.

A rule is only as good as the passages it is shown to read correctly, so each example is a
one-paragraph document checked by the real pipeline; nothing here is a shortcut around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .context import STANCE_PRIORITY
from .evaluate import Evaluator
from .models import Block, Document, Location
from .nlp import compile_pack
from .rulepack import Criterion, Example, RulePack
from .score import finding_for

# Examples say "by 2027" or "since 2023": they are read as of a fixed date so they stay true.
EXAMPLES_AS_OF = date(2026, 11, 24)


@dataclass(frozen=True)
class ExampleResult:
    rule_id: str
    index: int
    example: Example
    problem: str  # empty when the example passed

    @property
    def passed(self) -> bool:
        return not self.problem


def example_document(text: str) -> Document:
    block = Block(kind="paragraph", text=text, location=Location(paragraph=1))
    return Document(path="<example>", format="txt", sha256="", blocks=[block])


def run_example(evaluator: Evaluator, criterion: Criterion, example: Example) -> str:
    """The problem with how the pipeline reads ``example`` for ``criterion``, or ``""``."""
    readings = [
        r for r in evaluator.read(example_document(example.text)).readings
        if r.rule_id == criterion.id
    ]
    if not example.match:
        return f"matched {criterion.id} but should not" if readings else ""
    if not readings:
        return f"did not match {criterion.id}"
    stance = max((r.evidence.stance for r in readings), key=STANCE_PRIORITY.__getitem__)
    if example.stance and stance != example.stance:
        return f"stance {stance}, expected {example.stance}"
    position = finding_for(criterion, readings).position
    if example.position and position != example.position:
        return f"position {position}, expected {example.position}"
    return ""


def run_examples(pack: RulePack) -> list[ExampleResult]:
    evaluator = Evaluator(compile_pack(pack), EXAMPLES_AS_OF)
    return [
        ExampleResult(c.id, i, example, run_example(evaluator, c, example))
        for c in pack.criteria
        for i, example in enumerate(c.examples, start=1)
    ]
