"""The one entry point the CLI, the tests and batch runs use: paths and options in, reports out.

The pipeline, in order: load (``load``) -> annotate and evaluate (``nlp``, ``evaluate``, with
figures against ``benchmarks``) -> score (``score``) -> alerts (``alerts``) -> report models. Nothing later reaches back into an earlier step.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

from . import __version__
from .alerts import no_weakness_alert, personal_data_alerts
from .errors import InputError
from .evaluate import Evaluator
from .load import expand_inputs, load_document
from .models import Document, DocumentInfo, Report, ToolInfo
from .nlp import compile_pack
from .precedents import cite
from .rulepack import RulePack, load_pack
from .score import findings_for, overall_score


@dataclass(frozen=True)
class Options:
    """What a check is asked to do; the CLI and configuration files both fill this in."""

    as_of: date = field(default_factory=date.today)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    rules: tuple[str, ...] = ()
    citations: int = 3  # precedent citations per finding; 0 for none

    def pack(self) -> RulePack:
        return load_pack(self.rules).select(list(self.select), list(self.ignore))


@dataclass(frozen=True)
class Outcome:
    """One input's result: a report, or the reason it could not be checked."""

    path: str
    report: Report | None = None
    error: InputError | None = None


def check_document(document: Document, options: Options, pack: RulePack | None = None) -> Report:
    pack = pack or options.pack()
    evaluation = Evaluator(compile_pack(pack), options.as_of).read(document)
    findings = findings_for(pack, evaluation.readings)
    findings = cite(findings, pack, options.citations)  # precedents, after scoring
    alerts = [
        *personal_data_alerts(document, pack.cues.personal_data),
        *evaluation.alerts,
        *no_weakness_alert(findings),
    ]
    return Report(
        tool=ToolInfo(version=__version__),
        document=DocumentInfo(path=document.path, sha256=document.sha256, words=document.words),
        as_of=options.as_of.isoformat(),
        score=overall_score(pack, findings),
        findings=findings,
        alerts=alerts,
    )


def check(
    paths: Sequence[str], options: Options, stdin: BinaryIO | None = None
) -> Iterator[Outcome]:
    """Check each input in turn; an unreadable one yields its error and the rest go on.

    Rule-pack and usage errors are raised, not yielded: they concern every input alike.
    """
    pack = options.pack()
    for given in paths:
        try:
            expanded = expand_inputs([given])
        except InputError as error:
            yield Outcome(path=given, error=error)
            continue
        for path in expanded:
            try:
                document = load_document(path, stdin=stdin)
            except InputError as error:
                yield Outcome(path=path, error=error)
                continue
            yield Outcome(path=path, report=check_document(document, options, pack))
