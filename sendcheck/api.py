"""The one entry point the CLI, the tests and batch runs use: paths and options in, reports out.

The pipeline, in order: load (``load``) -> annotate and evaluate (``nlp``, ``evaluate``, with
figures against ``benchmarks``) -> score (``score``) -> alerts (``alerts``) -> report models
-> what the team has accepted (``suppressions``, ``baseline``: marks on the finished findings).
Nothing later reaches back into an earlier step.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO

from . import __version__, baseline, suppressions
from .alerts import no_weakness_alert, personal_data_alerts
from .errors import InputError
from .evaluate import Evaluator
from .load import expand_inputs, load_document
from .load.files import STDIN
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
    suppressions: str | None = None  # a suppressions file (see suppressions.py)
    baseline: str | None = None  # a baseline file: findings unchanged since are marked so

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
    findings = cite(findings, pack, options.citations, as_of=options.as_of)  # precedents
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
    paths: Sequence[str], options: Options, stdin: BinaryIO | None = None, *, jobs: int = 0,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[Outcome]:
    """Check each input in turn; an unreadable one yields its error and the rest go on.

    Outcomes come in input order whatever ``jobs`` (files checked in parallel processes; 0 for
    one per core) is.
    ``progress(done, total)`` is called before the first input and after each one.
    Rule-pack and usage errors (a bad suppressions or baseline file too) are raised, not
    yielded: they concern every input alike.
    """
    pack = options.pack()
    accepted = _Accepted.load(options)
    planned: list[str | Outcome] = []
    for given in paths:
        try:
            planned.extend(expand_inputs([given]))
        except InputError as error:
            planned.append(Outcome(path=given, error=error))
    total = len(planned)
    if progress:
        progress(0, total)
    jobs = jobs or _cores()
    parallel = jobs > 1 and sum(isinstance(p, str) and p != STDIN for p in planned) > 1
    if parallel:
        compile_pack(pack)  # before the workers start: where they are forked, they share it
    pool = _pool(min(jobs, total)) if parallel else None
    try:
        futures = [pool.submit(_check_in_worker, item, options)
                   if pool and isinstance(item, str) and item != STDIN else None
                   for item in planned]
        for done, (item, future) in enumerate(zip(planned, futures), start=1):
            if isinstance(item, Outcome):
                outcome = item
            elif future is not None:
                report, reason = future.result()
                outcome = Outcome(item, report=report) if report else \
                    Outcome(item, error=InputError(item, reason or "could not be checked"))
            else:
                outcome = _check_path(item, options, pack, stdin)
            if outcome.report is not None:
                outcome = _finish(outcome, options, accepted)
            if progress:
                progress(done, total)
            yield outcome
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)


def _cores() -> int:
    """The cores this process may run on (a container or ``taskset`` may allow fewer)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _pool(workers: int):
    """Worker processes for a batch; imported only then (multiprocessing is slow to import).

    On Linux the workers are forked, so they start with the rule pack already compiled (about
    0.2 s each otherwise); elsewhere, where forking is unsafe or absent, they start afresh.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork") if sys.platform == "linux" else None
    return ProcessPoolExecutor(max_workers=workers, mp_context=context)


def _check_path(path: str, options: Options, pack: RulePack,
                stdin: BinaryIO | None = None) -> Outcome:
    try:
        document = load_document(path, stdin=stdin)
    except InputError as error:
        return Outcome(path=path, error=error)
    return Outcome(path=path, report=check_document(document, options, pack))


def _check_in_worker(path: str, options: Options) -> tuple[Report | None, str | None]:
    """One input in a worker process; the error as its reason (InputError does not pickle)."""
    outcome = _check_path(path, options, options.pack())
    return outcome.report, outcome.error.reason if outcome.error else None


@dataclass(frozen=True)
class _Accepted:
    """What a team has accepted, applied after the report is made: suppressions (from the
    file given, and comments in each draft) and a baseline. Loaded once, before any input."""

    rule_ids: tuple[str, ...]
    rules: tuple[suppressions.Rule, ...] = ()
    known: baseline.Baseline | None = None

    @classmethod
    def load(cls, options: Options) -> _Accepted:
        ids = tuple(load_pack(options.rules).ids())
        rules = suppressions.load_file(options.suppressions, options.as_of, ids) \
            if options.suppressions else []
        known = baseline.load(options.baseline) if options.baseline else None
        return cls(rule_ids=ids, rules=tuple(rules), known=known)


def _finish(outcome: Outcome, options: Options, accepted: _Accepted) -> Outcome:
    report = outcome.report
    try:
        inline = suppressions.inline_rules(report.document.path, options.as_of, accepted.rule_ids)
    except InputError as error:
        return Outcome(path=outcome.path, error=error)
    report = suppressions.apply(report, [*inline, *accepted.rules])
    if accepted.known is not None:
        report = baseline.apply(report, accepted.known)
    return Outcome(path=outcome.path, report=report)
